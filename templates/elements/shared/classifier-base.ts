import { classifierEnterSubmits, classifierRequiresChoice, exclusionAnswer, multiSelectRequiresChoice } from '../answer-shapes.ts';
import { elementSpecs } from '../spec.ts';
import { colourAt } from './colours.ts';
import { h, ownRegion, s, uniqueId, type Win } from './dom.ts';
import { instructionNodes } from './instructions.ts';
import { LabelPicker } from './label-picker.ts';
import { perWindow } from './per-window.ts';
import { isRecord, readLabels, readObject, toNumber } from './read-attributes.ts';
import { everySubmitDisabled } from './submit-controls.ts';
import { submittableBase } from './submittable-base.ts';

/** What differs between the four classifiers. */
export interface ClassifierKind {
  multi: boolean;
  image: boolean;
}

/**
 * The shared classifier: header, what to classify (an image with its verification overlay, or
 * the `classification-target` region), the categories as chips (a radio group, or checkboxes
 * for multi-select with an optional exclusion choice), a worker comment for the image
 * classifiers, and the instructions beside. Keyboard: Tab to the chips, arrows move (and pick,
 * for one choice), Space toggles, 1–9/0 pick by number, Enter submits the form.
 */
export function classifierBase(win: Win) {
  return perWindow(win, makeClassifierBase);
}

function makeClassifierBase(win: Win) {
  return class Classifier extends submittableBase(win) {
    categories: string[] = [];
    exclusion?: string;
    chosen = new Set<string>();
    chips: HTMLButtonElement[] = [];
    group?: HTMLElement;
    comment?: HTMLTextAreaElement;

    get kind(): ClassifierKind {
      return { multi: false, image: false };
    }

    override build(): void {
      const doc = this.ownerDocument;
      const tag = this.tagName.toLowerCase();
      const kind = this.kind;
      this.categories = readLabels(this, 'categories', elementSpecs[tag]?.maxLabels);
      if (this.categories.length === 0) this.reportProblem('categories: no categories given; add categories=\'["…", "…"]\'.');
      if (kind.multi) {
        const text = readObject(this, 'exclusion-category')?.text;
        if (typeof text === 'string' && text !== '') this.exclusion = text;
      }
      const headerId = uniqueId(doc, 'header');
      const main = h(doc, 'div', { class: 'gtkit-main' }, h(doc, 'p', { class: 'gtkit-header', id: headerId }, this.getAttribute('header') ?? ''));
      if (kind.image) main.append(this.imageWithOverlay());
      const target = ownRegion(this, 'classification-target');
      if (target) main.append(h(doc, 'div', { class: 'gtkit-target' }, target));
      this.group = h(doc, 'div', { class: 'gtkit-choices', role: kind.multi ? 'group' : 'radiogroup', 'aria-labelledby': headerId });
      const all = this.exclusion ? [...this.categories, this.exclusion] : this.categories;
      this.chips = all.map((label, i) => this.chip(label, i, all.length));
      main.append(this.group);
      const commentRegion = kind.image ? ownRegion(this, 'worker-comment') : null;
      if (commentRegion) main.append(this.commentField(commentRegion));
      main.append(h(doc, 'p', { class: 'gtkit-help' }, h(doc, 'kbd', {}, '1–9'), ' or arrows choose, ', h(doc, 'kbd', {}, 'Space'), kind.multi ? ' toggles, ' : ' picks, ', h(doc, 'kbd', {}, 'Enter'), ' submits.'));
      const side = instructionNodes(this);
      const layout = h(doc, 'div', { class: 'gtkit-tool gtkit-ui' }, main);
      if (side.length > 0) layout.append(h(doc, 'aside', { class: 'gtkit-side' }, ...side));
      // Whatever else the author put inside stays, after the classifier (problems stay first).
      const rest = Array.from(this.childNodes).filter((n) => !(n.nodeType === 1 && (n as Element).classList.contains('gtkit-problems')));
      this.append(layout, ...rest);
    }

    chip(label: string, i: number, count: number): HTMLButtonElement {
      const doc = this.ownerDocument;
      const key = i < 9 ? String(i + 1) : i === 9 ? '0' : '';
      const isExclusion = label === this.exclusion && i === count - 1;
      const chip = h(
        doc,
        'button',
        { type: 'button', class: 'gtkit-chip gtkit-choice', role: this.kind.multi ? 'checkbox' : 'radio', 'aria-checked': 'false', tabindex: i === 0 ? '0' : '-1', 'data-label': label, 'data-exclusion': isExclusion ? '' : undefined, style: isExclusion ? 'border-style:dashed' : undefined },
        label,
        key ? h(doc, 'span', { class: 'gtkit-key', 'aria-hidden': 'true' }, key) : null,
      );
      chip.addEventListener('click', () => this.toggle(label));
      chip.addEventListener('keydown', (e) => this.chipKey(e, i));
      this.group?.append(chip);
      return chip;
    }

    chipKey(e: KeyboardEvent, i: number): void {
      const count = this.chips.length;
      const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
      if (step !== 0) {
        e.preventDefault();
        const next = (i + step + count) % count;
        this.focusChip(next);
        // A radio group picks as focus moves; checkboxes wait for Space.
        if (!this.kind.multi) this.choose(this.chips[next]?.dataset.label ?? '');
        return;
      }
      const byNumber = LabelPicker.keyIndex(e.key);
      if (byNumber >= 0 && byNumber < count) {
        e.preventDefault();
        this.focusChip(byNumber);
        this.toggle(this.chips[byNumber]?.dataset.label ?? '');
        return;
      }
      if (e.key === 'Enter') {
        e.preventDefault();
        if (!this.kind.multi && this.chosen.size === 0) this.choose(this.chips[i]?.dataset.label ?? '');
        const form = this.closest('crowd-form') as (HTMLElement & { requestSubmit?: () => unknown }) | null;
        // A page that disables its Submit until it is ready (a gate on the choice) means it.
        if (!classifierEnterSubmits || !form || everySubmitDisabled(form)) return;
        form.requestSubmit?.();
      }
    }

    focusChip(index: number): void {
      this.chips.forEach((c, j) => (c.tabIndex = j === index ? 0 : -1));
      this.chips[index]?.focus();
    }

    /** Picks a category as a click would: one choice replaces, multi toggles (exclusion clears). */
    toggle(label: string): void {
      if (!this.kind.multi) return this.choose(label);
      const next = new Set(this.chosen);
      if (next.has(label)) next.delete(label);
      else if (label === this.exclusion) next.clear();
      else if (this.exclusion) next.delete(this.exclusion);
      if (!this.chosen.has(label)) next.add(label);
      this.chosen = next;
      this.render();
    }

    choose(label: string): void {
      if (!label) return;
      this.chosen = new Set([label]);
      this.render();
    }

    render(): void {
      for (const chip of this.chips) chip.setAttribute('aria-checked', String(this.chosen.has(chip.dataset.label ?? '')));
      if (this.chosen.size > 0) this.showValidation(null);
    }

    commentField(region: Element): HTMLElement {
      const doc = this.ownerDocument;
      const id = uniqueId(doc, 'comment');
      this.comment = h(doc, 'textarea', { id, rows: 2, placeholder: region.getAttribute('placeholder') ?? undefined });
      const label = h(doc, 'label', { for: id, class: 'gtkit-label' }, region.getAttribute('header') ?? 'Comment');
      const field = h(doc, 'div', { class: 'gtkit-field', hidden: true }, label, this.comment);
      const open = h(doc, 'button', { type: 'button', class: 'gtkit-button gtkit-link', 'aria-expanded': 'false', 'aria-controls': id }, region.getAttribute('link-text') ?? 'Add a comment');
      open.addEventListener('click', () => {
        const show = field.hidden;
        field.hidden = !show;
        open.setAttribute('aria-expanded', String(show));
        if (show) this.comment?.focus();
      });
      region.replaceChildren();
      region.append(open, field);
      return region as HTMLElement;
    }

    /** The picture, with a verification overlay (`overlay` attribute) drawn over it. */
    imageWithOverlay(): HTMLElement {
      const doc = this.ownerDocument;
      const img = h(doc, 'img', { class: 'gtkit-classify-image', src: this.getAttribute('src') ?? '', alt: this.getAttribute('header') ?? 'Image to classify' });
      if (!this.getAttribute('src')) this.reportProblem('src: no image given.');
      img.addEventListener('error', () => this.reportProblem(`src: the image could not be loaded (${this.getAttribute('src') ?? ''}).`));
      const stage = h(doc, 'div', { class: 'gtkit-overlay-stage' }, img);
      const overlay = readObject(this, 'overlay');
      const boxes = isRecord(overlay?.boundingBox) ? overlay.boundingBox : undefined;
      const maskSource = [overlay?.semanticSegmentation, overlay?.instanceSegmentation].find(isRecord);
      if (boxes && Array.isArray(boxes.value)) {
        const labels = Array.isArray(boxes.labels) ? boxes.labels.map(String) : [];
        const svg = s(doc, 'svg', { 'aria-hidden': 'true', preserveAspectRatio: 'none' });
        const draw = () => {
          svg.setAttribute('viewBox', `0 0 ${img.naturalWidth || 1} ${img.naturalHeight || 1}`);
          svg.replaceChildren();
          for (const b of (boxes.value as unknown[]).filter(isRecord)) {
            const colour = colourAt(Math.max(0, labels.indexOf(String(b.label))));
            svg.append(s(doc, 'rect', { x: toNumber(b.left) ?? 0, y: toNumber(b.top) ?? 0, width: toNumber(b.width) ?? 0, height: toNumber(b.height) ?? 0, fill: `${colour}26`, stroke: colour, 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke' }));
          }
        };
        img.addEventListener('load', draw);
        draw();
        stage.append(svg);
      } else if (maskSource && typeof maskSource.src === 'string') {
        stage.append(h(doc, 'img', { class: 'gtkit-overlay-img', src: maskSource.src, alt: '' }));
      } else if (overlay) this.reportProblem('overlay: expected a boundingBox {labels, value}, semanticSegmentation or instanceSegmentation {src} entry.');
      return stage;
    }

    override get value(): Record<string, unknown> | undefined {
      const comment = this.comment?.value.trim();
      const extra = comment ? { workerComment: comment } : {};
      if (!this.kind.multi) {
        const [label] = [...this.chosen];
        return label === undefined ? undefined : { label, ...extra };
      }
      const excluded = this.exclusion !== undefined && this.chosen.has(this.exclusion);
      const labels = excluded ? (exclusionAnswer === 'text' ? [this.exclusion as string] : []) : this.categories.filter((c) => this.chosen.has(c));
      return { labels, ...extra };
    }

    override checkAnswer(): string | null {
      const required = this.kind.multi ? multiSelectRequiresChoice : classifierRequiresChoice;
      if (!required || this.chosen.size > 0) return null;
      return this.kind.multi ? `Choose at least one category${this.exclusion ? ` (or “${this.exclusion}”)` : ''}.` : 'Choose a category.';
    }

    override control(): HTMLElement | undefined {
      return this.chips.find((c) => c.tabIndex === 0) ?? this.chips[0];
    }

    override messageAnchor(): Element | undefined {
      return this.group;
    }

    override resetAnswer(): void {
      this.chosen = new Set();
      if (this.comment) this.comment.value = '';
      this.render();
    }
  };
}
