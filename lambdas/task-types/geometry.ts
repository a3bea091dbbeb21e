import { arr, imageSize, num, obj, str } from './check-answer.ts';
import { defineTaskType, fieldOf, gaussian, objectAndLabelNames, pick, type Random, type SimulatedWorker, type TaskInputBuilder, type TruthShape } from './define.ts';
import { simulatedLabel } from './classification.ts';
import { iou, setAgreement } from './similarity.ts';
import { withModifiedFlag, type AdjustableAnswer } from './answer-notes.ts';

export interface ImageTaskInput {
  taskObject: string;
  labels: string[];
}

export interface ImageSize {
  width: number;
  height: number;
}

export interface Box {
  label: string;
  left: number;
  top: number;
  width: number;
  height: number;
}
export interface BoundingBoxAnswer extends AdjustableAnswer {
  boundingBoxes: Box[];
  inputImageProperties: ImageSize;
}

export type { Keypoint } from '../consolidation/geometry/keypoints.ts';
import type { Keypoint } from '../consolidation/geometry/keypoints.ts';
export interface KeypointAnswer extends AdjustableAnswer {
  keypoints: Keypoint[];
  inputImageProperties: ImageSize;
}

export interface Polygon {
  label: string;
  vertices: Array<{ x: number; y: number }>;
}
export interface PolygonAnswer extends AdjustableAnswer {
  polygons: Polygon[];
  inputImageProperties: ImageSize;
}

/** Truth for image tasks in a manifest: `{ imageSize?, boxes | keypoints | polygons }` or a bare list. */
const defaultImage: ImageSize = { width: 640, height: 480 };

export function truthList<T>(truth: unknown, key: string): { items: T[] | undefined; size: ImageSize } {
  if (Array.isArray(truth)) return { items: truth as T[], size: defaultImage };
  if (truth && typeof truth === 'object') {
    const t = truth as Record<string, unknown>;
    const size = t.imageSize && typeof t.imageSize === 'object' ? (t.imageSize as ImageSize) : defaultImage;
    return { items: Array.isArray(t[key]) ? (t[key] as T[]) : undefined, size };
  }
  return { items: undefined, size: defaultImage };
}

/**
 * A truth the geometry simulations read: a list, or `{ <key>: [...], imageSize }`. Marked free of
 * side effects: a call among a definition's properties would otherwise keep the whole definition
 * in a bundle that only uses the type's task-input builder (a PRE: 51 KB instead of 44 KB).
 */
/* @__NO_SIDE_EFFECTS__ */ export function truthShape(key: string): TruthShape {
  return { usable: (truth) => truthList(truth, key).items !== undefined, expected: `a list of ${key}` };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round1 = (v: number) => Math.round(v);

/** Invented objects for a line without truth: 1–3 of them, placed by the seeded source, in whole pixels as the element submits them. */
export function inventBoxes(labels: string[], size: ImageSize, random: Random): Box[] {
  const count = 1 + Math.floor(random() * 3);
  return Array.from({ length: count }, () => {
    const width = 40 + random() * size.width * 0.3;
    const height = 40 + random() * size.height * 0.3;
    return { label: pick(labels, random), left: round1(random() * (size.width - width)), top: round1(random() * (size.height - height)), width: round1(width), height: round1(height) };
  });
}

/**
 * How far an honest worker's box edges stray, as a share of the box's size: about a tenth for
 * the least accurate. The jitter helpers below are shared with the dry run's adjusted shapes
 * (scaffold/run/adjusted-shapes.ts), so tuning the noise here tunes both.
 */
export function boxJitter(accuracy: number): number {
  return (1.2 - accuracy) * 0.1;
}

/**
 * A box's edges, each moved by a normal draw of boxJitter times the box's size (drawn left, top,
 * right, bottom), then ordered so left ≤ right and top ≤ bottom; neither rounded nor bounded, as
 * the callers bound them differently (by the image, or by 0 alone where its size is not known).
 */
export function jitteredEdges(box: { left: number; top: number; width: number; height: number }, accuracy: number, random: Random): { left: number; top: number; right: number; bottom: number } {
  const jitter = boxJitter(accuracy);
  const left = box.left + gaussian(random) * jitter * box.width;
  const top = box.top + gaussian(random) * jitter * box.height;
  const right = box.left + box.width + gaussian(random) * jitter * box.width;
  const bottom = box.top + box.height + gaussian(random) * jitter * box.height;
  return { left: Math.min(left, right), top: Math.min(top, bottom), right: Math.max(left, right), bottom: Math.max(top, bottom) };
}

/** A point moved by a normal draw of (1.2 − accuracy) × 20 pixels on each axis (x drawn first); neither rounded nor bounded. */
export function jitteredPoint(point: { x: number; y: number }, accuracy: number, random: Random): { x: number; y: number } {
  const x = point.x + gaussian(random) * (1.2 - accuracy) * 20;
  return { x, y: point.y + gaussian(random) * (1.2 - accuracy) * 20 };
}

/** A worker's noisy copy of the true boxes: misses, jitter (boxJitter), label flips, a spurious box now and then. */
function noisyBoxes(truth: Box[], labels: string[], size: ImageSize, worker: SimulatedWorker, random: Random): Box[] {
  if (worker.spammer) return inventBoxes(labels, size, random);
  const out: Box[] = [];
  for (const b of truth) {
    if (random() > 0.5 + worker.accuracy / 2) continue; // missed
    const edges = jitteredEdges(b, worker.accuracy, random);
    const l = clamp(edges.left, 0, size.width - 1);
    const t = clamp(edges.top, 0, size.height - 1);
    out.push({
      label: simulatedLabel(b.label, labels, worker, random),
      left: round1(l),
      top: round1(t),
      width: Math.max(1, round1(clamp(edges.right, 0, size.width) - l)),
      height: Math.max(1, round1(clamp(edges.bottom, 0, size.height) - t)),
    });
  }
  if (random() < 0.1) out.push(...inventBoxes(labels, size, random).slice(0, 1));
  return out;
}

export function parseBox(value: unknown, path: string): Box {
  const b = obj(value, path);
  return { label: str(b.label, `${path}.label`), left: num(b.left, `${path}.left`), top: num(b.top, `${path}.top`), width: num(b.width, `${path}.width`), height: num(b.height, `${path}.height`) };
}

/**
 * `task.input` of each geometry type (the image, `source-ref`, and the label names), as its
 * definition's `buildTaskInput` builds it: what a scaffolded `pre.ts` calls, so the PRE bundles
 * this and not the definition.
 */
export const boundingBoxTaskInputOf: TaskInputBuilder<ImageTaskInput> = objectAndLabelNames;
export const keypointTaskInputOf: TaskInputBuilder<ImageTaskInput> = objectAndLabelNames;
export const polygonTaskInputOf: TaskInputBuilder<ImageTaskInput> = objectAndLabelNames;

export const boundingBox = /* @__PURE__ */ defineTaskType<ImageTaskInput, BoundingBoxAnswer>({
  name: 'bounding-box',
  answerField: 'annotatedResult',
  answerKind: 'box',
  defaultAlgorithm: 'box-merge',
  labelCount: { min: 1, max: 50 },
  taskInputType: 'ImageTaskInput',
  outputType: 'groundtruth/object-detection',
  buildTaskInput: objectAndLabelNames,
  parseAnswer(answerContent) {
    const a = obj(fieldOf(answerContent, 'annotatedResult'), 'answer.annotatedResult');
    const answer = {
      boundingBoxes: arr(a.boundingBoxes ?? [], 'answer.annotatedResult.boundingBoxes').map((b, i) => parseBox(b, `answer.annotatedResult.boundingBoxes[${i}]`)),
      inputImageProperties: imageSize(a.inputImageProperties, 'answer.annotatedResult.inputImageProperties'),
    };
    return withModifiedFlag(answer, a);
  },
  truth: truthShape('boxes'),
  simulate({ truth, worker, random, labels }) {
    const { items, size } = truthList<Box>(truth, 'boxes');
    const truthBoxes = items ?? inventBoxes(labels, size, random);
    return { annotatedResult: { boundingBoxes: noisyBoxes(truthBoxes, labels, size, worker, random), inputImageProperties: size } };
  },
  similarity: (a, b) => setAgreement(a.boundingBoxes, b.boundingBoxes, iou),
});

export const keypoint = /* @__PURE__ */ defineTaskType<ImageTaskInput, KeypointAnswer>({
  name: 'keypoint',
  answerField: 'annotatedResult',
  answerKind: 'keypoint',
  defaultAlgorithm: 'keypoint-merge',
  labelCount: { min: 1, max: Infinity },
  taskInputType: 'ImageTaskInput',
  outputType: 'groundtruth/custom',
  buildTaskInput: objectAndLabelNames,
  parseAnswer(answerContent) {
    const a = obj(fieldOf(answerContent, 'annotatedResult'), 'answer.annotatedResult');
    const answer = {
      keypoints: arr(a.keypoints ?? [], 'answer.annotatedResult.keypoints').map((k, i) => {
        const p = obj(k, `answer.annotatedResult.keypoints[${i}]`);
        return { label: str(p.label, `answer.annotatedResult.keypoints[${i}].label`), x: num(p.x, `answer.annotatedResult.keypoints[${i}].x`), y: num(p.y, `answer.annotatedResult.keypoints[${i}].y`) };
      }),
      inputImageProperties: imageSize(a.inputImageProperties, 'answer.annotatedResult.inputImageProperties'),
    };
    return withModifiedFlag(answer, a);
  },
  truth: truthShape('keypoints'),
  simulate({ truth, worker, random, labels }) {
    const { items, size } = truthList<Keypoint>(truth, 'keypoints');
    const points = items ?? labels.map((label) => ({ label, x: random() * size.width, y: random() * size.height }));
    const keypoints = worker.spammer
      ? labels.map((label) => ({ label, x: round1(random() * size.width), y: round1(random() * size.height) }))
      : points
          .filter(() => random() < 0.5 + worker.accuracy / 2)
          .map((p) => {
            const moved = jitteredPoint(p, worker.accuracy, random);
            return { label: p.label, x: round1(clamp(moved.x, 0, size.width)), y: round1(clamp(moved.y, 0, size.height)) };
          });
    return { annotatedResult: { keypoints, inputImageProperties: size } };
  },
  // Points within 5 % of the image diagonal count as the same point.
  similarity: (a, b) => {
    const diagonal = Math.hypot(a.inputImageProperties.width, a.inputImageProperties.height) || 1;
    return setAgreement(a.keypoints, b.keypoints, (p, q) => Math.max(0, 1 - Math.hypot(p.x - q.x, p.y - q.y) / (0.05 * diagonal)));
  },
});

export const polygon = /* @__PURE__ */ defineTaskType<ImageTaskInput, PolygonAnswer>({
  name: 'polygon',
  answerField: 'annotatedResult',
  answerKind: 'polygon',
  defaultAlgorithm: 'polygon-best-agreement',
  labelCount: { min: 1, max: Infinity },
  taskInputType: 'ImageTaskInput',
  outputType: 'groundtruth/custom',
  buildTaskInput: objectAndLabelNames,
  parseAnswer(answerContent) {
    const a = obj(fieldOf(answerContent, 'annotatedResult'), 'answer.annotatedResult');
    const answer = {
      polygons: arr(a.polygons ?? [], 'answer.annotatedResult.polygons').map((p, i) => {
        const at = `answer.annotatedResult.polygons[${i}]`;
        const o = obj(p, at);
        return {
          label: str(o.label, `${at}.label`),
          vertices: arr(o.vertices, `${at}.vertices`).map((v, j) => {
            const pt = obj(v, `${at}.vertices[${j}]`);
            return { x: num(pt.x, `${at}.vertices[${j}].x`), y: num(pt.y, `${at}.vertices[${j}].y`) };
          }),
        };
      }),
      inputImageProperties: imageSize(a.inputImageProperties, 'answer.annotatedResult.inputImageProperties'),
    };
    return withModifiedFlag(answer, a);
  },
  truth: truthShape('polygons'),
  simulate({ truth, worker, random, labels }) {
    const { items, size } = truthList<Polygon>(truth, 'polygons');
    const shapes =
      items ??
      inventBoxes(labels, size, random).map((b) => ({
        label: b.label,
        vertices: [
          { x: b.left, y: b.top },
          { x: b.left + b.width, y: b.top },
          { x: b.left + b.width, y: b.top + b.height },
          { x: b.left, y: b.top + b.height },
        ],
      }));
    const polygons = shapes
      .filter(() => worker.spammer || random() < 0.5 + worker.accuracy / 2)
      .map((s) => ({
        label: simulatedLabel(s.label, labels, worker, random),
        vertices: s.vertices.map((v) => ({
          x: round1(clamp(worker.spammer ? random() * size.width : v.x + gaussian(random) * (1.2 - worker.accuracy) * 10, 0, size.width)),
          y: round1(clamp(worker.spammer ? random() * size.height : v.y + gaussian(random) * (1.2 - worker.accuracy) * 10, 0, size.height)),
        })),
      }));
    return { annotatedResult: { polygons, inputImageProperties: size } };
  },
  // Compared through their bounding boxes: cheap, and enough to rank workers.
  similarity: (a, b) => setAgreement(a.polygons.map(polygonBox), b.polygons.map(polygonBox), iou),
});

function polygonBox(p: Polygon): Box {
  const xs = p.vertices.map((v) => v.x);
  const ys = p.vertices.map((v) => v.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { label: p.label, left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}
