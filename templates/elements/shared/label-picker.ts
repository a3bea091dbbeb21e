import { h } from './dom.ts';

export interface PickerOptions {
  /** What the chip says (entity labels have a display name); the label itself by default. */
  display?: (label: string, index: number) => string;
  /** Called when a person picks a label (click, arrows, or a number key on the host). */
  onPick: (index: number) => void;
  ariaLabel?: string;
}

/**
 * The label picker of the annotation tools: one chip per label with its colour and its number
 * key, a radio group for screen readers (arrow keys move and pick, one tab stop). Chips carry
 * `data-label` so tests and scripts can find them.
 */
export class LabelPicker {
  readonly root: HTMLElement;
  private readonly chips: HTMLButtonElement[];
  index = 0;

  constructor(
    doc: Document,
    readonly labels: string[],
    colours: string[],
    private readonly options: PickerOptions,
  ) {
    this.root = h(doc, 'div', { class: 'gtkit-toolbar', role: 'radiogroup', 'aria-label': options.ariaLabel ?? 'Label' });
    this.chips = labels.map((label, i) => {
      const key = i < 9 ? String(i + 1) : i === 9 ? '0' : '';
      const chip = h(
        doc,
        'button',
        { type: 'button', class: 'gtkit-chip gtkit-choice', role: 'radio', 'aria-checked': String(i === 0), tabindex: i === 0 ? '0' : '-1', 'data-label': label, title: key ? `${label} (key ${key})` : label },
        h(doc, 'span', { class: 'gtkit-swatch', style: `background:${colours[i] ?? '#888'}`, 'aria-hidden': 'true' }),
        options.display?.(label, i) ?? label,
        key ? h(doc, 'span', { class: 'gtkit-key', 'aria-hidden': 'true' }, key) : null,
      );
      chip.addEventListener('click', () => this.pick(i));
      chip.addEventListener('keydown', (e) => {
        const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
        if (step === 0) return;
        e.preventDefault();
        const next = (i + step + labels.length) % labels.length;
        this.pick(next);
        this.chips[next]?.focus();
      });
      this.root.append(chip);
      return chip;
    });
  }

  get label(): string {
    return this.labels[this.index] ?? '';
  }

  /** Picks a label as a person would (the host hears about it). */
  pick(index: number): void {
    if (index < 0 || index >= this.labels.length) return;
    this.show(index);
    this.options.onPick(index);
  }

  /** Shows a label as chosen without telling the host (e.g. when a shape is selected). */
  show(index: number): void {
    this.index = index;
    this.chips.forEach((c, j) => {
      c.setAttribute('aria-checked', String(j === index));
      c.tabIndex = j === index ? 0 : -1;
    });
  }

  /** The label index a number key stands for (1–9, then 0 for the tenth), or -1. */
  static keyIndex(key: string): number {
    if (!/^[0-9]$/.test(key)) return -1;
    return key === '0' ? 9 : Number(key) - 1;
  }
}
