import { entityOverlap, trimEntityWhitespace } from './answer-shapes.ts';
import { deliverAnswer, taskAnswersField } from './shared/answer-panel.ts';
import { colourAt } from './shared/colours.ts';
import { announce, h, newSubmitEvent, uniqueId, type Win } from './shared/dom.ts';
import { instructionNodes } from './shared/instructions.ts';
import { LabelPicker } from './shared/label-picker.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { isRecord, readArray } from './shared/read-attributes.ts';
import { submittableBase } from './shared/submittable-base.ts';
import { codePointIndex, trimSpan, wordEdge } from './shared/text-offsets.ts';

export interface Entity {
  label: string;
  startOffset: number;
  endOffset: number;
}

interface EntityLabel {
  label: string;
  shortDisplayName?: string;
  fullDisplayName?: string;
}

/** Marks that decorate the text (label tags, the caret) and are not part of it. */
const decoration = 'data-gtkit-decoration';

/**
 * crowd-entity-annotation. Pick a label, then select a span of the text with the mouse (it is
 * tagged on release), or select first and click a label. Keyboard: in the text, arrows move a
 * caret, Shift+arrows select (Ctrl/Alt: by word), Enter or 1–9/0 tag the selection; Delete
 * removes the span at the caret. Click a tagged span to select it; a label click then changes
 * it. Offsets are Unicode code points, end exclusive. The element has its own Submit (it must
 * not sit in crowd-form) and answers `{ "<name>": { entities: [{label,startOffset,endOffset}] } }`.
 */
export const crowdEntityAnnotation: StandIn = {
  tag: 'crowd-entity-annotation',
  create: (win: Win) =>
    class CrowdEntityAnnotation extends submittableBase(win) {
      entities: Entity[] = [];
      labels: EntityLabel[] = [];
      points: string[] = [];
      text = '';
      picker?: LabelPicker;
      textBox!: HTMLElement;
      list!: HTMLElement;
      listTitle!: HTMLElement;
      live!: HTMLElement;
      form?: HTMLFormElement;
      /** The span a click on a tag selected (changed by the next label click). */
      selectedEntity = -1;
      /** Keyboard selection in code points: anchor and caret; shown once a key moved the caret. */
      anchor = 0;
      caret = 0;
      keyboardMode = false;
      readonly ownEvents = new WeakSet<Event>();

      override build(): void {
        const doc = this.ownerDocument;
        this.text = this.getAttribute('text') ?? '';
        this.points = [...this.text];
        this.labels = this.readEntityLabels();
        this.entities = this.readInitialValue();
        const headerId = uniqueId(doc, 'header');
        const colours = this.labels.map((_, i) => colourAt(i));
        this.picker = new LabelPicker(
          doc,
          this.labels.map((l) => l.label),
          colours,
          { display: (label, i) => this.labels[i]?.fullDisplayName ?? label, onPick: (i) => this.labelPicked(i), ariaLabel: 'Entity label' },
        );
        this.textBox = h(doc, 'div', { class: 'gtkit-entity-text', tabindex: '0', role: 'textbox', 'aria-readonly': 'true', 'aria-multiline': 'true', 'aria-labelledby': headerId, 'aria-roledescription': 'text to annotate' });
        this.textBox.addEventListener('mouseup', () => this.tagSelection(this.picker?.index ?? 0, false));
        this.textBox.addEventListener('mousedown', () => {
          // The mouse takes over from the keyboard caret.
          this.keyboardMode = false;
          this.anchor = this.caret;
        });
        this.textBox.addEventListener('keydown', (e) => this.onKey(e));
        this.textBox.addEventListener('click', (e) => {
          const mark = (e.target as Element).closest?.('[data-entity]');
          if (mark && doc.getSelection()?.isCollapsed !== false) this.selectEntity(Number(mark.getAttribute('data-entity')));
        });
        this.listTitle = h(doc, 'h3', {});
        this.list = h(doc, 'ul', { class: 'gtkit-shapes' });
        this.live = h(doc, 'div', { class: 'gtkit-sr-only', 'aria-live': 'polite' });
        const help = h(doc, 'p', { class: 'gtkit-help' }, 'Select text with the mouse to tag it with the chosen label. Keyboard: ', h(doc, 'kbd', {}, 'Shift+Arrows'), ' select, ', h(doc, 'kbd', {}, 'Enter'), ' or ', h(doc, 'kbd', {}, '1–9'), ' tag, ', h(doc, 'kbd', {}, 'Delete'), ' removes the span at the caret.');
        const main = h(doc, 'div', { class: 'gtkit-main' }, h(doc, 'p', { class: 'gtkit-header', id: headerId }, this.getAttribute('header') ?? ''), this.picker.root, this.textBox, help);
        if (this.closest('crowd-form')) this.reportProblem('must not be inside crowd-form: it has its own Submit. Move it out of the form (crowd-form will still collect it here).');
        else main.append(this.submitForm());
        const side = h(doc, 'aside', { class: 'gtkit-side' }, ...instructionNodes(this), this.listTitle, this.list);
        this.append(h(doc, 'div', { class: 'gtkit-tool gtkit-ui' }, main, side), this.live);
        this.render();
      }

      readEntityLabels(): EntityLabel[] {
        const labels: EntityLabel[] = [];
        readArray(this, 'labels').forEach((item, i) => {
          const entry = typeof item === 'string' ? { label: item } : isRecord(item) && typeof item.label === 'string' ? { label: item.label, shortDisplayName: optionalString(item.shortDisplayName), fullDisplayName: optionalString(item.fullDisplayName) } : undefined;
          if (!entry) this.reportProblem(`labels[${i}]: expected a string or {label, shortDisplayName?, fullDisplayName?}.`);
          else if (labels.some((l) => l.label === entry.label)) this.reportProblem(`labels: "${entry.label}" is listed twice; the second is ignored.`);
          else labels.push(entry);
        });
        if (labels.length === 0) this.reportProblem('labels: no labels given; add labels=\'[{"label": "person"}]\'.');
        return labels;
      }

      readInitialValue(): Entity[] {
        const out: Entity[] = [];
        readArray(this, 'initial-value').forEach((item, i) => {
          const e = isRecord(item) ? { label: String(item.label ?? ''), startOffset: Number(item.startOffset), endOffset: Number(item.endOffset) } : undefined;
          if (!e || !Number.isInteger(e.startOffset) || !Number.isInteger(e.endOffset) || e.startOffset < 0 || e.endOffset <= e.startOffset || e.endOffset > this.points.length) {
            this.reportProblem(`initial-value[${i}]: expected {label, startOffset, endOffset} with 0 ≤ start < end ≤ ${this.points.length} (code points).`);
            return;
          }
          out.push(e);
        });
        return out.sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
      }

      /** The element's own form: Submit runs `submit` listeners, then hands the answer over. */
      submitForm(): HTMLElement {
        const doc = this.ownerDocument;
        const form = h(doc, 'form', { novalidate: true, class: 'gtkit-submit-row' }, h(doc, 'button', { type: 'submit', class: 'gtkit-button gtkit-submit' }, 'Submit'), h(doc, 'input', { type: 'hidden', name: taskAnswersField }));
        form.addEventListener('submit', (event) => {
          if (this.ownEvents.has(event)) return;
          event.preventDefault();
          event.stopImmediatePropagation();
          this.requestSubmit();
        });
        form.submit = () => void this.submit();
        this.form = form;
        return form;
      }

      /** Runs `submit` listeners (they may cancel), then delivers `{ [name]: value }`. */
      requestSubmit(): Record<string, unknown> | null {
        const event = newSubmitEvent(win);
        this.ownEvents.add(event);
        (this.form ?? this).dispatchEvent(event);
        return event.defaultPrevented ? null : this.submit();
      }

      submit(): Record<string, unknown> {
        // Without a name there is no key to submit under (the reference requires one; lint says so).
        // A made-up key would match the named-entity task type's own field and hide the mistake.
        const name = this.getAttribute('name');
        const answer: Record<string, unknown> = name ? { [name]: this.value } : {};
        const field = this.form?.querySelector<HTMLInputElement>(`input[name="${taskAnswersField}"]`);
        if (field) field.value = JSON.stringify([answer]);
        deliverAnswer(this, answer);
        return answer;
      }

      override get value(): { entities: Entity[] } {
        return { entities: this.entities.map((e) => ({ label: e.label, startOffset: e.startOffset, endOffset: e.endOffset })) };
      }

      override control(): HTMLElement | undefined {
        return this.textBox;
      }

      override resetAnswer(): void {
        this.entities = this.readInitialValue();
        this.selectedEntity = -1;
        this.render();
      }

      /**
       * Tags a span (code points, end exclusive) with a label (also for scripts and tests).
       * Whitespace at the edges is trimmed; overlapping spans are replaced (answer-shapes.ts).
       */
      addEntity(label: string, startOffset: number, endOffset: number): boolean {
        const [start, end] = trimEntityWhitespace ? trimSpan(this.points, startOffset, endOffset) : [startOffset, endOffset];
        if (end <= start || start < 0 || end > this.points.length) return false;
        if (entityOverlap === 'replace') this.entities = this.entities.filter((e) => e.endOffset <= start || e.startOffset >= end);
        const entity = { label, startOffset: start, endOffset: end };
        this.entities.push(entity);
        this.entities.sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
        // Not selected: the next label click is for the next span, not a change to this one.
        this.selectedEntity = -1;
        this.render();
        this.say(`Tagged “${this.slice(start, end)}” as ${label}.`);
        return true;
      }

      removeEntity(index: number): void {
        const e = this.entities[index];
        if (!e) return;
        this.entities.splice(index, 1);
        this.selectedEntity = -1;
        this.render();
        this.say(`Removed ${e.label} “${this.slice(e.startOffset, e.endOffset)}”.`);
      }

      selectEntity(index: number): void {
        const e = this.entities[index];
        this.selectedEntity = e ? index : -1;
        if (e) this.picker?.show(Math.max(0, this.labels.findIndex((l) => l.label === e.label)));
        this.render();
        if (e) this.say(`Selected ${e.label} “${this.slice(e.startOffset, e.endOffset)}”. Pick a label to change it, or press Delete.`);
      }

      labelPicked(index: number): void {
        // A selection is tagged; otherwise a selected span changes label.
        if (this.tagSelection(index, true)) return;
        const e = this.entities[this.selectedEntity];
        const label = this.labels[index]?.label;
        if (e && label) {
          e.label = label;
          this.render();
          this.say(`Now ${label}: “${this.slice(e.startOffset, e.endOffset)}”.`);
        } else this.say(`Label ${label ?? ''} chosen. Select text to tag it.`);
      }

      /** Tags the page's selection (or, when allowed, the keyboard's) with a label. */
      tagSelection(labelIndex: number, allowKeyboard: boolean): boolean {
        const label = this.labels[labelIndex]?.label;
        const keyboard: [number, number] | null = allowKeyboard && this.keyboardMode && this.anchor !== this.caret ? [Math.min(this.anchor, this.caret), Math.max(this.anchor, this.caret)] : null;
        const span = this.domSelection() ?? keyboard;
        if (!label || !span) return false;
        this.ownerDocument.getSelection?.()?.removeAllRanges();
        this.anchor = this.caret;
        return this.addEntity(label, span[0], span[1]);
      }

      /** The page's text selection inside the text, in code points, or null. */
      domSelection(): [number, number] | null {
        const selection = this.ownerDocument.getSelection?.();
        if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
        const range = selection.getRangeAt(0);
        if (!this.textBox.contains(range.startContainer) || !this.textBox.contains(range.endContainer)) return null;
        const start = this.offsetOf(range.startContainer, range.startOffset, false);
        const end = this.offsetOf(range.endContainer, range.endOffset, true);
        return end > start ? [start, end] : null;
      }

      /** A DOM position inside the text box as a code-point offset into the text. */
      offsetOf(node: Node, offset: number, up: boolean): number {
        let units = 0;
        // An element boundary: the position is before its `offset`-th child (or after its last).
        const inText = node.nodeType === 3;
        const target = inText ? node : (node.childNodes[offset] ?? this.nodeAfter(node));
        const walker = this.ownerDocument.createTreeWalker(this.textBox, 4 | 1);
        let done = false;
        for (let n: Node | null = walker.nextNode(); n && !done; n = walker.nextNode()) {
          if (n.nodeType === 1) {
            if (n === target) done = true;
            else if ((n as Element).hasAttribute(decoration)) {
              // Skip the decoration's own text.
              let last: Node | null = n;
              while (last.lastChild) last = last.lastChild;
              walker.currentNode = last;
            }
            continue;
          }
          if (n === target) {
            if (inText) units += offset;
            done = true;
          } else units += (n.textContent ?? '').length;
        }
        return codePointIndex(this.text, units, up);
      }

      /** The node that follows `node` and all its content, inside the text box (null at the end). */
      nodeAfter(node: Node): Node | null {
        for (let n: Node | null = node; n && n !== this.textBox; n = n.parentNode) if (n.nextSibling) return n.nextSibling;
        return null;
      }

      onKey(e: KeyboardEvent): void {
        const n = this.points.length;
        const byWord = e.ctrlKey || e.altKey || e.metaKey;
        let next: number | undefined;
        if (e.key === 'ArrowRight') next = byWord ? wordEdge(this.points, this.caret, 1) : Math.min(n, this.caret + 1);
        else if (e.key === 'ArrowLeft') next = byWord ? wordEdge(this.points, this.caret, -1) : Math.max(0, this.caret - 1);
        else if (e.key === 'Home') next = 0;
        else if (e.key === 'End') next = n;
        if (next !== undefined) {
          e.preventDefault();
          if (!this.keyboardMode) {
            this.keyboardMode = true;
            if (next === this.caret + 1 || next === this.caret) this.anchor = this.caret;
          }
          this.caret = next;
          if (!e.shiftKey) this.anchor = next;
          this.render();
          this.say(this.anchor === this.caret ? `At ${this.caret}: “${this.points[this.caret] ?? 'end'}”` : `Selected “${this.slice(Math.min(this.anchor, this.caret), Math.max(this.anchor, this.caret))}”`);
          return;
        }
        const labelIndex = LabelPicker.keyIndex(e.key);
        if (labelIndex >= 0 && labelIndex < this.labels.length) {
          e.preventDefault();
          this.picker?.show(labelIndex);
          this.labelPicked(labelIndex);
          return;
        }
        if (e.key === 'Enter') {
          e.preventDefault();
          this.tagSelection(this.picker?.index ?? 0, true);
        } else if (e.key === 'Delete' || e.key === 'Backspace') {
          e.preventDefault();
          const at = this.selectedEntity >= 0 ? this.selectedEntity : this.entities.findIndex((x) => x.startOffset <= this.caret && this.caret < x.endOffset);
          this.removeEntity(at);
        } else if (e.key === 'Escape') {
          this.anchor = this.caret;
          this.selectedEntity = -1;
          this.render();
        }
      }

      slice(start: number, end: number): string {
        return this.points.slice(start, end).join('');
      }

      say(text: string): void {
        announce(this.live, text);
      }

      labelInfo(label: string): { index: number; colour: string; tag: string } {
        const index = this.labels.findIndex((l) => l.label === label);
        const info = this.labels[index];
        return { index, colour: index >= 0 ? colourAt(index) : '#6e7781', tag: info?.shortDisplayName ?? info?.label ?? label };
      }

      /**
       * Draws the text: runs between every boundary (entity edges, the keyboard selection and
       * caret); runs inside a span are marks with the label's colour, and a tag follows each
       * span's last run. With nothing tagged or selected the text is one plain text node.
       */
      render(): void {
        const doc = this.ownerDocument;
        const n = this.points.length;
        const selStart = Math.min(this.anchor, this.caret);
        const selEnd = Math.max(this.anchor, this.caret);
        const cuts = new Set([0, n]);
        for (const e of this.entities) cuts.add(e.startOffset).add(e.endOffset);
        if (this.keyboardMode) cuts.add(selStart).add(selEnd);
        const edges = [...cuts].filter((c) => c >= 0 && c <= n).sort((a, b) => a - b);
        const nodes: Node[] = [];
        const caretMark = () => h(doc, 'span', { class: 'gtkit-caret', [decoration]: '', 'aria-hidden': 'true' });
        for (let k = 0; k < edges.length - 1; k++) {
          const a = edges[k] as number;
          const b = edges[k + 1] as number;
          if (this.keyboardMode && a === this.caret && selStart === selEnd) nodes.push(caretMark());
          let run: Node = doc.createTextNode(this.slice(a, b));
          if (this.keyboardMode && a >= selStart && b <= selEnd && selStart < selEnd) run = h(doc, 'span', { class: 'gtkit-pending' }, run);
          const covering = this.entities.map((e, i) => [e, i] as const).filter(([e]) => e.startOffset <= a && b <= e.endOffset);
          const inner = covering[covering.length - 1];
          if (inner) {
            const [e, i] = inner;
            const { colour } = this.labelInfo(e.label);
            const chosen = i === this.selectedEntity;
            run = h(doc, 'mark', { class: 'gtkit-entity', 'data-entity': i, style: `background:${colour}${chosen ? '55' : '2e'};border-color:${colour}${chosen ? ';outline:2px solid ' + colour : ''}` }, run);
          }
          nodes.push(run);
          for (const [e, i] of covering) {
            if (e.endOffset !== b) continue;
            const { colour, tag } = this.labelInfo(e.label);
            nodes.push(h(doc, 'sup', { [decoration]: '', 'data-entity': i, 'aria-hidden': 'true', style: `background:${colour}` }, tag));
          }
        }
        if (this.keyboardMode && this.caret === n && selStart === selEnd) nodes.push(caretMark());
        this.textBox.replaceChildren(...merge(doc, nodes));
        this.renderList();
      }

      renderList(): void {
        const doc = this.ownerDocument;
        this.listTitle.textContent = `Entities (${this.entities.length})`;
        if (this.entities.length === 0) {
          this.list.replaceChildren(h(doc, 'li', { class: 'gtkit-empty' }, 'Nothing tagged yet.'));
          return;
        }
        this.list.replaceChildren(
          ...this.entities.map((e, i) => {
            const { colour } = this.labelInfo(e.label);
            const words = this.slice(e.startOffset, e.endOffset);
            const choose = h(doc, 'button', { type: 'button', class: 'gtkit-select', 'aria-pressed': String(i === this.selectedEntity) }, h(doc, 'span', { class: 'gtkit-swatch', style: `background:${colour}`, 'aria-hidden': 'true' }), `${e.label}: “${words}” (${e.startOffset}–${e.endOffset})`);
            choose.addEventListener('click', () => this.selectEntity(i));
            const remove = h(doc, 'button', { type: 'button', class: 'gtkit-icon-only', 'aria-label': `Remove ${e.label} “${words}”`, title: 'Remove' }, '×');
            remove.addEventListener('click', () => this.removeEntity(i));
            return h(doc, 'li', {}, choose, remove);
          }),
        );
      }
    },
};

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Joins neighbouring plain text runs, so untouched text stays one text node. */
function merge(doc: Document, nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (node.nodeType === 3 && last?.nodeType === 3) out[out.length - 1] = doc.createTextNode((last.textContent ?? '') + (node.textContent ?? ''));
    else out.push(node);
  }
  return out;
}
