import { describeType, isObject } from '../contracts/check.ts';
import type { AnswerKind } from './types.ts';

/**
 * The records an algorithm is given, checked before it runs. Plain JavaScript can pass anything,
 * and an answer of the wrong type would otherwise become a wrong label without a word (an object
 * as the class "[object Object]"). Only what can only be a caller's mistake is refused: a value of
 * the wrong type where a string, a list or an object is needed. Numbers are not judged here: NaN,
 * ±Infinity and huge values are the algorithms' to drop, with a reason. Free text and numbers keep
 * their documented rule: an answer of another type is left out, and its item says why.
 */

/** What is wrong at a path inside the answer (`''`, `.boxes[0]`), or nothing. Paths are made only for a problem, not per record. */
type Problem = { at: string; expected: string; got: unknown; note?: string } | undefined;

interface AnswerShape {
  /** How to pass an answer of this kind, appended to every message. */
  hint: string;
  check(answer: unknown): Problem;
}

const classShape: AnswerShape = {
  hint: 'pass the label, e.g. answer: "cat"',
  check: (answer) => (typeof answer === 'string' ? undefined : { at: '', expected: 'a class label (a string)', got: answer }),
};

const multiLabelShape: AnswerShape = {
  hint: 'pass the chosen labels, e.g. answer: ["cat", "dog"]',
  check(answer) {
    if (!Array.isArray(answer)) return { at: '', expected: 'a list of labels (an array of strings)', got: answer };
    for (let i = 0; i < answer.length; i++) if (typeof answer[i] !== 'string') return { at: `[${i}]`, expected: 'a label (a string)', got: answer[i] };
    return undefined;
  },
};

/**
 * An answer that is an object holding a list of labelled parts (boxes, keypoints, shapes, spans):
 * the object, the list, each part an object and each part's label a string.
 */
function partsShape(spec: { list: string; object: string; part: string; parts: string; example: string; sized?: boolean; groundTruthName?: string; vertices?: boolean }): AnswerShape {
  return {
    hint: `pass e.g. answer: ${spec.example}`,
    check(answer) {
      if (!isObject(answer)) return { at: '', expected: `an object ${spec.object}`, got: answer };
      const list = answer[spec.list];
      const renamed = spec.groundTruthName !== undefined && list === undefined && Object.hasOwn(answer, spec.groundTruthName);
      if (!Array.isArray(list)) return { at: `.${spec.list}`, expected: `an array of ${spec.parts}`, got: list, ...(renamed ? { note: ` (Ground Truth's ${spec.groundTruthName} go in ${spec.list})` } : {}) };
      for (let i = 0; i < list.length; i++) {
        const part: unknown = list[i];
        if (!isObject(part)) return { at: `.${spec.list}[${i}]`, expected: spec.part, got: part };
        if (typeof part.label !== 'string') return { at: `.${spec.list}[${i}].label`, expected: 'a string', got: part.label };
        const problem = spec.vertices ? verticesProblem(part.vertices) : undefined;
        if (problem) return { ...problem, at: `.${spec.list}[${i}].vertices${problem.at}` };
      }
      // An image size may be left out (or null); when given, it is an object.
      const size = answer.imageSize;
      if (spec.sized && size !== undefined && size !== null && !isObject(size)) return { at: '.imageSize', expected: 'an object { width, height }', got: size };
      return undefined;
    },
  };
}

function verticesProblem(vertices: unknown): Problem {
  if (!Array.isArray(vertices)) return { at: '', expected: 'an array of vertices { x, y }', got: vertices };
  for (let j = 0; j < vertices.length; j++) if (!isObject(vertices[j])) return { at: `[${j}]`, expected: 'a vertex { x, y }', got: vertices[j] };
  return undefined;
}

const shapesShape = /* @__PURE__ */ partsShape({
  list: 'shapes',
  object: '{ shapes }',
  part: 'a shape { label, vertices }',
  parts: 'shapes',
  groundTruthName: 'polygons',
  vertices: true,
  example: '{ shapes: [{ label: "roof", vertices: [{ x: 0, y: 0 }, { x: 50, y: 0 }, { x: 50, y: 40 }] }] }',
});

const maskShape: AnswerShape = {
  hint: 'pass e.g. answer: { png: "<base64 PNG>", labelMappings: { cat: { color: "#2ca02c" } }, imageSize: { width: 640, height: 480 } }',
  check(answer) {
    if (!isObject(answer)) return { at: '', expected: 'an object { png, labelMappings, imageSize? }', got: answer };
    // A PNG that does not decode is the item's to report (a reason), not a caller's mistake: only its type is checked here.
    if (typeof answer.png !== 'string' && !(answer.png instanceof Uint8Array)) return { at: '.png', expected: 'the PNG as bytes (a Uint8Array) or base64 text', got: answer.png, ...(isObject(answer.labeledImage) ? { note: " (Ground Truth's labeledImage.pngImageData goes in png)" } : {}) };
    if (!isObject(answer.labelMappings)) return { at: '.labelMappings', expected: 'an object of label → { color }', got: answer.labelMappings };
    for (const [label, mapping] of Object.entries(answer.labelMappings)) if (!isObject(mapping)) return { at: `.labelMappings[${JSON.stringify(label)}]`, expected: 'an object { color }', got: mapping };
    const size = answer.imageSize;
    if (size !== undefined && size !== null && !(isObject(size) && Number.isInteger(size.width) && Number.isInteger(size.height))) return { at: '.imageSize', expected: 'an object { width, height } of whole numbers', got: size };
    return undefined;
  },
};

/** The answer shape per kind; kinds without one (free text, numbers) judge their answers themselves. */
const shapes: Partial<Record<AnswerKind, AnswerShape>> = {
  class: classShape,
  'multi-label': multiLabelShape,
  box: partsShape({
    list: 'boxes',
    object: '{ boxes, imageSize? }',
    part: 'a box { label, left, top, width, height }',
    parts: 'boxes',
    sized: true,
    groundTruthName: 'boundingBoxes',
    example: '{ boxes: [{ label: "car", left: 10, top: 20, width: 50, height: 40 }], imageSize: { width: 640, height: 480 } }',
  }),
  keypoint: partsShape({
    list: 'keypoints',
    object: '{ keypoints, imageSize? }',
    part: 'a keypoint { label, x, y }',
    parts: 'keypoints',
    sized: true,
    example: '{ keypoints: [{ label: "nose", x: 120, y: 80 }], imageSize: { width: 640, height: 480 } }',
  }),
  polygon: shapesShape,
  polyline: shapesShape,
  span: partsShape({
    list: 'entities',
    object: '{ entities }',
    part: 'an entity { label, startOffset, endOffset }',
    parts: 'entities',
    example: '{ entities: [{ label: "person", startOffset: 0, endOffset: 5 }] }',
  }),
  mask: maskShape,
};

/** Throws a TypeError naming the first record that is not an `{ item, worker, answer }` of this kind, and what to pass. */
export function checkRecords(records: unknown, kind: AnswerKind): void {
  if (!Array.isArray(records)) throw new TypeError(`records: expected an array of { item, worker, answer } records, got ${describeType(records)}`);
  const shape = shapes[kind];
  // An index loop, not forEach: a hole in a sparse array is a missing record, not skipped. Paths
  // are written only when something is wrong: this runs once per answer of every batch.
  for (let i = 0; i < records.length; i++) {
    const record: unknown = records[i];
    if (!isObject(record)) throw new TypeError(`records[${i}]: expected a record { item, worker, answer }, got ${describeType(record)}`);
    if (typeof record.item !== 'string') throw new TypeError(`records[${i}].item: expected the item's id (a string), got ${describeType(record.item)}`);
    if (typeof record.worker !== 'string') throw new TypeError(`records[${i}].worker: expected the worker's id (a string), got ${describeType(record.worker)}`);
    const problem = shape?.check(record.answer);
    if (problem) throw new TypeError(`records[${i}].answer${problem.at}: expected ${problem.expected}, got ${describeType(problem.got)}${problem.note ?? ''}; ${shape?.hint}`);
  }
}
