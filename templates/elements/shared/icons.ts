/**
 * Glyphs for the iron-icons names the crowd elements accept in `icon` (the common ones). An
 * unknown name shows its first letter; a URL shows the image.
 */
const glyphs: Record<string, string> = {
  add: '+', 'add-circle': '⊕', remove: '−', close: '×', clear: '×', cancel: '⊗', check: '✓', done: '✓', 'check-circle': '✔',
  delete: '🗑', edit: '✎', create: '✎', search: '⌕', help: '?', 'help-outline': '?', info: 'i', 'info-outline': 'i', warning: '⚠', error: '!',
  'arrow-back': '←', 'arrow-forward': '→', 'arrow-upward': '↑', 'arrow-downward': '↓', 'chevron-left': '‹', 'chevron-right': '›', 'expand-more': '⌄', 'expand-less': '⌃',
  menu: '☰', refresh: '↻', undo: '↶', redo: '↷', favorite: '♥', star: '★', 'star-border': '☆', settings: '⚙', home: '⌂', flag: '⚑', 'thumb-up': '👍', 'thumb-down': '👎',
  'zoom-in': '＋', 'zoom-out': '－', visibility: '◉', 'visibility-off': '◌', send: '➤', print: '⎙', list: '≡', 'open-in-new': '↗', lightbulb: '💡',
};

export function iconGlyph(icon: string): string {
  return glyphs[icon] ?? glyphs[icon.replace(/^icons:/, '')] ?? (icon.trim()[0] ?? '•').toUpperCase();
}

/** An `icon` value that is a URL or a path, not an iron-icons name. */
export function isIconUrl(icon: string): boolean {
  return /^(https?:|data:|\/|\.\/|\.\.\/)/.test(icon) || /\.(png|svg|gif|jpe?g|webp)$/i.test(icon);
}
