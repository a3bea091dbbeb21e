import { h, uniqueId } from './dom.ts';

/**
 * A modal dialog (`<dialog>`, so Escape closes it and focus stays inside) with a title and a
 * Close button, plus the button or link that opens it. Content is moved in, not copied, so
 * authored elements keep their state.
 */
export function makeDialog(doc: Document, title: string, content: Node[], opener: { text: string; look: 'link' | 'button' }): { opener: HTMLButtonElement; dialog: HTMLDialogElement; open(): void; close(): void } {
  const titleId = uniqueId(doc, 'dialog-title');
  const close = h(doc, 'button', { type: 'button', class: 'gtkit-icon-only', 'aria-label': 'Close' }, '×');
  const body = h(doc, 'div', { class: 'gtkit-dialog-body' });
  for (const node of content) body.append(node);
  const dialog = h(doc, 'dialog', { class: 'gtkit-dialog gtkit-ui', 'aria-labelledby': titleId }, h(doc, 'div', { class: 'gtkit-dialog-head' }, h(doc, 'h2', { id: titleId }, title), close), body);
  const button = h(doc, 'button', { type: 'button', class: `gtkit-button ${opener.look === 'link' ? 'gtkit-link' : ''}`, 'aria-haspopup': 'dialog' }, opener.text);
  const open = () => {
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    close.focus();
  };
  const shut = () => {
    if (typeof dialog.close === 'function') dialog.close();
    else dialog.removeAttribute('open');
    button.focus();
  };
  button.addEventListener('click', open);
  close.addEventListener('click', shut);
  // A click on the backdrop (the dialog itself, outside its content) closes it too.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) shut();
  });
  return { opener: button, dialog, open, close: shut };
}
