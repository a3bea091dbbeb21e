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

/** Compares two shapes through their bounding boxes (cheap, and enough to rank whole answers). */
function shapeBox(s: Shape) {
  const xs = s.vertices.map((v) => v.x);
  const ys = s.vertices.map((v) => v.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left || 1e-6, height: Math.max(...ys) - top || 1e-6 };
}

/** Symmetric best-match agreement of two answers' shapes (same label), in [0, 1]. */
export function shapeAgreement(a: ShapeAnswer, b: ShapeAnswer): number {
  if (a.shapes.length === 0 && b.shapes.length === 0) return 1;
  if (a.shapes.length === 0 || b.shapes.length === 0) return 0;
  const best = (from: Shape[], to: Shape[]) => from.reduce((s, x) => s + Math.max(0, ...to.filter((y) => y.label === x.label).map((y) => iou(shapeBox(x), shapeBox(y)))), 0);
  return (best(a.shapes, b.shapes) + best(b.shapes, a.shapes)) / (a.shapes.length + b.shapes.length);
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
    return medoidConsolidation(records.map((r) => ({ ...r, answer: { shapes: (r.answer?.shapes ?? []).filter((s) => s.vertices.length >= 2 && s.vertices.every((v) => Number.isFinite(v.x) && Number.isFinite(v.y))) } })), shapeAgreement);
  },
};

export const polylineBestAgreement: Algorithm<ShapeAnswer, ShapeAnswer> = { ...polygonBestAgreement, name: 'polyline-best-agreement', kind: 'polyline' };
