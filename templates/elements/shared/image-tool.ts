import { initialValueModifiedTags } from '../answer-shapes.ts';
import { elementSpecs } from '../spec.ts';
import { labelColours } from './colours.ts';
import { announce, h, s, uniqueId, type Win } from './dom.ts';
import { arrowStep, clampPoint, imagePixelsPerScreenPixel, toImagePoint, type Point, type Size } from './geometry.ts';
import { instructionNodes } from './instructions.ts';
import { LabelPicker } from './label-picker.ts';
import { perWindow } from './per-window.ts';
import { readArray, readLabels } from './read-attributes.ts';
import { submittableBase } from './submittable-base.ts';

/** One row of the tool's list of what was drawn. */
export interface ShapeItem {
  label: string;
  text: string;
}

/**
 * The shared base of the image tools (boxes, keypoints, polygons, lines, segmentation): the
 * picture with an SVG overlay in image pixels, the label picker (also keys 1–9 and 0), pointer
 * → image-pixel coordinates whatever the display size, a keyboard cursor (arrows move it,
 * Space acts like a click) for drawing without a mouse, the list of what was drawn (select and
 * delete from it), instructions in a side panel and a live region for screen readers.
 * Subclasses draw, answer, and handle pointer and keys.
 */
export function imageToolBase(win: Win) {
  return perWindow(win, makeImageToolBase);
}

function makeImageToolBase(win: Win) {
  return class ImageTool extends submittableBase(win) {
    labels: string[] = [];
    colours: string[] = [];
    picker?: LabelPicker;
    stage!: HTMLElement;
    img!: HTMLImageElement;
    svg!: SVGSVGElement;
    list!: HTMLElement;
    listTitle!: HTMLElement;
    live!: HTMLElement;
    natural: Size = { width: 0, height: 0 };
    selected = -1;
    /**
     * Whether a label pick changes the selected shape: yes when a person selected it (click,
     * list, [ ]), no for a shape just drawn, so picking the next label never relabels it.
     */
    relabelSelected = false;
    /** The keyboard cursor in image pixels, shown once an arrow key moved it. */
    cursor: Point | null = null;
    pointerActive = false;
    lastPress?: { time: number; x: number; y: number };
    listSignature = '';
    hadInitialValue = false;
    initialSnapshot = '';

    // ---- What subclasses provide -------------------------------------------------------

    /** The word for one drawn thing, for the list and announcements ("box", "point"). */
    get noun(): string {
      return 'shape';
    }
    /** Key hints shown under the picture: [keys, what they do]. */
    keyHelp(): Array<[string, string]> {
      return [];
    }
    /** How to draw with the pointer, one sentence. */
    pointerHelp(): string {
      return '';
    }
    /** Reads `initial-value` into the tool's state; returns true when one was given. */
    loadInitialValue(): boolean {
      return false;
    }
    /** Forgets everything drawn. */
    clearShapes(): void {}
    /** The answer's list part (compared with the initial value for initialValueModified). */
    shapesAnswer(): unknown {
      return [];
    }
    shapeItems(): ShapeItem[] {
      return [];
    }
    deleteShape(_index: number): void {}
    /** Whether a list row shows as chosen (the selected shape; segmentation: the paint in use). */
    isItemActive(index: number): boolean {
      return index === this.selected;
    }
    relabelShape(_index: number, _label: string): void {}
    /** Draws the overlay (the SVG is cleared first). */
    draw(_unit: number): void {}
    onPointerDown(_p: Point, _target: Element, _event: PointerEvent): void {}
    onPointerMove(_p: Point, _event: PointerEvent): void {}
    onPointerUp(_p: Point, _event: PointerEvent): void {}
    /** The pointer moves with no button down (a rubber band while drawing). */
    onPointerHover(_p: Point): void {}
    onDoubleClick(_p: Point): void {}
    /** A key the tool handles itself; return true when handled. */
    onKey(_event: KeyboardEvent): boolean {
      return false;
    }
    /** Space at the keyboard cursor: what a click there would do. */
    onCursorActivate(_p: Point): void {}
    /** Arrow keys with a shape selected; return true when the tool moved something. */
    onNudge(_by: Point, _event: KeyboardEvent): boolean {
      return false;
    }

    // ---- Layout ------------------------------------------------------------------------

    override build(): void {
      const doc = this.ownerDocument;
      const tag = this.tagName.toLowerCase();
      this.labels = readLabels(this, 'labels', elementSpecs[tag]?.maxLabels);
      this.colours = labelColours(this.labels.length, readArray(this, 'label-colors'));
      const headerId = uniqueId(doc, 'header');
      const helpId = uniqueId(doc, 'help');
      const header = h(doc, 'p', { class: 'gtkit-header', id: headerId }, this.getAttribute('header') ?? '');
      if (this.labels.length === 0) this.reportProblem('labels: no labels given; add labels=\'["…"]\' to choose what to draw.');
      this.picker = new LabelPicker(doc, this.labels, this.colours, { onPick: (i) => this.labelPicked(i) });
      this.stage = h(doc, 'div', { class: 'gtkit-stage', tabindex: '0', role: 'application', 'aria-roledescription': 'image annotation', 'aria-labelledby': headerId, 'aria-describedby': helpId });
      this.img = h(doc, 'img', { alt: this.getAttribute('header') ?? 'Image to annotate', draggable: 'false' });
      this.svg = s(doc, 'svg', { 'aria-hidden': 'true', preserveAspectRatio: 'none' }) as SVGSVGElement;
      this.stage.append(this.img, this.svg);
      const help = h(doc, 'p', { class: 'gtkit-help', id: helpId }, this.pointerHelp());
      for (const [keys, what] of this.keyHelp()) help.append(' ', h(doc, 'kbd', {}, keys), ` ${what}.`);
      this.listTitle = h(doc, 'h3', {});
      this.list = h(doc, 'ul', { class: 'gtkit-shapes' });
      this.live = h(doc, 'div', { class: 'gtkit-sr-only', 'aria-live': 'polite' });
      const main = h(doc, 'div', { class: 'gtkit-main' }, header, this.picker.root, ...this.extraControls(), this.stage, help);
      const side = h(doc, 'aside', { class: 'gtkit-side', 'aria-label': 'Instructions and annotations' }, ...instructionNodes(this), this.listTitle, this.list);
      this.append(h(doc, 'div', { class: 'gtkit-tool gtkit-ui' }, main, side), this.live);
      this.listen();
      this.hadInitialValue = this.loadInitialValue();
      this.initialSnapshot = JSON.stringify(this.shapesAnswer());
      this.img.addEventListener('load', () => this.setImageSize(this.img.naturalWidth, this.img.naturalHeight));
      this.img.addEventListener('error', () => this.reportProblem(`src: the image could not be loaded (${this.getAttribute('src') ?? 'no src'}).`));
      this.img.src = this.getAttribute('src') ?? '';
      if (!this.getAttribute('src')) this.reportProblem('src: no image given.');
      if (this.img.complete && this.img.naturalWidth > 0) this.setImageSize(this.img.naturalWidth, this.img.naturalHeight);
      this.refresh();
    }

    static get observedAttributes(): string[] {
      return ['src', 'header'];
    }

    /** A script may point the tool at another image or change its header after it is built. */
    attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
      if (!this.stage) return;
      if (name === 'src' && value !== null && this.img.getAttribute('src') !== value) this.img.src = value;
      if (name === 'header') {
        const header = this.querySelector('.gtkit-header');
        if (header) header.textContent = value ?? '';
        this.img.alt = value ?? 'Image to annotate';
      }
    }

    /** Controls a tool adds between the picker and the picture (brush size, eraser…). */
    extraControls(): HTMLElement[] {
      return [];
    }

    listen(): void {
      const stage = this.stage;
      stage.addEventListener('pointerdown', (e) => {
        if (e.button !== 0) return;
        // No preventDefault here: it would also cancel the dblclick that finishes a shape.
        // The stage itself stops text selection and scrolling (user-select, touch-action).
        stage.focus({ preventScroll: true });
        stage.setPointerCapture?.(e.pointerId);
        this.pointerActive = true;
        this.cursor = null;
        // A second press close by, soon after the first, is a double-click. Counted here because
        // the browser's dblclick needs both clicks on one element, and each click redraws them.
        const last = this.lastPress;
        const double = last !== undefined && e.timeStamp - last.time < 500 && Math.hypot(e.clientX - last.x, e.clientY - last.y) < 6;
        this.lastPress = double ? undefined : { time: e.timeStamp, x: e.clientX, y: e.clientY };
        const p = this.point(e);
        this.onPointerDown(p, e.target as Element, e);
        if (double) this.onDoubleClick(p);
      });
      stage.addEventListener('pointermove', (e) => {
        if (this.pointerActive) this.onPointerMove(this.point(e), e);
        else this.onPointerHover(this.point(e));
      });
      const end = (e: PointerEvent) => {
        if (!this.pointerActive) return;
        this.pointerActive = false;
        this.onPointerUp(this.point(e), e);
      };
      stage.addEventListener('pointerup', end);
      stage.addEventListener('pointercancel', end);
      stage.addEventListener('dblclick', (e) => this.onDoubleClick(this.point(e)));
      stage.addEventListener('keydown', (e) => {
        if (this.handleKey(e)) {
          e.preventDefault();
          e.stopPropagation();
        }
      });
      // Handles keep their size on screen when the picture is shown larger or smaller.
      const Observer = win.ResizeObserver;
      if (Observer) new Observer(() => this.refresh()).observe(stage);
    }

    handleKey(e: KeyboardEvent): boolean {
      if (e.ctrlKey || e.metaKey) return false;
      const labelIndex = LabelPicker.keyIndex(e.key);
      if (labelIndex >= 0 && !e.altKey) {
        if (labelIndex < this.labels.length) this.picker?.pick(labelIndex);
        return labelIndex < this.labels.length;
      }
      if (this.onKey(e)) return true;
      const step = arrowStep(e.key, e.altKey);
      if (step) {
        if (this.selected >= 0 && this.onNudge(step, e)) return true;
        const start = this.cursor ?? { x: this.natural.width / 2, y: this.natural.height / 2 };
        this.cursor = clampPoint({ x: start.x + step.x, y: start.y + step.y }, this.natural);
        this.refresh();
        return true;
      }
      if (e.key === ' ' || e.key === 'Spacebar') {
        this.onCursorActivate(this.cursor ?? { x: this.natural.width / 2, y: this.natural.height / 2 });
        return true;
      }
      if ((e.key === 'Delete' || e.key === 'Backspace') && this.selected >= 0) {
        this.removeShape(this.selected);
        return true;
      }
      if (e.key === '[' || e.key === ']') {
        const count = this.shapeItems().length;
        if (count === 0) return false;
        const next = this.selected < 0 ? (e.key === ']' ? 0 : count - 1) : (this.selected + (e.key === ']' ? 1 : count - 1)) % count;
        this.select(next, true);
        return true;
      }
      if (e.key === 'Escape' && this.selected >= 0) {
        this.select(-1, true);
        return true;
      }
      return false;
    }

    /** An image that never loaded has no size: the answer would say 0×0 and hold nothing a worker saw. */
    override checkAnswer(): string | null {
      return this.natural.width > 0 && this.natural.height > 0 ? null : 'The image has not loaded, so there is nothing to submit yet; reload the page, or check the src of the image.';
    }

    // ---- State helpers for subclasses --------------------------------------------------

    /** Sets the image's pixel size (from the loaded image; tests call it directly). */
    setImageSize(width: number, height: number): void {
      this.natural = { width, height };
      this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
      this.refresh();
    }

    get label(): string {
      return this.picker?.label ?? '';
    }

    colourOf(label: string): string {
      const i = this.labels.indexOf(label);
      return i >= 0 ? (this.colours[i] ?? '#888') : '#6e7781';
    }

    /** A pointer position in image pixels, kept inside the image. */
    point(e: { clientX: number; clientY: number }): Point {
      return clampPoint(toImagePoint(e, this.stage.getBoundingClientRect(), this.natural), this.natural);
    }

    unit(): number {
      return imagePixelsPerScreenPixel(this.stage.getBoundingClientRect(), this.natural);
    }

    select(index: number, announceIt = false, byPerson = true): void {
      this.selected = index;
      this.relabelSelected = byPerson && index >= 0;
      const item = this.shapeItems()[index];
      if (item) this.picker?.show(Math.max(0, this.labels.indexOf(item.label)));
      this.refresh();
      if (announceIt) this.say(item ? `Selected ${this.noun} ${index + 1}: ${item.text}` : 'Nothing selected');
    }

    removeShape(index: number): void {
      const item = this.shapeItems()[index];
      if (!item) return;
      this.deleteShape(index);
      this.selected = -1;
      this.refresh();
      this.say(`Deleted ${this.noun} ${index + 1} (${item.label}).`);
    }

    labelPicked(index: number): void {
      const label = this.labels[index] ?? '';
      if (this.relabelSelected && this.selected >= 0 && this.shapeItems()[this.selected]) {
        this.relabelShape(this.selected, label);
        this.refresh();
        this.say(`${this.noun} ${this.selected + 1} is now ${label}.`);
      } else this.say(`Label: ${label}.`);
    }

    say(text: string): void {
      announce(this.live, text);
    }

    /** Redraws the overlay and the list. */
    refresh(): void {
      if (!this.svg) return;
      const unit = this.unit();
      this.svg.replaceChildren();
      this.draw(unit);
      if (this.cursor) this.drawCursor(this.cursor, unit);
      this.renderList();
    }

    /**
     * A label tag (white text on the label's colour) with its top-left corner near (x, y),
     * above that point when there is room, so it does not cover the object.
     */
    drawTag(x: number, y: number, label: string, colour: string, unit: number): void {
      const doc = this.ownerDocument;
      const size = 12 * unit;
      const height = size + 5 * unit;
      const width = (label.length * 7 + 10) * unit;
      const top = y >= height ? y - height : y;
      const left = Math.max(0, Math.min(x, (this.natural.width || Infinity) - width));
      this.svg.append(s(doc, 'rect', { x: left, y: top, width, height, fill: colour, rx: 3 * unit, 'pointer-events': 'none' }));
      const text = s(doc, 'text', { x: left + 5 * unit, y: top + size, fill: '#fff', 'font-size': size, 'pointer-events': 'none' });
      text.textContent = label;
      this.svg.append(text);
    }

    drawCursor(p: Point, unit: number): void {
      const arm = 9 * unit;
      const colour = this.colourOf(this.label);
      for (const [x1, y1, x2, y2] of [[p.x - arm, p.y, p.x + arm, p.y], [p.x, p.y - arm, p.x, p.y + arm]] as const) {
        this.svg.append(s(this.ownerDocument, 'line', { x1, y1, x2, y2, stroke: '#fff', 'stroke-width': 4, 'vector-effect': 'non-scaling-stroke' }));
        this.svg.append(s(this.ownerDocument, 'line', { x1, y1, x2, y2, stroke: colour, 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke', 'data-cursor': '' }));
      }
    }

    renderList(): void {
      const doc = this.ownerDocument;
      const items = this.shapeItems();
      // Redrawing happens on every pointer move; the list only when what it says changed.
      const active = items.map((_, i) => this.isItemActive(i));
      const signature = JSON.stringify([items, active]);
      if (signature === this.listSignature) return;
      this.listSignature = signature;
      const plural = `${this.noun[0]?.toUpperCase() ?? ''}${this.noun.slice(1)}${this.noun.endsWith('x') ? 'es' : 's'}`;
      this.listTitle.textContent = `${plural} (${items.length})`;
      if (items.length === 0) {
        this.list.replaceChildren(h(doc, 'li', { class: 'gtkit-empty' }, `No ${plural.toLowerCase()} yet.`));
        return;
      }
      this.list.replaceChildren(
        ...items.map((item, i) => {
          const choose = h(doc, 'button', { type: 'button', class: 'gtkit-select', 'aria-pressed': String(active[i]) }, h(doc, 'span', { class: 'gtkit-swatch', style: `background:${this.colourOf(item.label)}`, 'aria-hidden': 'true' }), `${i + 1}. ${item.label}: ${item.text}`);
          choose.addEventListener('click', () => {
            this.select(i, true);
            this.stage.focus({ preventScroll: true });
          });
          const remove = h(doc, 'button', { type: 'button', class: 'gtkit-icon-only', 'aria-label': `Delete ${this.noun} ${i + 1} (${item.label})`, title: 'Delete' }, '×');
          remove.addEventListener('click', () => this.removeShape(i));
          return h(doc, 'li', {}, choose, remove);
        }),
      );
    }

    /** Adds `initialValueModified` where the docs say the element reports it. */
    withModified<T extends Record<string, unknown>>(answer: T): T & { initialValueModified?: boolean } {
      if (!this.hadInitialValue || !initialValueModifiedTags.has(this.tagName.toLowerCase())) return answer;
      return { ...answer, initialValueModified: JSON.stringify(this.shapesAnswer()) !== this.initialSnapshot };
    }

    get inputImageProperties(): Size {
      return { width: this.natural.width, height: this.natural.height };
    }

    override control(): HTMLElement | undefined {
      return this.stage;
    }

    override resetAnswer(): void {
      this.clearShapes();
      this.selected = -1;
      this.loadInitialValue();
      this.refresh();
    }
  };
}
