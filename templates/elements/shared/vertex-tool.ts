import { s, type Win } from './dom.ts';
import { coordinate, distance, translateInside, clampPoint, type Point } from './geometry.ts';
import { imageToolBase } from './image-tool.ts';
import { perWindow } from './per-window.ts';
import { isRecord, readStructured, toNumber } from './read-attributes.ts';

export interface VertexShape {
  label: string;
  vertices: Point[];
}

/** What differs between polygons, lines and polylines. */
export interface VertexKind {
  /** The answer's list key, also the key of an object-shaped `initial-value`. */
  key: 'polygons' | 'lines' | 'polylines';
  noun: string;
  closed: boolean;
  minVertices: number;
  /** A line ends by itself after its second vertex. */
  maxVertices: number;
}

type Drag = { mode: 'vertex'; vertex: number } | { mode: 'move'; start: Point; original: Point[] };

/**
 * The shared tool for shapes made of vertices. Mouse: click to add vertices (the first click
 * starts a shape); a polygon closes on its first vertex, Enter or a double-click; a polyline
 * ends on Enter or a double-click; a line after two clicks. Click an outline to select a shape,
 * then drag its vertices or its body. Keyboard: Space adds a vertex at the keyboard cursor,
 * Enter finishes, Backspace removes the last vertex, Escape cancels; with a shape selected,
 * arrows move it, Delete removes it.
 */
export function vertexToolBase(win: Win) {
  return perWindow(win, makeVertexToolBase);
}

function makeVertexToolBase(win: Win) {
  return class VertexTool extends imageToolBase(win) {
    shapes: VertexShape[] = [];
    drawing: VertexShape | null = null;
    hover: Point | null = null;
    drag?: Drag;

    /** Subclasses say which kind of shape they draw. */
    get kind(): VertexKind {
      return { key: 'polygons', noun: 'polygon', closed: true, minVertices: 3, maxVertices: Infinity };
    }

    override get noun(): string {
      return this.kind.noun;
    }

    override pointerHelp(): string {
      const k = this.kind;
      if (k.maxVertices === 2) return 'Click the two ends of a line. Click an outline to select a line, then drag its ends or the line.';
      return k.closed
        ? 'Click around the outline; close the polygon on its first point, with Enter or a double-click. Click an outline to select a polygon, then drag its points or its body.'
        : 'Click along the line; finish with Enter or a double-click. Click a line to select it, then drag its points or the line.';
    }

    override keyHelp(): Array<[string, string]> {
      return [
        ['1–9', 'label'],
        ['Arrows', 'move cursor or shape'],
        ['Space', 'add point at cursor'],
        ['Enter', 'finish'],
        ['Backspace', 'undo point'],
        ['Esc', 'cancel'],
        ['Delete', 'remove selected'],
      ];
    }

    override loadInitialValue(): boolean {
      if (!this.hasAttribute('initial-value')) return false;
      const raw = readStructured(this, 'initial-value');
      const list = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw[this.kind.key]) ? (raw[this.kind.key] as unknown[]) : undefined;
      this.shapes = [];
      if (!list) {
        if (raw !== undefined) this.reportProblem(`initial-value: expected {"${this.kind.key}": [{label, vertices}]} or a list of {label, vertices}.`);
        return raw !== undefined;
      }
      list.forEach((item, i) => {
        const vertices = isRecord(item) && Array.isArray(item.vertices) ? item.vertices.map((v) => (isRecord(v) ? { x: toNumber(v.x), y: toNumber(v.y) } : { x: undefined, y: undefined })) : [];
        if (!isRecord(item) || vertices.length < this.kind.minVertices || vertices.some((v) => v.x === undefined || v.y === undefined)) {
          this.reportProblem(`initial-value ${this.kind.key}[${i}]: expected {label, vertices: [{x, y}, …]} with at least ${this.kind.minVertices} numeric vertices.`);
          return;
        }
        const label = String(item.label ?? '');
        if (!this.labels.includes(label)) this.reportProblem(`initial-value ${this.kind.key}[${i}].label: "${label}" is not one of the labels.`);
        this.shapes.push({ label, vertices: vertices as Point[] });
      });
      return true;
    }

    override clearShapes(): void {
      this.shapes = [];
      this.drawing = null;
    }

    override shapesAnswer(): VertexShape[] {
      return this.shapes.map((sh) => ({ label: sh.label, vertices: sh.vertices.map((v) => ({ x: coordinate(v.x), y: coordinate(v.y) })) }));
    }

    override get value() {
      return this.withModified({ inputImageProperties: this.inputImageProperties, [this.kind.key]: this.shapesAnswer() });
    }

    override shapeItems() {
      return this.shapesAnswer().map((sh) => ({ label: sh.label, text: `${sh.vertices.length} points${sh.vertices[0] ? `, from ${sh.vertices[0].x}, ${sh.vertices[0].y}` : ''}` }));
    }

    override deleteShape(index: number): void {
      this.shapes.splice(index, 1);
    }

    override relabelShape(index: number, label: string): void {
      const sh = this.shapes[index];
      if (sh) sh.label = label;
    }

    override labelPicked(index: number): void {
      if (this.drawing) {
        this.drawing.label = this.labels[index] ?? '';
        this.refresh();
        this.say(`Label: ${this.drawing.label}.`);
      } else super.labelPicked(index);
    }

    /** Adds a vertex to the shape being drawn (starting one if needed). */
    addVertex(p: Point): void {
      if (!this.drawing) {
        this.drawing = { label: this.label, vertices: [] };
        this.selected = -1;
      }
      this.drawing.vertices.push(p);
      const n = this.drawing.vertices.length;
      if (n >= this.kind.maxVertices) this.finish();
      else {
        this.say(`Point ${n} at ${Math.round(p.x)}, ${Math.round(p.y)}.`);
        this.refresh();
      }
    }

    /** Ends the shape being drawn: kept when it has enough distinct vertices, else dropped. */
    finish(): void {
      const shape = this.drawing;
      this.drawing = null;
      if (!shape) return;
      // A double-click adds the same point twice before it finishes: drop repeats.
      const near = 2 * this.unit();
      const vertices = shape.vertices.filter((v, i) => i === 0 || distance(v, shape.vertices[i - 1] as Point) > near);
      if (this.kind.closed && vertices.length > 1 && distance(vertices[0] as Point, vertices[vertices.length - 1] as Point) <= near) vertices.pop();
      if (vertices.length < this.kind.minVertices) {
        this.say(`A ${this.noun} needs at least ${this.kind.minVertices} points; nothing added.`);
        this.refresh();
        return;
      }
      this.shapes.push({ label: shape.label, vertices });
      this.select(this.shapes.length - 1, false, false);
      this.say(`Added ${this.noun} ${this.shapes.length}: ${shape.label}, ${vertices.length} points.`);
    }

    override onPointerDown(p: Point, target: Element): void {
      if (this.drawing) {
        const first = target.hasAttribute?.('data-first');
        if (first && this.kind.closed && this.drawing.vertices.length >= this.kind.minVertices) this.finish();
        else this.addVertex(p);
        return;
      }
      const index = Number(target.getAttribute?.('data-index') ?? -1);
      const vertex = Number(target.getAttribute?.('data-vertex') ?? -1);
      const shape = this.shapes[index];
      if (shape && vertex >= 0 && index === this.selected) this.drag = { mode: 'vertex', vertex };
      else if (shape) {
        if (index !== this.selected) this.select(index, true);
        this.drag = { mode: 'move', start: p, original: shape.vertices.map((v) => ({ ...v })) };
      } else this.addVertex(p);
    }

    override onPointerMove(p: Point): void {
      const shape = this.shapes[this.selected];
      const drag = this.drag;
      if (!shape || !drag) return;
      if (drag.mode === 'vertex') shape.vertices[drag.vertex] = p;
      else shape.vertices = translateInside(drag.original, { x: p.x - drag.start.x, y: p.y - drag.start.y }, this.natural);
      this.refresh();
    }

    override onPointerUp(): void {
      this.drag = undefined;
    }

    override onPointerHover(p: Point): void {
      if (!this.drawing) return;
      this.hover = p;
      this.refresh();
    }

    override onDoubleClick(): void {
      if (this.drawing) this.finish();
    }

    override onKey(e: KeyboardEvent): boolean {
      if (!this.drawing) return false;
      if (e.key === 'Enter') this.finish();
      else if (e.key === 'Escape') {
        this.drawing = null;
        this.say(`${this.noun} cancelled.`);
        this.refresh();
      } else if (e.key === 'Backspace' || e.key === 'Delete') {
        this.drawing.vertices.pop();
        if (this.drawing.vertices.length === 0) this.drawing = null;
        this.refresh();
      } else return false;
      return true;
    }

    override onCursorActivate(p: Point): void {
      this.addVertex(p);
      this.cursor = p;
      this.refresh();
    }

    override onNudge(by: Point): boolean {
      if (this.drawing) return false;
      const shape = this.shapes[this.selected];
      if (!shape) return false;
      shape.vertices = translateInside(shape.vertices, by, this.natural);
      this.refresh();
      return true;
    }

    override draw(unit: number): void {
      const doc = this.ownerDocument;
      const points = (vs: Point[]) => vs.map((v) => `${v.x},${v.y}`).join(' ');
      const tag = this.kind.closed ? 'polygon' : 'polyline';
      this.shapes.forEach((sh, i) => {
        const colour = this.colourOf(sh.label);
        const chosen = i === this.selected;
        const fill = this.kind.closed ? `${colour}${chosen ? '40' : '26'}` : 'none';
        this.svg.append(s(doc, tag, { points: points(sh.vertices), fill, stroke: colour, 'stroke-width': chosen ? 3 : 2, 'stroke-linejoin': 'round', 'vector-effect': 'non-scaling-stroke', 'pointer-events': chosen ? (this.kind.closed ? 'all' : 'stroke') : 'none', 'data-index': i, style: chosen ? 'cursor:move' : undefined }));
        // A wide invisible outline makes thin shapes easy to pick.
        this.svg.append(s(doc, tag, { points: points(sh.vertices), fill: 'none', stroke: 'transparent', 'stroke-width': 12, 'vector-effect': 'non-scaling-stroke', 'pointer-events': 'stroke', 'data-index': i, style: chosen ? 'cursor:move' : 'cursor:pointer' }));
        // The tag sits above the shape's top-most point.
        const top = sh.vertices.reduce<Point | undefined>((best, v) => (!best || v.y < best.y ? v : best), undefined);
        if (top) this.drawTag(top.x, top.y - 4 * unit, sh.label, colour, unit);
        if (chosen) sh.vertices.forEach((v, j) => this.svg.append(s(doc, 'circle', { cx: v.x, cy: v.y, r: 5 * unit, fill: '#fff', stroke: colour, 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke', 'data-index': i, 'data-vertex': j, style: 'cursor:grab' })));
      });
      const drawing = this.drawing;
      if (!drawing) return;
      const colour = this.colourOf(drawing.label);
      const trail = this.hover ? [...drawing.vertices, clampPoint(this.hover, this.natural)] : drawing.vertices;
      this.svg.append(s(doc, 'polyline', { points: points(trail), fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': '6 4', 'vector-effect': 'non-scaling-stroke', 'pointer-events': 'none' }));
      drawing.vertices.forEach((v, j) => {
        const first = j === 0;
        this.svg.append(s(doc, 'circle', { cx: v.x, cy: v.y, r: (first ? 7 : 4) * unit, fill: first ? '#fff' : colour, stroke: colour, 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke', 'data-first': first ? '' : undefined, style: first ? 'cursor:pointer' : undefined }));
      });
    }
  };
}
