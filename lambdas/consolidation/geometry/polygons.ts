import { medoidConsolidation } from '../medoid.ts';
import type { Algorithm } from '../types.ts';
import { boxIou } from './box.ts';
import { checked } from '../checked.ts';

export interface Vertex {
  x: number;
  y: number;
}
export interface Shape {
  label: string;
  vertices: Vertex[];
}
export interface ShapeAnswer {
  shapes: Shape[];
}

/** A shape as compared: its label and bounding box (cheap, and enough to rank whole answers). */
interface ShapeBox {
  label: string;
  box: { left: number; top: number; width: number; height: number };
}

/** The bounding box of a shape; loops rather than Math.min(...xs), whose spread of a huge vertex list overflows the call stack. */
function shapeBox(s: Shape): ShapeBox['box'] {
  let left = Number.POSITIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const v of s.vertices) {
    if (v.x < left) left = v.x;
    if (v.x > right) right = v.x;
    if (v.y < top) top = v.y;
    if (v.y > bottom) bottom = v.y;
  }
  return { left, top, width: right - left || 1e-6, height: bottom - top || 1e-6 };
}

/**
 * An answer's usable shapes (two or more vertices, all finite, an area that does not overflow),
 * with their boxes measured once: the medoid compares every pair of answers.
 */
function usableShapes(answer: ShapeAnswer | undefined): { answer: ShapeAnswer; boxes: ShapeBox[] } {
  const shapes: Shape[] = [];
  const boxes: ShapeBox[] = [];
  for (const s of answer?.shapes ?? []) {
    if (!Array.isArray(s.vertices) || s.vertices.length < 2 || !s.vertices.every((v) => Number.isFinite(v.x) && Number.isFinite(v.y))) continue;
    const box = shapeBox(s);
    if (!Number.isFinite(box.width * box.height)) continue;
    shapes.push(s);
    boxes.push({ label: s.label, box });
  }
  return { answer: { shapes }, boxes };
}

/** Symmetric best-match agreement of two answers' shapes (same label), in [0, 1]. */
function shapeAgreement(a: ShapeBox[], b: ShapeBox[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const best = (from: ShapeBox[], to: ShapeBox[]) => {
    let sum = 0;
    for (const x of from) {
      let top = 0;
      for (const y of to) if (y.label === x.label) top = Math.max(top, boxIou(x.box, y.box));
      sum += top;
    }
    return sum;
  };
  return (best(a, b) + best(b, a)) / (a.length + b.length);
}

/**
 * Polygons and polylines: averaging vertices of differently drawn shapes gives nonsense, so the
 * sound choice is the best-agreeing worker's whole answer (the medoid under shape agreement).
 * Confidence: its mean agreement with the other workers.
 */
const shapeMedoid: Algorithm<ShapeAnswer, ShapeAnswer> = {
  name: 'polygon-best-agreement',
  kind: 'polygon',
  description: "The best-agreeing worker's shapes (medoid by overlap)",
  optionSpecs: {},
  consolidate(records) {
    const usable = records.map((r) => ({ ...r, ...usableShapes(r.answer), drew: (r.answer?.shapes ?? []).length }));
    // The label is the usable answer; the comparisons use its boxes, measured in usableShapes.
    // An answer whose every shape is unusable (NaN vertices, say) is left out, not taken as
    // "nothing here", which would let a broken answer outvote a valid one.
    const boxesOf = new Map(usable.filter((u) => u.drew === 0 || u.boxes.length > 0).map((u) => [u.answer, u.boxes]));
    return medoidConsolidation(usable, shapeAgreement, (answer) => boxesOf.get(answer));
  },
};

export const polygonBestAgreement: Algorithm<ShapeAnswer, ShapeAnswer> = /* @__PURE__ */ checked(shapeMedoid);
/** Polylines as polygons; checked on its own, so that its messages name it. */
export const polylineBestAgreement = /* @__PURE__ */ checked<ShapeAnswer, ShapeAnswer>({ ...shapeMedoid, name: 'polyline-best-agreement', kind: 'polyline' });
