import { s, type Win } from './shared/dom.ts';
import { clampPoint, coordinate, type Point } from './shared/geometry.ts';
import { imageToolBase } from './shared/image-tool.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { isRecord, readArray, toNumber } from './shared/read-attributes.ts';

export interface Keypoint {
  label: string;
  x: number;
  y: number;
}

/**
 * crowd-keypoint. Mouse: click to place a point with the chosen label; drag a point to move
 * it. Keyboard: arrows move the keyboard cursor and Space places a point there; with a point
 * selected, arrows move it (Alt: 10 px); [ and ] step through points, Delete removes, 1–9/0
 * pick (or change) the label. Answer: `{ inputImageProperties, keypoints: [{label,x,y}] }` in
 * image pixels.
 */
export const crowdKeypoint: StandIn = {
  tag: 'crowd-keypoint',
  create: (win: Win) =>
    class CrowdKeypoint extends imageToolBase(win) {
      points: Keypoint[] = [];
      dragging = false;

      override get noun(): string {
        return 'point';
      }

      override pointerHelp(): string {
        return 'Click to place a point; drag a point to move it.';
      }

      override keyHelp(): Array<[string, string]> {
        return [
          ['1–9', 'label'],
          ['Arrows', 'move cursor or point (Alt: 10 px)'],
          ['Space', 'place at cursor'],
          ['[ ]', 'select'],
          ['Delete', 'remove'],
        ];
      }

      override loadInitialValue(): boolean {
        if (!this.hasAttribute('initial-value')) return false;
        this.points = [];
        readArray(this, 'initial-value').forEach((item, i) => {
          const x = isRecord(item) ? toNumber(item.x) : undefined;
          const y = isRecord(item) ? toNumber(item.y) : undefined;
          if (!isRecord(item) || x === undefined || y === undefined) {
            this.reportProblem(`initial-value[${i}]: expected {label, x, y} with numbers.`);
            return;
          }
          const label = String(item.label ?? '');
          // The docs require initial labels to exist in `labels`.
          if (!this.labels.includes(label)) this.reportProblem(`initial-value[${i}].label: "${label}" is not one of the labels.`);
          this.points.push({ label, x, y });
        });
        return true;
      }

      override clearShapes(): void {
        this.points = [];
      }

      override shapesAnswer(): Keypoint[] {
        return this.points.map((p) => ({ label: p.label, x: coordinate(p.x), y: coordinate(p.y) }));
      }

      override get value() {
        return this.withModified({ inputImageProperties: this.inputImageProperties, keypoints: this.shapesAnswer() });
      }

      override shapeItems() {
        return this.shapesAnswer().map((p) => ({ label: p.label, text: `${p.x}, ${p.y}` }));
      }

      override deleteShape(index: number): void {
        this.points.splice(index, 1);
      }

      override relabelShape(index: number, label: string): void {
        const p = this.points[index];
        if (p) p.label = label;
      }

      /** Places a point (also for scripts and tests) and selects it. */
      addPoint(point: Keypoint): void {
        this.points.push({ ...point });
        this.select(this.points.length - 1, false, false);
        this.say(`Placed point ${this.points.length}: ${point.label} at ${Math.round(point.x)}, ${Math.round(point.y)}.`);
      }

      override onPointerDown(p: Point, target: Element): void {
        const index = Number(target.getAttribute?.('data-index') ?? -1);
        if (this.points[index]) this.select(index, true);
        else this.addPoint({ label: this.label, x: p.x, y: p.y });
        this.dragging = true;
      }

      override onPointerMove(p: Point): void {
        const point = this.points[this.selected];
        if (!this.dragging || !point) return;
        point.x = p.x;
        point.y = p.y;
        this.refresh();
      }

      override onPointerUp(): void {
        this.dragging = false;
        this.refresh();
      }

      override onCursorActivate(p: Point): void {
        this.addPoint({ label: this.label, x: p.x, y: p.y });
        // The cursor stays where it is, so the next point starts from here.
        this.cursor = p;
        this.selected = -1;
        this.refresh();
      }

      override onNudge(by: Point): boolean {
        const point = this.points[this.selected];
        if (!point) return false;
        Object.assign(point, clampPoint({ x: point.x + by.x, y: point.y + by.y }, this.natural));
        this.refresh();
        return true;
      }

      override draw(unit: number): void {
        const doc = this.ownerDocument;
        this.points.forEach((p, i) => {
          const chosen = i === this.selected;
          const colour = this.colourOf(p.label);
          this.svg.append(s(doc, 'circle', { cx: p.x, cy: p.y, r: (chosen ? 8 : 6) * unit, fill: colour, stroke: chosen ? '#111' : '#fff', 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke', 'data-index': i, style: 'cursor:move' }));
          this.drawTag(p.x + 8 * unit, p.y - 8 * unit, p.label, colour, unit);
        });
      }
    },
};
