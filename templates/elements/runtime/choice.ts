import { attrValue, h, labelsOf, readyToBuild, type Win } from './dom.ts';

/**
 * crowd-classifier, crowd-classifier-multi-select, crowd-image-classifier(-multi-select): the
 * header, the classification target (or the image), the categories as toggle buttons (arrow
 * keys move, Space/Enter choose), an optional worker comment. Answers: `{label}` or `{labels}`
 * (+ `workerComment` when one was written, for the image classifiers).
 */
export function classifier(win: Win, options: { multi: boolean; image: boolean }) {
  return class Classifier extends win.HTMLElement {
    readonly gtkitSubmittable = true as const;
    chosen = new Set<string>();
    comment?: HTMLTextAreaElement;

    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const doc = this.ownerDocument;
      const categories = labelsOf(this, 'categories');
      const exclusion = attrValue<{ text?: string } | null>(this, 'exclusion-category', null)?.text;
      const regions = ['short-instructions', 'full-instructions', 'worker-comment'].map((t) => this.querySelector(t));
      const target = this.querySelector('classification-target');
      const panel = h(doc, 'div', { class: 'gtkit-panel' });
      panel.append(h(doc, 'p', { class: 'gtkit-header', id: `${this.getAttribute('name')}-header` }, this.getAttribute('header') ?? ''));
      if (options.image) panel.append(h(doc, 'img', { src: this.getAttribute('src') ?? '', alt: this.getAttribute('header') ?? 'image to classify', style: 'max-width:100%;max-height:60vh' }));
      if (target) panel.append(target);
      const group = h(doc, 'div', { class: 'gtkit-choices', role: options.multi ? 'group' : 'radiogroup', 'aria-labelledby': `${this.getAttribute('name')}-header` });
      const all = exclusion ? [...categories, exclusion] : categories;
      const buttons = all.map((label, i) => {
        const b = h(doc, 'button', { type: 'button', class: 'gtkit-choice', role: options.multi ? 'checkbox' : 'radio', 'aria-checked': 'false', tabindex: i === 0 ? '0' : '-1', 'data-label': label }, label) as HTMLButtonElement;
        b.addEventListener('click', () => this.toggle(label, label === exclusion));
        b.addEventListener('keydown', (e) => {
          const k = (e as KeyboardEvent).key;
          if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'ArrowLeft' || k === 'ArrowUp') {
            e.preventDefault();
            const next = buttons[(i + (k === 'ArrowRight' || k === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
            next?.focus();
          }
        });
        group.append(b);
        return b;
      });
      panel.append(group);
      const commentRegion = regions[2];
      if (commentRegion && options.image) {
        const ta = h(doc, 'textarea', { placeholder: commentRegion.getAttribute('placeholder') ?? 'Comment (optional)', 'aria-label': commentRegion.getAttribute('header') ?? 'Comment', rows: '2', style: 'width:100%' }) as HTMLTextAreaElement;
        panel.append(h(doc, 'label', {}, commentRegion.getAttribute('link-text') ?? 'Comment'), ta);
        this.comment = ta;
        commentRegion.remove();
      }
      for (const r of regions.slice(0, 2)) if (r) panel.append(r);
      this.append(panel);
      this.render = () => {
        for (const b of buttons) b.setAttribute('aria-checked', String(this.chosen.has(b.dataset.label ?? '')));
      };
    }

    render: () => void = () => undefined;

    toggle(label: string, exclusive = false): void {
      if (!options.multi) this.chosen = new Set([label]);
      else if (exclusive) this.chosen = this.chosen.has(label) ? new Set() : new Set([label]);
      else {
        for (const b of Array.from(this.querySelectorAll<HTMLElement>('[data-label]'))) if (b.dataset.label && !labelsOf(this, 'categories').includes(b.dataset.label)) this.chosen.delete(b.dataset.label);
        if (this.chosen.has(label)) this.chosen.delete(label);
        else this.chosen.add(label);
      }
      this.render();
    }

    get value(): Record<string, unknown> | undefined {
      const comment = this.comment?.value.trim();
      const extra = comment ? { workerComment: comment } : {};
      if (!options.multi) {
        const [label] = [...this.chosen];
        return label === undefined ? undefined : { label, ...extra };
      }
      return { labels: [...this.chosen], ...extra };
    }

    validationMessage(): string | null {
      if (!options.multi && this.chosen.size === 0) return 'Choose a category.';
      return null;
    }
  };
}
