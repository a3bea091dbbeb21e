import { h, type Win } from './dom.ts';
import { imageTool } from './image-tool.ts';

interface Shape {
  label: string;
  vertices: Array<{ x: number; y: number }>;
}

/**
 * crowd-polygon (and crowd-line / crowd-polyline with `kind`): click to add vertices; a polygon
 * closes by clicking its first vertex or pressing Enter (a line ends after two points, a
 * polyline on Enter). Escape cancels the shape being drawn; click a finished shape to select it,
 * Delete removes it. Answer: `{ inputImageProperties, polygons|lines|polylines: [{label, vertices}] }`.
 */
export function crowdShapes(win: Win, kind: 'polygons' | 'lines' | 'polylines') {
  return class CrowdShapes extends imageTool(win) {
    shapes: Shape[] = [];
    drawing?: Shape;
    selected = -1;
    hadInitial = false;

    override help(): string {
      return kind === 'polygons'
        ? 'Click to add points; click the first point or press Enter to close the polygon. Escape cancels, Delete removes the selected polygon, 1–9 choose the label.'
        : 'Click to add points; press Enter to finish the line. Escape cancels, Delete removes the selected line.';
    }

    override loadInitial(value: unknown): void {
      const list = Array.isArray(value) ? value : (value as Record<string, unknown> | undefined)?.[kind];
      if (!Array.isArray(list)) return;
      this.hadInitial = true;
      this.shapes = list.map((s) => ({ label: String(s.label), vertices: (s.vertices ?? []).map((v: { x: number; y: number }) => ({ x: Number(v.x), y: Number(v.y) })) }));
    }

    finish(): void {
      const min = kind === 'polygons' ? 3 : 2;
      if (this.drawing && this.drawing.vertices.length >= min) {
        this.shapes.push(this.drawing);
        this.selected = this.shapes.length - 1;
      }
      this.drawing = undefined;
      this.changed();
    }

    override onDown(e: PointerEvent): void {
      const target = e.target as Element;
      const index = Number(target.getAttribute?.('data-index') ?? -1);
      if (!this.drawing && index >= 0) {
        this.selected = index;
        this.redraw();
        return;
      }
      const p = this.point(e);
      if (this.drawing && kind === 'polygons' && target.getAttribute?.('data-first') !== null && target.getAttribute?.('data-first') !== undefined) return this.finish();
      this.drawing ??= { label: this.label, vertices: [] };
      this.drawing.vertices.push(p);
      if (kind === 'lines' && this.drawing.vertices.length === 2) return this.finish();
      this.redraw();
    }

    override onKey(e: KeyboardEvent): boolean {
      if (e.key === 'Enter' && this.drawing) this.finish();
      else if (e.key === 'Escape' && this.drawing) {
        this.drawing = undefined;
        this.redraw();
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && this.selected >= 0) {
        this.shapes.splice(this.selected, 1);
        this.selected = -1;
        this.changed();
      } else return false;
      return true;
    }

    override redraw(): void {
      if (!this.svg) return;
      const u = this.unit();
      const pts = (s: Shape) => s.vertices.map((v) => `${v.x},${v.y}`).join(' ');
      const tag = kind === 'polygons' ? 'polygon' : 'polyline';
      this.svg.replaceChildren(
        ...this.shapes.map((s, i) => this.svgEl(tag, { points: pts(s), fill: kind === 'polygons' ? `${this.colour(s.label)}33` : 'none', stroke: this.colour(s.label), 'stroke-width': (i === this.selected ? 3 : 2) * u, 'data-index': i })),
      );
      if (this.drawing) {
        this.svg.append(this.svgEl('polyline', { points: pts(this.drawing), fill: 'none', stroke: this.colour(this.drawing.label), 'stroke-width': 2 * u, 'stroke-dasharray': `${4 * u}` }));
        this.drawing.vertices.forEach((v, i) => this.svg.append(this.svgEl('circle', { cx: v.x, cy: v.y, r: (i === 0 ? 7 : 4) * u, fill: i === 0 ? '#fff' : this.colour(this.drawing?.label ?? ''), stroke: this.colour(this.drawing?.label ?? ''), 'stroke-width': 2 * u, ...(i === 0 ? { 'data-first': 'true' } : {}) })));
      }
      this.list.replaceChildren(...this.shapes.map((s) => h(this.ownerDocument, 'li', {}, `${s.label}: ${s.vertices.length} points`)));
    }

    get value() {
      return {
        inputImageProperties: this.inputImageProperties,
        [kind]: this.shapes.map((s) => ({ label: s.label, vertices: s.vertices.map((v) => ({ x: Math.round(v.x), y: Math.round(v.y) })) })),
        ...(this.hadInitial ? { initialValueModified: this.modified } : {}),
      };
    }
  };
}
