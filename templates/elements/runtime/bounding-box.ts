import { h, type Win } from './dom.ts';
import { imageTool } from './image-tool.ts';

interface Box {
  label: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

const round = (b: Box): Box => ({ label: b.label, left: Math.round(b.left), top: Math.round(b.top), width: Math.round(b.width), height: Math.round(b.height) });

/**
 * crowd-bounding-box: drag to draw a box with the chosen label; click a box to select it, drag
 * to move, drag its corner handle to resize. Keyboard: N adds a box in the middle, arrows move
 * the selected box (Shift: resize), Delete removes it, Escape deselects, 1–9 pick the label.
 * Answer: `{ boundingBoxes: [{label,left,top,width,height}], inputImageProperties: {width,height} }`
 * in image pixels (+ `initialValueModified` when `initial-value` was given).
 */
export function crowdBoundingBox(win: Win) {
  return class CrowdBoundingBox extends imageTool(win) {
    boxes: Box[] = [];
    selected = -1;
    drag?: { mode: 'draw' | 'move' | 'resize'; start: { x: number; y: number }; box: Box; index: number };
    hadInitial = false;

    override help(): string {
      return 'Drag to draw a box; drag a box to move it, its corner to resize. Keys: N new box, arrows move (Shift resizes), Delete removes, 1–9 choose the label.';
    }

    override loadInitial(value: unknown): void {
      if (!Array.isArray(value)) return;
      this.hadInitial = true;
      this.boxes = value.filter((b) => b && typeof b === 'object').map((b) => ({ label: String(b.label ?? this.labels[0] ?? ''), left: Number(b.left) || 0, top: Number(b.top) || 0, width: Number(b.width) || 0, height: Number(b.height) || 0 }));
    }

    override onDown(e: PointerEvent): void {
      const p = this.point(e);
      const target = e.target as Element;
      const index = Number(target.getAttribute?.('data-index') ?? -1);
      this.stage.setPointerCapture?.(e.pointerId);
      if (target.getAttribute?.('data-handle') !== null && target.getAttribute?.('data-handle') !== undefined && index >= 0) {
        this.drag = { mode: 'resize', start: p, box: { ...(this.boxes[index] as Box) }, index };
      } else if (index >= 0) {
        this.selected = index;
        this.drag = { mode: 'move', start: p, box: { ...(this.boxes[index] as Box) }, index };
      } else {
        this.boxes.push({ label: this.label, left: p.x, top: p.y, width: 0, height: 0 });
        this.selected = this.boxes.length - 1;
        this.drag = { mode: 'draw', start: p, box: { label: this.label, left: p.x, top: p.y, width: 0, height: 0 }, index: this.selected };
      }
      this.redraw();
    }

    override onMove(e: PointerEvent): void {
      if (!this.drag) return;
      const p = this.point(e);
      const { start, box, index, mode } = this.drag;
      const b = this.boxes[index];
      if (!b) return;
      if (mode === 'draw') Object.assign(b, { left: Math.min(start.x, p.x), top: Math.min(start.y, p.y), width: Math.abs(p.x - start.x), height: Math.abs(p.y - start.y) });
      else if (mode === 'move') {
        b.left = this.clampX(box.left + p.x - start.x);
        b.top = this.clampY(box.top + p.y - start.y);
        if (this.natural.width > 0) b.left = Math.min(b.left, this.natural.width - b.width);
        if (this.natural.height > 0) b.top = Math.min(b.top, this.natural.height - b.height);
      } else {
        b.width = Math.max(1, box.width + p.x - start.x);
        b.height = Math.max(1, box.height + p.y - start.y);
      }
      this.redraw();
    }

    override onUp(): void {
      if (!this.drag) return;
      const b = this.boxes[this.drag.index];
      // A click without a drag does not make a box.
      if (this.drag.mode === 'draw' && b && (b.width < 3 || b.height < 3)) {
        this.boxes.splice(this.drag.index, 1);
        this.selected = -1;
      }
      this.drag = undefined;
      this.changed();
    }

    override onLabel(): void {
      const b = this.boxes[this.selected];
      if (b) {
        b.label = this.label;
        this.changed();
      }
    }

    override onKey(e: KeyboardEvent): boolean {
      const step = e.altKey ? 10 : 1;
      if (e.key === 'n' || e.key === 'N') {
        const w = Math.max(10, this.natural.width / 5);
        const hgt = Math.max(10, this.natural.height / 5);
        this.boxes.push({ label: this.label, left: (this.natural.width - w) / 2, top: (this.natural.height - hgt) / 2, width: w, height: hgt });
        this.selected = this.boxes.length - 1;
        this.changed();
        return true;
      }
      const b = this.boxes[this.selected];
      if (!b) return false;
      const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const m = moves[e.key];
      if (m) {
        if (e.shiftKey) {
          b.width = Math.max(1, b.width + m[0]);
          b.height = Math.max(1, b.height + m[1]);
        } else {
          b.left = this.clampX(b.left + m[0]);
          b.top = this.clampY(b.top + m[1]);
        }
        this.changed();
        return true;
      }
      if (e.key === 'Delete' || e.key === 'Backspace') {
        this.boxes.splice(this.selected, 1);
        this.selected = -1;
        this.changed();
        return true;
      }
      if (e.key === 'Escape') {
        this.selected = -1;
        this.redraw();
        return true;
      }
      return false;
    }

    override redraw(): void {
      if (!this.svg) return;
      const u = this.unit();
      this.svg.replaceChildren();
      this.boxes.forEach((b, i) => {
        const colour = this.colour(b.label);
        this.svg.append(this.svgEl('rect', { x: b.left, y: b.top, width: b.width, height: b.height, fill: `${colour}33`, stroke: colour, 'stroke-width': (i === this.selected ? 3 : 2) * u, 'data-index': i, style: 'cursor:move' }));
        if (i === this.selected) this.svg.append(this.svgEl('rect', { x: b.left + b.width - 5 * u, y: b.top + b.height - 5 * u, width: 10 * u, height: 10 * u, fill: '#fff', stroke: colour, 'stroke-width': 2 * u, 'data-index': i, 'data-handle': 'se', style: 'cursor:nwse-resize' }));
      });
      this.list.replaceChildren(...this.boxes.map((b, i) => h(this.ownerDocument, 'li', {}, `${i === this.selected ? '▶ ' : ''}${b.label}: ${Math.round(b.left)}, ${Math.round(b.top)}, ${Math.round(b.width)} × ${Math.round(b.height)} px`)));
    }

    get value() {
      return {
        boundingBoxes: this.boxes.map(round),
        inputImageProperties: this.inputImageProperties,
        ...(this.hadInitial ? { initialValueModified: this.modified } : {}),
      };
    }
  };
}
