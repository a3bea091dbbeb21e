import { announce } from './form.ts';
import { attrValue, h, palette, readyToBuild, type Win } from './dom.ts';

interface Entity {
  label: string;
  startOffset: number;
  endOffset: number;
}

/** UTF-16 offset of a point inside `container`, counting the text before it. */
function utf16Offset(container: Node, node: Node, offset: number): number {
  let total = 0;
  const walker = container.ownerDocument?.createTreeWalker(container, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker?.nextNode(); n; n = walker?.nextNode()) {
    if (n === node) return total + offset;
    total += (n.textContent ?? '').length;
  }
  // The point is an element boundary: count the text of its children before `offset`.
  if (node.nodeType === 1) {
    let before = 0;
    for (let i = 0; i < offset && i < node.childNodes.length; i++) before += node.childNodes[i]?.textContent?.length ?? 0;
    return utf16Offset(container, node.childNodes[0] ?? node, 0) + before;
  }
  return total;
}

/**
 * crowd-entity-annotation: select a span of the text (mouse, or Shift+arrows then Enter), pick a
 * label; spans show highlighted with the label's short name; each can be removed. Offsets are
 * Unicode code points with an exclusive end. It has its own Submit button (it must not sit in
 * crowd-form) and answers `{ entities: [{label,startOffset,endOffset}] }`.
 */
export function crowdEntityAnnotation(win: Win) {
  return class CrowdEntityAnnotation extends win.HTMLElement {
    readonly gtkitSubmittable = true as const;
    entities: Entity[] = [];
    labels: Array<{ label: string; shortDisplayName?: string }> = [];
    current = 0;
    text = '';
    textBox!: HTMLElement;
    list!: HTMLElement;

    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const doc = this.ownerDocument;
      this.text = this.getAttribute('text') ?? '';
      this.labels = attrValue<unknown[]>(this, 'labels', []).map((l) => (typeof l === 'string' ? { label: l } : (l as { label: string; shortDisplayName?: string })));
      const initial = attrValue<unknown>(this, 'initial-value', []);
      if (Array.isArray(initial)) this.entities = initial.map((e) => ({ label: String(e.label), startOffset: Number(e.startOffset), endOffset: Number(e.endOffset) }));
      const regions = ['short-instructions', 'full-instructions'].map((t) => this.querySelector(t)).filter((x): x is Element => x !== null);
      const panel = h(doc, 'div', { class: 'gtkit-panel' });
      panel.append(h(doc, 'p', { class: 'gtkit-header' }, this.getAttribute('header') ?? ''));
      const picker = h(doc, 'div', { class: 'gtkit-choices', role: 'radiogroup', 'aria-label': 'Label' });
      this.labels.forEach((l, i) => {
        const b = h(doc, 'button', { type: 'button', class: 'gtkit-choice', role: 'radio', 'aria-checked': String(i === 0), 'data-label': l.label, style: `border-left:6px solid ${palette[i % palette.length]}` }, l.label);
        b.addEventListener('click', () => {
          this.current = i;
          picker.querySelectorAll('[data-label]').forEach((x, j) => x.setAttribute('aria-checked', String(i === j)));
          this.tagSelection();
        });
        picker.append(b);
      });
      this.textBox = h(doc, 'div', { class: 'gtkit-entity-text', tabindex: '0', role: 'textbox', 'aria-readonly': 'true', 'aria-label': 'Text to annotate: select a span, then pick a label or press Enter' });
      this.textBox.addEventListener('mouseup', () => this.tagSelection());
      this.textBox.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key === 'Enter') {
          e.preventDefault();
          this.tagSelection();
        }
      });
      this.list = h(doc, 'ul', { 'aria-live': 'polite', style: 'font:13px system-ui,sans-serif' });
      const submit = h(doc, 'button', { type: 'button', class: 'gtkit-submit' }, 'Submit');
      submit.addEventListener('click', () => this.submitAnswer());
      panel.append(picker, this.textBox, this.list, submit);
      for (const r of regions) panel.append(r);
      this.append(panel);
      this.render();
    }

    /** Tags the current text selection with the chosen label (code-point offsets). */
    tagSelection(): void {
      const selection = this.ownerDocument.getSelection?.();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
      const range = selection.getRangeAt(0);
      if (!this.textBox.contains(range.startContainer) || !this.textBox.contains(range.endContainer)) return;
      let start = utf16Offset(this.textBox, range.startContainer, range.startOffset);
      let end = utf16Offset(this.textBox, range.endContainer, range.endOffset);
      // Spaces at the edges of a selection are never part of a name.
      while (start < end && /\s/.test(this.text[start] ?? '')) start++;
      while (end > start && /\s/.test(this.text[end - 1] ?? '')) end--;
      selection.removeAllRanges();
      if (end <= start) return;
      this.addEntity(this.labels[this.current]?.label ?? '', [...this.text.slice(0, start)].length, [...this.text.slice(0, end)].length);
    }

    /** Adds a span by code-point offsets (also for scripts and tests). */
    addEntity(label: string, startOffset: number, endOffset: number): void {
      this.entities = this.entities.filter((e) => e.endOffset <= startOffset || e.startOffset >= endOffset);
      this.entities.push({ label, startOffset, endOffset });
      this.entities.sort((a, b) => a.startOffset - b.startOffset);
      this.render();
    }

    render(): void {
      const doc = this.ownerDocument;
      const cps = [...this.text];
      const parts: Node[] = [];
      let at = 0;
      for (const e of this.entities) {
        if (e.startOffset > at) parts.push(doc.createTextNode(cps.slice(at, e.startOffset).join('')));
        const i = Math.max(0, this.labels.findIndex((l) => l.label === e.label));
        const mark = h(doc, 'mark', { class: 'gtkit-entity', style: `background:${palette[i % palette.length]}33;border-bottom:2px solid ${palette[i % palette.length]}` }, cps.slice(e.startOffset, e.endOffset).join(''));
        mark.append(h(doc, 'sup', { 'aria-hidden': 'true' }, this.labels[i]?.shortDisplayName ?? e.label));
        parts.push(mark);
        at = e.endOffset;
      }
      if (at < cps.length) parts.push(doc.createTextNode(cps.slice(at).join('')));
      this.textBox.replaceChildren(...parts);
      this.list.replaceChildren(
        ...this.entities.map((e, i) => {
          const remove = h(doc, 'button', { type: 'button', 'aria-label': `Remove ${e.label} ${cps.slice(e.startOffset, e.endOffset).join('')}` }, '×');
          remove.addEventListener('click', () => {
            this.entities.splice(i, 1);
            this.render();
          });
          return h(doc, 'li', {}, `${e.label}: “${cps.slice(e.startOffset, e.endOffset).join('')}” (${e.startOffset}–${e.endOffset}) `, remove);
        }),
      );
    }

    get value() {
      return { entities: this.entities.map((e) => ({ ...e })) };
    }

    validationMessage(): string | null {
      return null;
    }

    submitAnswer(): Record<string, unknown> {
      const answer = { [this.getAttribute('name') ?? 'crowd-entity-annotation']: this.value };
      announce(this, answer);
      return answer;
    }
  };
}
