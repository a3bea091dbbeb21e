import { medoidConsolidation } from '../medoid.ts';
import type { Algorithm } from '../types.ts';
import { iou } from './box.ts';

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

/**
 * Compares two shapes through their bounding boxes (cheap, and enough to rank whole answers).
 * Loops rather than Math.min(...xs): a spread of a huge vertex list overflows the call stack.
 */
function shapeBox(s: Shape) {
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

/** Symmetric best-match agreement of two answers' shapes (same label), in [0, 1]. */
export function shapeAgreement(a: ShapeAnswer, b: ShapeAnswer): number {
  if (a.shapes.length === 0 && b.shapes.length === 0) return 1;
  if (a.shapes.length === 0 || b.shapes.length === 0) return 0;
  const best = (from: Shape[], to: Shape[]) => {
    let sum = 0;
    for (const x of from) {
      let top = 0;
      for (const y of to) if (y.label === x.label) top = Math.max(top, iou(shapeBox(x), shapeBox(y)));
      sum += top;
    }
    return sum;
  };
  return (best(a.shapes, b.shapes) + best(b.shapes, a.shapes)) / (a.shapes.length + b.shapes.length);
}

/** The answer's usable shapes: two or more vertices, all finite, and a bounding box whose area does not overflow. */
function usableShapes(answer: ShapeAnswer | undefined): ShapeAnswer {
  return {
    shapes: (answer?.shapes ?? []).filter((s) => {
      if (!Array.isArray(s.vertices) || s.vertices.length < 2 || !s.vertices.every((v) => Number.isFinite(v.x) && Number.isFinite(v.y))) return false;
      const box = shapeBox(s);
      return Number.isFinite(box.width * box.height);
    }),
  };
}

/**
 * Polygons and polylines: averaging vertices of differently drawn shapes gives nonsense, so the
 * sound choice is the best-agreeing worker's whole answer (the medoid under shape agreement).
 * Confidence: its mean agreement with the other workers.
 */
export const polygonBestAgreement: Algorithm<ShapeAnswer, ShapeAnswer> = {
  name: 'polygon-best-agreement',
  kind: 'polygon',
  description: "The best-agreeing worker's shapes (medoid by overlap)",
  consolidate(records) {
    return medoidConsolidation(records.map((r) => ({ ...r, answer: usableShapes(r.answer) })), shapeAgreement, (answer) => answer);
  },
};

export const polylineBestAgreement: Algorithm<ShapeAnswer, ShapeAnswer> = { ...polygonBestAgreement, name: 'polyline-best-agreement', kind: 'polyline' };
