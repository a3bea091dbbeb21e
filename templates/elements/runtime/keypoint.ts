import { h, type Win } from './dom.ts';
import { imageTool } from './image-tool.ts';

interface Point {
  label: string;
  x: number;
  y: number;
}

/**
 * crowd-keypoint: click to place a point with the chosen label; click a point to select it,
 * drag to move; arrows nudge it, Delete removes it. Answer:
 * `{ inputImageProperties, keypoints: [{label,x,y}] }` in image pixels.
 */
export function crowdKeypoint(win: Win) {
  return class CrowdKeypoint extends imageTool(win) {
    points: Point[] = [];
    selected = -1;
    dragging = false;

    override help(): string {
      return 'Click to place a point; drag a point to move it. Keys: arrows move the selected point, Delete removes it, 1–9 choose the label.';
    }

    override loadInitial(value: unknown): void {
      if (Array.isArray(value)) this.points = value.map((p) => ({ label: String(p.label), x: Number(p.x) || 0, y: Number(p.y) || 0 }));
    }

    override onDown(e: PointerEvent): void {
      const index = Number((e.target as Element).getAttribute?.('data-index') ?? -1);
      if (index >= 0) this.selected = index;
      else {
        const p = this.point(e);
        this.points.push({ label: this.label, x: p.x, y: p.y });
        this.selected = this.points.length - 1;
      }
      this.dragging = true;
      this.changed();
    }

    override onMove(e: PointerEvent): void {
      const p = this.points[this.selected];
      if (!this.dragging || !p) return;
      Object.assign(p, this.point(e));
      this.redraw();
    }

    override onUp(): void {
      this.dragging = false;
      this.changed();
    }

    override onKey(e: KeyboardEvent): boolean {
      const p = this.points[this.selected];
      if (!p) return false;
      const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      const m = moves[e.key];
      if (m) {
        p.x = this.clampX(p.x + m[0] * (e.altKey ? 10 : 1));
        p.y = this.clampY(p.y + m[1] * (e.altKey ? 10 : 1));
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        this.points.splice(this.selected, 1);
        this.selected = -1;
      } else return false;
      this.changed();
      return true;
    }

    override redraw(): void {
      if (!this.svg) return;
      const u = this.unit();
      this.svg.replaceChildren(...this.points.map((p, i) => this.svgEl('circle', { cx: p.x, cy: p.y, r: (i === this.selected ? 7 : 5) * u, fill: this.colour(p.label), stroke: '#fff', 'stroke-width': 2 * u, 'data-index': i })));
      this.list.replaceChildren(...this.points.map((p) => h(this.ownerDocument, 'li', {}, `${p.label}: ${Math.round(p.x)}, ${Math.round(p.y)}`)));
    }

    get value() {
      return { inputImageProperties: this.inputImageProperties, keypoints: this.points.map((p) => ({ label: p.label, x: Math.round(p.x), y: Math.round(p.y) })) };
    }
  };
}
