/**
 * A uniform grid over axis-aligned rectangles, to find the clusters a box, point or span can
 * touch without testing every cluster of the item. With it, clustering one item costs about
 * objects × (neighbours per cell) instead of objects², which is what a dense scene (thousands of
 * boxes in one image) or a long document (thousands of spans) needs.
 *
 * - Cells cover the item's extent; a rectangle (or part of one) outside it lands in the edge
 *   cells, so every pair of overlapping rectangles shares a cell (cell numbers are a monotone
 *   function of the coordinate).
 * - A rectangle covering more than a quarter of the cells sits in a list every query visits:
 *   a few huge boxes then cost what they did before instead of filling every cell.
 * - An extent or cell size that is not a positive finite number gives one cell, which is a full
 *   scan: the right answer for a threshold that lets disjoint shapes join (IoU ≥ 0).
 * - `near` reports each id once, in no particular order; callers pick winners with rules that do
 *   not depend on visiting order, so results are the same as with a full scan.
 */
/**
 * Objects in one item from which clustering looks candidates up in a grid instead of trying every
 * cluster. Below it a full scan is as fast (the pedestrian images hold about 30 boxes).
 */
export const GRID_FROM = 64;

export interface Extent {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Where a grid goes: the extent of an item's shapes and the cell size. Measured once per item;
 * each clustering pass then builds its own index from it.
 */
export interface GridFrame {
  count: number;
  extent: Extent;
  cellWidth: number;
  cellHeight: number;
}

/**
 * The frame of `count` shapes whose rectangle `rectOf(i, out)` writes into `out` as left, top,
 * right, bottom. Cells are `cell` when given (a matching radius), else the shapes' median width
 * and height.
 */
export function frameOf(count: number, rectOf: (i: number, out: Float64Array) => void, cell?: { width: number; height: number }): GridFrame {
  const extent = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  const widths = new Float64Array(count);
  const heights = new Float64Array(count);
  const r = new Float64Array(4);
  for (let i = 0; i < count; i++) {
    rectOf(i, r);
    extent.left = Math.min(extent.left, r[0] as number);
    extent.top = Math.min(extent.top, r[1] as number);
    extent.right = Math.max(extent.right, r[2] as number);
    extent.bottom = Math.max(extent.bottom, r[3] as number);
    widths[i] = (r[2] as number) - (r[0] as number);
    heights[i] = (r[3] as number) - (r[1] as number);
  }
  return { count, extent, cellWidth: cell?.width ?? typicalSize(widths, count), cellHeight: cell?.height ?? typicalSize(heights, count) };
}

export class GridIndex {
  /** Ids found by the last `near`, in `found[0 .. count)`. */
  readonly found: Int32Array;
  private readonly extent: Extent;
  private readonly columns: number;
  private readonly rows: number;
  private readonly cellWidth: number;
  private readonly cellHeight: number;
  private readonly cells: number[][];
  private readonly oversized: number[] = [];
  /** Per id: first/last column and row it is filed under; column −1 = not filed, −2 = oversized. */
  private readonly place: Int32Array;
  private readonly stamp: Uint32Array;
  private query = 0;

  /** An empty index over `frame`, for ids 0 .. frame.count − 1; never more than 2√count cells a side. */
  constructor(frame: GridFrame) {
    const { count: capacity, extent, cellWidth, cellHeight } = frame;
    const maxCellsPerAxis = Math.ceil(Math.sqrt(capacity)) * 2;
    this.extent = extent;
    this.columns = cellsAlong(extent.right - extent.left, cellWidth, maxCellsPerAxis);
    this.rows = cellsAlong(extent.bottom - extent.top, cellHeight, maxCellsPerAxis);
    this.cellWidth = (extent.right - extent.left) / this.columns;
    this.cellHeight = (extent.bottom - extent.top) / this.rows;
    this.cells = Array.from({ length: this.columns * this.rows }, () => []);
    this.place = new Int32Array(4 * capacity).fill(-1);
    this.stamp = new Uint32Array(capacity);
    this.found = new Int32Array(capacity);
  }

  /** Files `id` under the rectangle, moving it if it was filed elsewhere. */
  set(id: number, left: number, top: number, right: number, bottom: number): void {
    const c0 = this.column(left);
    const c1 = this.column(right);
    const r0 = this.row(top);
    const r1 = this.row(bottom);
    const spans = this.columns * this.rows > 1 && (c1 - c0 + 1) * (r1 - r0 + 1) * 4 > this.columns * this.rows;
    const p = 4 * id;
    const was = this.place[p] as number;
    // Same cells as before (always so with one cell): nothing to move.
    if (spans ? was === -2 : was === c0 && this.place[p + 1] === c1 && this.place[p + 2] === r0 && this.place[p + 3] === r1) return;
    if (was !== -1) this.remove(id);
    if (spans) {
      this.oversized.push(id);
      this.place[p] = -2;
      return;
    }
    this.place[p] = c0;
    this.place[p + 1] = c1;
    this.place[p + 2] = r0;
    this.place[p + 3] = r1;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) (this.cells[r * this.columns + c] as number[]).push(id);
  }

  /** Takes `id` out of the index. */
  remove(id: number): void {
    const p = 4 * id;
    const c0 = this.place[p] as number;
    if (c0 === -1) return;
    if (c0 === -2) dropFrom(this.oversized, id);
    else for (let r = this.place[p + 2] as number; r <= (this.place[p + 3] as number); r++) for (let c = c0; c <= (this.place[p + 1] as number); c++) dropFrom(this.cells[r * this.columns + c] as number[], id);
    this.place[p] = -1;
  }

  /** Puts every id filed in a cell the rectangle touches, once each, into `found`; returns how many. */
  near(left: number, top: number, right: number, bottom: number): number {
    const mark = ++this.query;
    if (mark === 0xffffffff) {
      this.stamp.fill(0);
      this.query = 1;
    }
    let count = 0;
    const c0 = this.column(left);
    const c1 = this.column(right);
    const r0 = this.row(top);
    const r1 = this.row(bottom);
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++)
        for (const id of this.cells[r * this.columns + c] as number[])
          if (this.stamp[id] !== this.query) {
            this.stamp[id] = this.query;
            this.found[count++] = id;
          }
    for (const id of this.oversized) this.found[count++] = id;
    return count;
  }

  private column(x: number): number {
    return clampCell(Math.floor((x - this.extent.left) / this.cellWidth), this.columns);
  }

  private row(y: number): number {
    return clampCell(Math.floor((y - this.extent.top) / this.cellHeight), this.rows);
  }
}

/** Cells along one axis: length / wanted size, at least 1, at most `max`; 1 when either is not a positive finite number. */
function cellsAlong(length: number, wanted: number, max: number): number {
  if (!(length > 0 && wanted > 0) || !Number.isFinite(length) || !Number.isFinite(wanted)) return 1;
  const n = Math.ceil(length / wanted);
  return Number.isFinite(n) ? Math.max(1, Math.min(max, n)) : 1;
}

/** Cell numbers outside the grid (and NaN, from an infinite coordinate) go to the nearest edge cell. */
function clampCell(i: number, count: number): number {
  return i >= 0 ? (i < count ? i : count - 1) : 0;
}

function dropFrom(list: number[], id: number): void {
  const at = list.indexOf(id);
  if (at < 0) return;
  list[at] = list[list.length - 1] as number;
  list.pop();
}

/** The median of `values` (upper middle for an even count; 0 for none): a typical object size for choosing a cell size. */
function typicalSize(values: ArrayLike<number>, count: number): number {
  if (count === 0) return 0;
  const sorted = Float64Array.from({ length: count }, (_, i) => values[i] as number).sort();
  return sorted[count >> 1] as number;
}
