import { gaussian, type Random, type SimulatedWorker } from '../../lambdas/task-types/define.ts';
import { boxJitter, jitteredEdges, jitteredPoint } from '../../lambdas/task-types/geometry.ts';
import { shapesAnswer } from './field-answers.ts';
import type { InitialShapes } from './page-fields.ts';

/** Share of honest workers who change anything on a page that starts from shapes: most accept what they are shown. */
const adjustingShare = 0.3;
/** Of an adjusting worker's shapes, the share moved or resized (at least one is). */
const shapeShare = 0.5;

/**
 * One simulated worker's answer to an image tool that starts from `initial-value` shapes (an
 * adjustment task), as the element submits it. Most honest workers keep the shapes as they are;
 * the others move or resize some of them, by about a tenth of their size, less for an accurate
 * worker (the jitter the task types' own simulations use, geometry.ts). A spammer draws at random:
 * `spammerShapes` gives the task type's answer made up without the truth. Where the element adds
 * `initialValueModified`, it says whether the shapes differ from the initial ones, as the
 * element's does.
 */
export function adjustedAnswer(initial: InitialShapes, worker: SimulatedWorker, random: Random, spammerShapes: (random: Random) => unknown): Record<string, unknown> {
  const shapes = worker.spammer ? shapeListOf(spammerShapes(random), initial.listKey) : random() < adjustingShare ? adjustSome(initial.shapes, worker, random) : initial.shapes;
  return shapesAnswer(initial, shapes);
}

/** The shape list of an image tool's answer, or none when the answer has no list there. */
function shapeListOf(answer: unknown, listKey: string): unknown[] {
  const list = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)[listKey] : undefined;
  return Array.isArray(list) ? list : [];
}

/** The shapes with some of them (each by `shapeShare`, at least one) moved or resized; the rest as they are. */
function adjustSome(shapes: readonly unknown[], worker: SimulatedWorker, random: Random): unknown[] {
  const chosen = shapes.map(() => random() < shapeShare);
  if (!chosen.includes(true)) chosen[Math.floor(random() * shapes.length) % shapes.length] = true;
  return shapes.map((shape, i) => (chosen[i] ? adjustShape(shape, worker.accuracy, random) : shape));
}

type Point = { x: number; y: number };

/**
 * A shape moved or resized in whole pixels, kept off negative coordinates (the image's size is
 * not known here, so no right or bottom edge bounds it): a box's edges and a point move as the
 * task types' simulations move them (jitteredEdges, jitteredPoint); a polygon or line moves and
 * grows or shrinks about its centre, by boxJitter of its size. A shape of no known geometry is kept.
 */
function adjustShape(shape: unknown, accuracy: number, random: Random): unknown {
  if (typeof shape !== 'object' || shape === null) return shape;
  const s = shape as Record<string, unknown>;
  const edge = (v: number) => Math.max(0, Math.round(v));
  if (isNumber(s.left) && isNumber(s.top) && isNumber(s.width) && isNumber(s.height)) {
    const moved = jitteredEdges({ left: s.left, top: s.top, width: s.width, height: s.height }, accuracy, random);
    const l = edge(moved.left);
    const t = edge(moved.top);
    return { ...s, left: l, top: t, width: Math.max(1, edge(moved.right) - l), height: Math.max(1, edge(moved.bottom) - t) };
  }
  if (isNumber(s.x) && isNumber(s.y)) {
    const moved = jitteredPoint({ x: s.x, y: s.y }, accuracy, random);
    return { ...s, x: edge(moved.x), y: edge(moved.y) };
  }
  if (Array.isArray(s.vertices) && s.vertices.length > 0 && s.vertices.every((v) => isPoint(v))) {
    const jitter = boxJitter(accuracy);
    const vertices = s.vertices as Point[];
    const xs = vertices.map((v) => v.x);
    const ys = vertices.map((v) => v.y);
    const [width, height] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
    const centre = { x: xs.reduce((a, b) => a + b, 0) / xs.length, y: ys.reduce((a, b) => a + b, 0) / ys.length };
    const dx = gaussian(random) * jitter * Math.max(width, 10);
    const dy = gaussian(random) * jitter * Math.max(height, 10);
    const scale = 1 + gaussian(random) * jitter;
    return { ...s, vertices: vertices.map((v) => ({ ...v, x: edge(centre.x + (v.x - centre.x) * scale + dx), y: edge(centre.y + (v.y - centre.y) * scale + dy) })) };
  }
  return shape;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isPoint(value: unknown): value is Point {
  return typeof value === 'object' && value !== null && isNumber((value as Point).x) && isNumber((value as Point).y);
}
