import { maskBackground, segmentationListsOnlyPainted } from '../answer-shapes.ts';
import { colourAt, hexToRgb } from './colours.ts';
import { h, s, uniqueId, type Win } from './dom.ts';
import { arrowStep, clampPoint, type Point } from './geometry.ts';
import { imageToolBase } from './image-tool.ts';
import { LabelMask, type PixelRect } from './mask.ts';
import { perWindow } from './per-window.ts';
import { encodePng, toBase64 } from './png.ts';
import { isRecord, readObject } from './read-attributes.ts';

/** One colour the brush paints: a label (semantic) or one instance of a label. */
export interface Paint {
  id: number;
  label: string;
  colour: string;
}

const maxPaints = 255;

/**
 * The shared brush tool of crowd-semantic-segmentation and crowd-instance-segmentation. A
 * round brush paints the current colour into an exact per-pixel mask the size of the image
 * (drag with the mouse; with the keyboard, arrows move the brush and Space paints, Shift+arrows
 * paint as they move). [ and ] change the brush size, E toggles the eraser. The answer carries
 * the mask as a PNG (see answer-shapes.ts for its pixel format) and the colours used.
 */
export function segmentationToolBase(win: Win) {
  return perWindow(win, makeSegmentationToolBase);
}

function makeSegmentationToolBase(win: Win) {
  return class SegmentationTool extends imageToolBase(win) {
    mask?: LabelMask;
    canvas?: HTMLCanvasElement;
    paints: Paint[] = [];
    current = 1;
    /** Brush diameter in screen pixels. */
    brush = 24;
    erasing = false;
    last: Point | null = null;
    hoverPoint: Point | null = null;
    brushInput?: HTMLInputElement;
    eraserButton?: HTMLButtonElement;
    initialMask?: Uint8Array;
    pendingInitialSrc?: string;

    /** Instance segmentation paints a new colour per object; semantic one colour per label. */
    get instanceMode(): boolean {
      return false;
    }

    override get noun(): string {
      return this.instanceMode ? 'instance' : 'label';
    }

    override pointerHelp(): string {
      return this.instanceMode ? 'Paint each object with the brush; start a new instance for the next object of a label.' : 'Paint every region with the brush in its label’s colour.';
    }

    override keyHelp(): Array<[string, string]> {
      return [
        ['1–9', 'label'],
        ['[ ]', 'brush size'],
        ['E', 'eraser'],
        ...(this.instanceMode ? ([['I', 'new instance']] as Array<[string, string]>) : []),
        ['Arrows', 'move brush'],
        ['Space', 'paint'],
        ['Shift+Arrows', 'paint while moving'],
      ];
    }

    override extraControls(): HTMLElement[] {
      const doc = this.ownerDocument;
      const id = uniqueId(doc, 'brush');
      this.brushInput = h(doc, 'input', { type: 'range', id, min: 2, max: 120, step: 2, value: this.brush });
      this.brushInput.addEventListener('input', () => {
        this.brush = Number(this.brushInput?.value ?? this.brush);
        this.refresh();
      });
      this.eraserButton = h(doc, 'button', { type: 'button', class: 'gtkit-chip', 'aria-pressed': 'false' }, 'Eraser (E)');
      this.eraserButton.addEventListener('click', () => this.setEraser(!this.erasing));
      const controls = h(doc, 'div', { class: 'gtkit-toolbar' }, h(doc, 'label', { for: id }, 'Brush'), this.brushInput, this.eraserButton);
      if (this.instanceMode) {
        const add = h(doc, 'button', { type: 'button', class: 'gtkit-chip' }, '+ New instance (I)');
        add.addEventListener('click', () => this.newInstance(this.label));
        controls.append(add);
      }
      return [controls];
    }

    override build(): void {
      super.build();
      if (!this.instanceMode) this.paints = this.labels.map((label, i) => ({ id: i + 1, label, colour: this.colours[i] ?? colourAt(i) }));
      else if (this.paints.length === 0) this.newInstance(this.label, false);
      this.current = this.instanceMode ? this.current : 1;
      this.refresh();
    }

    override loadInitialValue(): boolean {
      const initial = readObject(this, 'initial-value');
      if (!initial) return this.hasAttribute('initial-value');
      const src = typeof initial.src === 'string' ? initial.src : undefined;
      if (!src) this.reportProblem('initial-value: expected a "src" with the URL of the earlier mask.');
      if (this.instanceMode) {
        const list = Array.isArray(initial.instances) ? initial.instances : [];
        this.paints = list.filter(isRecord).slice(0, maxPaints).map((item, i) => ({ id: i + 1, label: String(item.label ?? ''), colour: String(item.color ?? colourAt(i)).toLowerCase() }));
        if (this.paints.length > 0) this.current = this.paints.length;
      } else {
        const mappings = isRecord(initial.labelMappings) ? initial.labelMappings : {};
        for (const [label, mapping] of Object.entries(mappings)) {
          const i = this.labels.indexOf(label);
          if (i < 0) this.reportProblem(`initial-value.labelMappings: "${label}" is not one of the labels.`);
          else if (isRecord(mapping) && typeof mapping.color === 'string') this.colours[i] = mapping.color.toLowerCase();
        }
      }
      this.pendingInitialSrc = src;
      if (this.mask && this.initialMask) {
        this.mask.data.set(this.initialMask);
        this.recount();
      }
      return true;
    }

    override setImageSize(width: number, height: number): void {
      super.setImageSize(width, height);
      if (width <= 0 || height <= 0) return;
      if (!this.mask || this.mask.width !== width || this.mask.height !== height) {
        this.mask = new LabelMask(width, height);
        const canvas = this.canvas ?? h(this.ownerDocument, 'canvas', { 'aria-hidden': 'true' });
        canvas.width = width;
        canvas.height = height;
        if (!this.canvas) this.stage.insertBefore(canvas, this.svg);
        this.canvas = canvas;
        // The empty mask is the starting point initialValueModified compares with.
        this.initialSnapshot = JSON.stringify(this.shapesAnswer());
      }
      if (this.pendingInitialSrc) this.loadInitialMask(this.pendingInitialSrc);
      this.paintCanvas();
      this.refresh();
    }

    /** Reads an earlier mask image into the mask, matching its colours to the known paints. */
    loadInitialMask(src: string): void {
      this.pendingInitialSrc = undefined;
      const image = new win.Image();
      image.crossOrigin = 'anonymous';
      image.onload = () => {
        const mask = this.mask;
        const scratch = this.ownerDocument.createElement('canvas');
        scratch.width = mask?.width ?? 0;
        scratch.height = mask?.height ?? 0;
        const ctx = scratch.getContext('2d');
        if (!mask || !ctx) return;
        ctx.drawImage(image, 0, 0, mask.width, mask.height);
        const pixels = ctx.getImageData(0, 0, mask.width, mask.height).data;
        const byColour = new Map(this.paints.map((p) => [p.colour.toLowerCase(), p.id]));
        for (let i = 0; i < mask.data.length; i++) {
          if ((pixels[i * 4 + 3] as number) === 0) continue;
          const hex = `#${[0, 1, 2].map((k) => (pixels[i * 4 + k] as number).toString(16).padStart(2, '0')).join('')}`;
          const id = byColour.get(hex);
          if (id !== undefined) mask.set(i, id);
        }
        this.initialMask = mask.data.slice();
        this.initialSnapshot = JSON.stringify(this.shapesAnswer());
        this.paintCanvas();
        this.refresh();
      };
      image.onerror = () => this.reportProblem(`initial-value.src: the earlier mask could not be loaded (${src}).`);
      image.src = src;
    }

    override clearShapes(): void {
      this.mask?.data.fill(0);
      this.recount();
      if (this.instanceMode) {
        this.paints = [];
        this.current = 1;
      }
    }

    override resetAnswer(): void {
      super.resetAnswer();
      if (this.instanceMode && this.paints.length === 0) this.newInstance(this.label, false);
      this.paintCanvas();
    }

    recount(): void {
      const mask = this.mask;
      if (!mask) return;
      mask.counts.fill(0);
      for (const id of mask.data) mask.counts[id] = (mask.counts[id] as number) + 1;
    }

    paintOf(id: number): Paint | undefined {
      return this.paints.find((p) => p.id === id);
    }

    /** The paints that appear in the answer: those with at least one pixel. */
    usedPaints(): Paint[] {
      if (!segmentationListsOnlyPainted) return [...this.paints];
      return this.paints.filter((p) => (this.mask?.counts[p.id] ?? 0) > 0);
    }

    /** The list shows used paints, and the current instance even before it has pixels. */
    listedPaints(): Paint[] {
      return this.paints.filter((p) => (this.mask?.counts[p.id] ?? 0) > 0 || (this.instanceMode && p.id === this.current));
    }

    newInstance(label: string, announceIt = true): void {
      if (this.paints.length >= maxPaints) {
        this.say(`At most ${maxPaints} instances fit in one mask.`);
        return;
      }
      const id = this.paints.length + 1;
      this.paints.push({ id, label, colour: colourAt(id - 1) });
      this.current = id;
      this.setEraser(false);
      this.refresh();
      if (announceIt) this.say(`New instance ${id}: ${label}.`);
    }

    setEraser(on: boolean): void {
      this.erasing = on;
      this.eraserButton?.setAttribute('aria-pressed', String(on));
      this.say(on ? 'Eraser on.' : 'Brush on.');
    }

    override labelPicked(index: number): void {
      const label = this.labels[index] ?? '';
      if (!this.instanceMode) {
        this.current = index + 1;
        this.say(`Painting ${label}.`);
        return;
      }
      const current = this.paintOf(this.current);
      // An instance with no pixels yet simply changes its label; otherwise a new one starts.
      if (current && (this.mask?.counts[current.id] ?? 0) === 0) {
        current.label = label;
        this.refresh();
        this.say(`Instance ${current.id}: ${label}.`);
      } else this.newInstance(label);
    }

    override isItemActive(index: number): boolean {
      return this.listedPaints()[index]?.id === this.current;
    }

    override shapeItems() {
      return this.listedPaints().map((p) => ({ label: p.label, text: `${this.instanceMode ? `instance ${p.id}, ` : ''}${this.mask?.counts[p.id] ?? 0} px` }));
    }

    override select(index: number, announceIt = false): void {
      const paint = this.listedPaints()[index];
      this.selected = -1;
      if (!paint) return;
      this.current = paint.id;
      this.picker?.show(Math.max(0, this.labels.indexOf(paint.label)));
      this.setEraser(false);
      this.refresh();
      if (announceIt) this.say(`Painting ${this.instanceMode ? `instance ${paint.id}, ` : ''}${paint.label}.`);
    }

    override deleteShape(index: number): void {
      const paint = this.listedPaints()[index];
      if (!paint || !this.mask) return;
      this.mask.clearId(paint.id);
      this.paintCanvas();
    }

    override shapesAnswer(): unknown {
      return { mask: this.mask?.fingerprint() ?? '', paints: this.usedPaints().map((p) => [p.label, p.colour]) };
    }

    /** The mask as base64 PNG (no data: prefix), or '' before the image has a size. */
    pngImageData(): string {
      const mask = this.mask;
      if (!mask) return '';
      const rgba = mask.toRgba((id) => hexToRgb(this.paintOf(id)?.colour ?? '#000000'), maskBackground);
      return toBase64(encodePng(mask.width, mask.height, rgba));
    }

    /** Paints at a point or along a stroke (also for scripts and tests), in image pixels. */
    paintAt(from: Point, to: Point = from): void {
      const mask = this.mask;
      if (!mask) return;
      const id = this.erasing ? 0 : this.current;
      const radius = (this.brush / 2) * this.unit();
      const changed = mask.paintStroke(from, to, radius, id);
      if (changed) this.paintCanvas(changed);
    }

    /** Redraws (part of) the mask on the canvas shown over the picture. */
    paintCanvas(rect?: PixelRect): void {
      const mask = this.mask;
      const ctx = this.canvas?.getContext('2d');
      if (!mask || !ctx) return;
      const area = rect ?? { x: 0, y: 0, width: mask.width, height: mask.height };
      const rgba = mask.toRgba((id) => hexToRgb(this.paintOf(id)?.colour ?? '#000000'), [0, 0, 0, 0], area);
      ctx.putImageData(new win.ImageData(new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, rgba.length), area.width, area.height), area.x, area.y);
    }

    override onPointerDown(p: Point): void {
      this.last = p;
      this.paintAt(p);
    }

    override onPointerMove(p: Point): void {
      if (!this.last) return;
      this.paintAt(this.last, p);
      this.last = p;
      this.hoverPoint = p;
      this.refresh();
    }

    override onPointerUp(): void {
      this.last = null;
      const paint = this.paintOf(this.current);
      this.refresh();
      if (paint) this.say(`${this.erasing ? 'Erased' : `Painted ${paint.label}`}: ${this.mask?.counts[paint.id] ?? 0} pixels.`);
    }

    override onPointerHover(p: Point): void {
      this.hoverPoint = p;
      this.refresh();
    }

    override onKey(e: KeyboardEvent): boolean {
      if (e.key === '[' || e.key === ']') {
        this.brush = Math.min(120, Math.max(2, this.brush + (e.key === ']' ? 4 : -4)));
        if (this.brushInput) this.brushInput.value = String(this.brush);
        this.refresh();
        this.say(`Brush ${this.brush} pixels.`);
        return true;
      }
      if (e.key === 'e' || e.key === 'E') {
        this.setEraser(!this.erasing);
        return true;
      }
      if (this.instanceMode && (e.key === 'i' || e.key === 'I')) {
        this.newInstance(this.label);
        return true;
      }
      const step = e.shiftKey ? arrowStep(e.key, e.altKey) : undefined;
      if (step) {
        const from = this.cursor ?? { x: this.natural.width / 2, y: this.natural.height / 2 };
        const to = clampPoint({ x: from.x + step.x * 4, y: from.y + step.y * 4 }, this.natural);
        this.paintAt(from, to);
        this.cursor = to;
        this.refresh();
        return true;
      }
      return false;
    }

    override onCursorActivate(p: Point): void {
      this.cursor = p;
      this.paintAt(p);
      this.refresh();
    }

    override drawCursor(p: Point, unit: number): void {
      this.drawBrush(p, unit);
    }

    override draw(unit: number): void {
      if (this.hoverPoint && !this.cursor) this.drawBrush(this.hoverPoint, unit);
    }

    drawBrush(p: Point, unit: number): void {
      const colour = this.erasing ? '#ffffff' : (this.paintOf(this.current)?.colour ?? '#888');
      this.svg.append(s(this.ownerDocument, 'circle', { cx: p.x, cy: p.y, r: (this.brush / 2) * unit, fill: 'none', stroke: '#000', 'stroke-width': 3, 'stroke-opacity': 0.5, 'vector-effect': 'non-scaling-stroke', 'pointer-events': 'none' }));
      this.svg.append(s(this.ownerDocument, 'circle', { cx: p.x, cy: p.y, r: (this.brush / 2) * unit, fill: 'none', stroke: colour, 'stroke-width': 1.5, 'stroke-dasharray': this.erasing ? '4 3' : undefined, 'vector-effect': 'non-scaling-stroke', 'pointer-events': 'none', 'data-brush': '' }));
    }
  };
}
