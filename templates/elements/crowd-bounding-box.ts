import type { Box } from '../../lambdas/task-types/geometry.ts';
import { s, type Win } from './shared/dom.ts';
import { coordinate, translateInside, type Point } from './shared/geometry.ts';
import { imageToolBase } from './shared/image-tool.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { isRecord, readArray, toNumber } from './shared/read-attributes.ts';

// The answer's box is the task type's: one definition for what the element emits and what the ACS reads.
export type { Box };

/** The eight resize handles, named by compass direction. */
const handles = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'] as const;
type Handle = (typeof handles)[number];

type Drag = { mode: 'draw'; anchor: Point } | { mode: 'move'; start: Point; original: Box } | { mode: 'resize'; handle: Handle; original: Box };

/** The box spanned by two corners. */
export function boxBetween(label: string, a: Point, b: Point): Box {
  return { label, left: Math.min(a.x, b.x), top: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

/** A box with the edges named by `handle` moved to `p` (it flips when dragged past itself). */
export function resizeBox(original: Box, handle: Handle, p: Point): Box {
  let left = original.left;
  let right = original.left + original.width;
  let top = original.top;
  let bottom = original.top + original.height;
  if (handle.includes('w')) left = p.x;
  if (handle.includes('e')) right = p.x;
  if (handle.includes('n')) top = p.y;
  if (handle.includes('s')) bottom = p.y;
  return boxBetween(original.label, { x: left, y: top }, { x: right, y: bottom });
}

/**
 * crowd-bounding-box. Mouse: drag on the picture to draw a box with the chosen label; click a
 * box's outline to select it; drag the selected box to move it and any of its eight handles to
 * resize it. Keyboard: N adds a box at the cursor, arrows move the selected box (Alt: 10 px),
 * Shift+arrows resize it, Space twice draws from corner to corner at the keyboard cursor,
 * [ and ] step through boxes, Delete removes, 1–9/0 pick (or change) the label.
 * Answer: `{ boundingBoxes: [{label,left,top,width,height}], inputImageProperties: {width,height} }`
 * in image pixels, plus `initialValueModified` when `initial-value` was given.
 */
export const crowdBoundingBox: StandIn = {
  tag: 'crowd-bounding-box',
  create: (win: Win) =>
    class CrowdBoundingBox extends imageToolBase(win) {
      boxes: Box[] = [];
      drag?: Drag;
      /** The first corner of a box being drawn with Space. */
      keyboardCorner: Point | null = null;

      override get noun(): string {
        return 'box';
      }

      override pointerHelp(): string {
        return 'Drag on the picture to draw a box. Click an outline to select a box, then drag it or its handles.';
      }

      override keyHelp(): Array<[string, string]> {
        return [
          ['1–9', 'label'],
          ['N', 'new box'],
          ['Arrows', 'move (Alt: 10 px)'],
          ['Shift+Arrows', 'resize'],
          ['Space', 'corner at cursor'],
          ['[ ]', 'select'],
          ['Delete', 'remove'],
        ];
      }

      override loadInitialValue(): boolean {
        if (!this.hasAttribute('initial-value')) return false;
        const list = readArray(this, 'initial-value');
        this.boxes = [];
        list.forEach((item, i) => {
          const box = isRecord(item) ? { label: String(item.label ?? ''), left: toNumber(item.left), top: toNumber(item.top), width: toNumber(item.width), height: toNumber(item.height) } : undefined;
          if (!box || box.left === undefined || box.top === undefined || box.width === undefined || box.height === undefined) {
            this.reportProblem(`initial-value[${i}]: expected {label, left, top, width, height} with numbers.`);
            return;
          }
          if (!this.labels.includes(box.label)) this.reportProblem(`initial-value[${i}].label: "${box.label}" is not one of the labels.`);
          this.boxes.push(box as Box);
        });
        return true;
      }

      override clearShapes(): void {
        this.boxes = [];
        this.keyboardCorner = null;
      }

      override shapesAnswer(): Box[] {
        return this.boxes.map((b) => ({ label: b.label, left: coordinate(b.left), top: coordinate(b.top), width: coordinate(b.width), height: coordinate(b.height) }));
      }

      override get value() {
        return this.withModified({ boundingBoxes: this.shapesAnswer(), inputImageProperties: this.inputImageProperties });
      }

      override shapeItems() {
        return this.shapesAnswer().map((b) => ({ label: b.label, text: `${b.left}, ${b.top} · ${b.width}×${b.height}` }));
      }

      override deleteShape(index: number): void {
        this.boxes.splice(index, 1);
      }

      override relabelShape(index: number, label: string): void {
        const box = this.boxes[index];
        if (box) box.label = label;
      }

      /** Adds a box (also for scripts and tests) and selects it. */
      addBox(box: Box): void {
        this.boxes.push({ ...box });
        this.select(this.boxes.length - 1, false, false);
        this.say(`Added box ${this.boxes.length}: ${box.label}.`);
      }

      override onPointerDown(p: Point, target: Element): void {
        const index = Number(target.getAttribute?.('data-index') ?? -1);
        const handle = target.getAttribute?.('data-resize') as Handle | null;
        const box = this.boxes[index];
        if (box && handle) this.drag = { mode: 'resize', handle, original: { ...box } };
        else if (box) {
          if (index !== this.selected) this.select(index, true);
          this.drag = { mode: 'move', start: p, original: { ...box } };
        } else {
          this.boxes.push(boxBetween(this.label, p, p));
          this.select(this.boxes.length - 1, false, false);
          this.drag = { mode: 'draw', anchor: p };
        }
        this.refresh();
      }

      override onPointerMove(p: Point): void {
        const drag = this.drag;
        const box = this.boxes[this.selected];
        if (!drag || !box) return;
        if (drag.mode === 'draw') Object.assign(box, boxBetween(box.label, drag.anchor, p));
        else if (drag.mode === 'resize') Object.assign(box, resizeBox(drag.original, drag.handle, p));
        else {
          const o = drag.original;
          const [moved] = translateInside([{ x: o.left, y: o.top }, { x: o.left + o.width, y: o.top + o.height }], { x: p.x - drag.start.x, y: p.y - drag.start.y }, this.natural);
          if (moved) Object.assign(box, { left: moved.x, top: moved.y });
        }
        this.refresh();
      }

      override onPointerUp(): void {
        const drag = this.drag;
        this.drag = undefined;
        const box = this.boxes[this.selected];
        if (!drag || !box) return;
        if (drag.mode === 'draw') {
          // A click (or a tiny drag) on empty picture makes no box; it clears the selection.
          const min = 3 * this.unit();
          if (box.width < min || box.height < min) {
            this.boxes.splice(this.selected, 1);
            this.select(-1);
            return;
          }
          this.say(`Added box ${this.selected + 1}: ${box.label}, ${Math.round(box.width)} × ${Math.round(box.height)} pixels.`);
        }
        this.refresh();
      }

      override onKey(e: KeyboardEvent): boolean {
        if ((e.key === 'n' || e.key === 'N') && !e.shiftKey) {
          const centre = this.cursor ?? { x: this.natural.width / 2, y: this.natural.height / 2 };
          const width = Math.max(10, Math.round(this.natural.width / 5));
          const height = Math.max(10, Math.round(this.natural.height / 5));
          const [corner] = translateInside([{ x: centre.x - width / 2, y: centre.y - height / 2 }, { x: centre.x + width / 2, y: centre.y + height / 2 }], { x: 0, y: 0 }, this.natural);
          this.addBox({ label: this.label, left: Math.max(0, corner?.x ?? 0), top: Math.max(0, corner?.y ?? 0), width, height });
          return true;
        }
        if (e.key === 'Escape' && this.keyboardCorner) {
          this.keyboardCorner = null;
          this.refresh();
          return true;
        }
        return false;
      }

      override onCursorActivate(p: Point): void {
        if (!this.keyboardCorner) {
          this.keyboardCorner = p;
          this.say('First corner set. Move with the arrows and press Space again for the opposite corner.');
          this.refresh();
          return;
        }
        const box = boxBetween(this.label, this.keyboardCorner, p);
        this.keyboardCorner = null;
        if (box.width < 1 || box.height < 1) {
          this.say('The two corners must differ in both directions.');
          this.refresh();
          return;
        }
        this.addBox(box);
      }

      override onNudge(by: Point, e: KeyboardEvent): boolean {
        const box = this.boxes[this.selected];
        if (!box) return false;
        if (e.shiftKey) {
          const right = Math.min(box.left + box.width + by.x, this.natural.width || Infinity);
          const bottom = Math.min(box.top + box.height + by.y, this.natural.height || Infinity);
          box.width = Math.max(1, right - box.left);
          box.height = Math.max(1, bottom - box.top);
        } else {
          const [moved] = translateInside([{ x: box.left, y: box.top }, { x: box.left + box.width, y: box.top + box.height }], by, this.natural);
          if (moved) Object.assign(box, { left: moved.x, top: moved.y });
        }
        this.refresh();
        return true;
      }

      override draw(unit: number): void {
        const doc = this.ownerDocument;
        this.boxes.forEach((b, i) => {
          const colour = this.colourOf(b.label);
          const chosen = i === this.selected;
          const common = { x: b.left, y: b.top, width: b.width, height: b.height, 'vector-effect': 'non-scaling-stroke' };
          this.svg.append(s(doc, 'rect', { ...common, fill: chosen ? `${colour}33` : `${colour}1a`, stroke: colour, 'stroke-width': chosen ? 3 : 2, 'pointer-events': chosen ? 'all' : 'none', 'data-index': i, style: chosen ? 'cursor:move' : undefined }));
          // Unselected boxes are picked by their outline, so a box can be drawn inside another.
          if (!chosen) this.svg.append(s(doc, 'rect', { ...common, fill: 'none', stroke: 'transparent', 'stroke-width': 12, 'pointer-events': 'stroke', 'data-index': i, style: 'cursor:pointer' }));
          this.drawTag(b.left, b.top, b.label, colour, unit);
          if (chosen) this.drawHandles(b, i, colour, unit);
        });
        if (this.keyboardCorner && this.cursor) {
          const preview = boxBetween(this.label, this.keyboardCorner, this.cursor);
          this.svg.append(s(doc, 'rect', { x: preview.left, y: preview.top, width: preview.width, height: preview.height, fill: 'none', stroke: this.colourOf(this.label), 'stroke-width': 2, 'stroke-dasharray': '6 4', 'vector-effect': 'non-scaling-stroke' }));
        }
      }

      drawHandles(b: Box, index: number, colour: string, unit: number): void {
        const size = 10 * unit;
        const xs = { w: b.left, c: b.left + b.width / 2, e: b.left + b.width };
        const ys = { n: b.top, c: b.top + b.height / 2, s: b.top + b.height };
        for (const handle of handles) {
          const x = handle.includes('w') ? xs.w : handle.includes('e') ? xs.e : xs.c;
          const y = handle.includes('n') ? ys.n : handle.includes('s') ? ys.s : ys.c;
          const cursor = handle === 'n' || handle === 's' ? 'ns-resize' : handle === 'e' || handle === 'w' ? 'ew-resize' : handle === 'nw' || handle === 'se' ? 'nwse-resize' : 'nesw-resize';
          this.svg.append(
            s(this.ownerDocument, 'rect', {
              x: x - size / 2,
              y: y - size / 2,
              width: size,
              height: size,
              fill: '#fff',
              stroke: colour,
              'stroke-width': 2,
              'vector-effect': 'non-scaling-stroke',
              'data-index': index,
              'data-resize': handle,
              // The bottom-right handle is the one Shift+arrows move; scripts and tests find it here.
              'data-handle': handle === 'se' ? 'se' : undefined,
              style: `cursor:${cursor}`,
            }),
          );
        }
      }
    },
};
