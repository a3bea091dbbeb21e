import { elementSpecs, type AnswerShape } from '../../templates/elements/spec.ts';
import { readFlag, readLabels, readNumber, readObject } from '../../templates/elements/shared/read-attributes.ts';
import { parseLenientValue } from '../../templates/elements/attributes.ts';
import { initialValueModifiedTags, omitEmptyTextArea } from '../../templates/elements/answer-shapes.ts';
import { closestAncestor, parseDocument } from '../../templates/lint/html.ts';
import { isFenced, nativeAnswerOf } from '../../templates/lint/fields.ts';
import type { LintElement } from '../../templates/lint/types.ts';

/**
 * One named field of a rendered page, as a simulated worker answers it (field-answers.ts). Only
 * what bounds the answer is kept: the categories, the box's value, the slider's range. `truth`
 * is the task type's own field, answered by the type's truth-aware simulation.
 */
export type PageField = { name: string } & (
  | {
      kind: 'truth';
      /** The labels its element offers (its label attribute), read for a task with no labels of its own. */
      offered?: string[];
      /** The shapes its element starts from (`initial-value`, an adjustment task): simulated workers adjust them instead of answering from the truth. */
      initial?: InitialShapes;
    }
  | { kind: 'label'; categories: string[] }
  | { kind: 'labels'; categories: string[]; exclusion?: string }
  | ({ kind: 'shapes' } & InitialShapes)
  | { kind: 'segmentation'; keys: readonly string[] }
  | { kind: 'entities' }
  | { kind: 'text'; required: boolean; omitEmpty: boolean; inputType: string; min?: number; max?: number; minLength?: number; maxLength?: number }
  | { kind: 'checked'; value: string; required: boolean }
  | { kind: 'radio'; value: string; group: string }
  | { kind: 'number'; min: number; max: number; step: number | 'any' }
  | { kind: 'fixed'; value: unknown; merges: boolean }
  | { kind: 'option'; options: string[] }
  | { kind: 'options'; options: string[] }
);

/** An image tool's `initial-value` shapes, with what its answer is made of: a worker who changes nothing submits them as they are. */
export interface InitialShapes {
  /** The answer's keys, in the element's order (`boundingBoxes`, `inputImageProperties`). */
  keys: readonly string[];
  /** The key of the shape list. */
  listKey: string;
  /** The `initial-value` shapes; none when the tool has no `initial-value` (or none that is a list of shapes). */
  shapes: unknown[];
  /** Whether the element adds `initialValueModified` (initialValueModifiedTags, given an `initial-value`). */
  modified: boolean;
}

/** The page's field for the task type's own answer, if it submits one with the type's element. */
export function truthFieldOf(plan: PagePlan | undefined): Extract<PageField, { kind: 'truth' }> | undefined {
  return plan?.fields.find((f): f is Extract<PageField, { kind: 'truth' }> => f.kind === 'truth');
}

/** Something on a page the simulated workers cannot answer as a real worker would: said once per run with the lines it concerns. */
export interface PageNote {
  /** The field, as messages show it: `<crowd-classifier name="tone">`. */
  field: string;
  /** What is wrong and what the simulated workers do instead. */
  message: string;
  /** What to do. */
  fix: string;
}

/**
 * What a rendered page submits: its fields in document order, or `undefined` when nothing on it
 * submits (no crowd-form and no element with a form of its own), for which the run falls back to
 * the task type's own answer. `truthElement` is whether the type's field is there with an
 * element that submits the type's answer shape.
 */
export interface PagePlan {
  fields: PageField[];
  notes: PageNote[];
  /** The names the page submits, sorted, for messages. */
  names: string[];
  /** How the type's field is there: with the type's element, with another element (its tag), or not at all. */
  typeField: 'truth' | { otherElement: string } | 'absent';
}

/** What the task type answers: its field's name and the answer shape of its catalog element. */
export interface TypeField {
  name: string;
  shape: AnswerShape | undefined;
}

/** Crowd elements that take input: a named field inside one belongs to it (a stand-in's own control), not to the form. */
const inputTags: readonly string[] = Object.values(elementSpecs)
  .filter((s) => s.takesInput)
  .map((s) => s.tag);

/**
 * Reads a rendered page (lint's parser) into the fields a worker's browser would submit: the
 * named fields inside its first crowd-form, or, on a page without one, the element with a form
 * of its own (crowd-entity-annotation, which submits only its own answer, as its stand-in does).
 *
 * @example
 * readPagePlan('<crowd-form><crowd-checkbox name="blurry"></crowd-checkbox></crowd-form>', { name: 'category', shape })
 * // { fields: [{ name: 'blurry', kind: 'checked', value: 'on', required: false }], typeField: 'absent', … }
 */
export function readPagePlan(html: string, typeField: TypeField): PagePlan | undefined {
  const { elements } = parseDocument(html);
  const form = elements.find((e) => e.tag === 'crowd-form');
  // Inside the first crowd-form, not in an element with a form of its own nor in a crowd element's own controls; without one, the element with its own form alone.
  const submits = (e: LintElement) => (form ? closestAncestor(e, 'crowd-form') === form && !isFenced(e) && closestAncestor(e, inputTags) === undefined : elementSpecs[e.tag]?.outsideCrowdForm === true);
  const owner = form ? undefined : elements.find(submits);
  if (!form && !owner) return undefined;
  const fields: PageField[] = [];
  const notes: PageNote[] = [];
  const options = optionsBySelect(elements);
  let typeFieldState: PagePlan['typeField'] = 'absent';
  for (const e of owner ? [owner] : elements) {
    const name = e.attrs.name;
    // Unnamed fields and the form's own answer field are not submitted (serialize.ts's namedFields); the name is looked at first, as most elements have none.
    if (name === undefined || name === '' || name === 'taskAnswers' || !submits(e)) continue;
    const isTypeField = name === typeField.name && elementSpecs[e.tag] !== undefined;
    if (isTypeField && typeFieldState === 'absent') {
      if (sameShape(elementSpecs[e.tag]?.submits, typeField.shape)) {
        typeFieldState = 'truth';
        const labelAttribute = elementSpecs[e.tag]?.labelAttribute;
        const offered = labelAttribute === undefined ? undefined : readLabels(attributeReader(e, []), labelAttribute);
        // An empty initial-value leaves the worker to draw from scratch: answered from the truth, as on a page without one.
        const submits = elementSpecs[e.tag]?.submits;
        const start = submits?.kind === 'object' ? initialShapesOf(e, submits.keys) : undefined;
        const initial = start && start.shapes.length > 0 ? start : undefined;
        fields.push({ name, kind: 'truth', ...(offered && offered.length > 0 ? { offered } : {}), ...(initial ? { initial } : {}) });
        continue;
      }
      typeFieldState = { otherElement: e.tag };
    }
    const field = elementSpecs[e.tag] ? crowdField(e, name, notes) : nativeField(e, name, options);
    if (field) fields.push(field);
  }
  const names = [...new Set(fields.map((f) => f.name))].sort();
  return { fields, notes, names, typeField: typeFieldState };
}

/** Same kind and same keys in the same order: the type's simulation answers it as the element would. */
function sameShape(a: AnswerShape | undefined, b: AnswerShape | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind !== 'object' || b.kind !== 'object') return true;
  return a.keys.length === b.keys.length && a.keys.every((k, i) => b.keys[i] === k);
}

/** Lets the stand-ins' attribute readers (read-attributes.ts) read a parsed element, so the dry run reads an attribute as the preview does. */
function attributeReader(e: LintElement, problems: string[]) {
  return {
    getAttribute: (a: string) => e.attrs[a] ?? null,
    hasAttribute: (a: string) => Object.hasOwn(e.attrs, a),
    reportProblem: (message: string) => problems.push(message),
  } as unknown as Parameters<typeof readLabels>[0];
}

/** A crowd element's field, by the shape its spec says it submits. */
function crowdField(e: LintElement, name: string, notes: PageNote[]): PageField | undefined {
  const spec = elementSpecs[e.tag];
  if (!spec?.takesInput) return undefined;
  const shape = spec.submits;
  const shown = `<${e.tag} name=${JSON.stringify(name)}>`;
  const problems: string[] = [];
  const el = attributeReader(e, problems);
  if (!shape) {
    // V2 elements: their answer is not documented and gtkit has no stand-in for them.
    notes.push({ field: shown, message: 'submits an answer that is not documented, so the simulated answers leave it out', fix: 'answer this task in gtkit preview (with Amazon’s script) or write answers.jsonl' });
    return undefined;
  }
  const disabled = readFlag(el, 'disabled');
  switch (shape.kind) {
    case 'text': {
      // A disabled field keeps what it was given: a worker cannot type there.
      if (disabled) return (e.attrs.value ?? '') === '' ? undefined : { name, kind: 'fixed', value: e.attrs.value, merges: false };
      // crowd-input: left out when empty (documented); crowd-text-area: the stand-ins' choice (omitEmptyTextArea).
      return { name, kind: 'text', required: readFlag(el, 'required'), omitEmpty: e.tag !== 'crowd-text-area' || omitEmptyTextArea, ...textBounds(e, el) };
    }
    case 'checked':
      if (disabled) return { name, kind: 'fixed', value: { [e.attrs.value ?? 'on']: readFlag(el, 'checked') }, merges: true };
      // crowd-radio-buttons exclude each other inside their crowd-radio-group; one outside any group stands alone.
      if (e.tag === 'crowd-radio-button') return { name, kind: 'radio', value: e.attrs.value ?? 'on', group: `group@${(closestAncestor(e, 'crowd-radio-group') ?? e).offset}` };
      return { name, kind: 'checked', value: e.attrs.value ?? 'on', required: readFlag(el, 'required') };
    case 'number': {
      // crowd-slider, read as its stand-in reads it (min 0, max 100, step 1 by default).
      const step = (e.attrs.step ?? '').trim().toLowerCase() === 'any' ? 'any' : readNumber(el, 'step', 1);
      return { name, kind: 'number', min: readNumber(el, 'min', 0), max: readNumber(el, 'max', 100), step: step === 'any' || step > 0 ? step : 1 };
    }
    case 'list':
      return undefined;
    case 'object':
      return objectField(e, name, shape.keys, el, problems, shown, notes);
  }
}

/** Elements that answer an object: classifiers, image tools, segmentation, entity annotation. */
function objectField(e: LintElement, name: string, keys: readonly string[], el: ReturnType<typeof attributeReader>, problems: string[], shown: string, notes: PageNote[]): PageField | undefined {
  if (keys.length === 1 && (keys[0] === 'label' || keys[0] === 'labels')) {
    const categories = readLabels(el, 'categories');
    if (categories.length === 0) {
      const why = problems.find((p) => p.startsWith('categories')) ?? (e.attrs.categories === undefined ? 'it has no categories attribute' : 'its categories list is empty');
      notes.push({ field: shown, message: `lists no categories a worker could choose (${why.replace(/\.$/, '')}), so the simulated answers leave it out`, fix: 'give it a categories list (e.g. categories=\'{{ task.input.labels | to_json | escape }}\'); gtkit lint names what is wrong with it' });
      return undefined;
    }
    if (keys[0] === 'label') return { name, kind: 'label', categories };
    const exclusion = readObject(el, 'exclusion-category')?.text;
    return { name, kind: 'labels', categories, ...(typeof exclusion === 'string' && exclusion !== '' ? { exclusion } : {}) };
  }
  if (keys.includes('entities')) return { name, kind: 'entities' };
  if (keys.includes('labeledImage')) return { name, kind: 'segmentation', keys };
  // An image tool keeps its initial shapes when the worker changes nothing; the tags initialValueModifiedTags lists then say so.
  const tool = initialShapesOf(e, keys);
  return tool ? { name, kind: 'shapes', ...tool } : undefined;
}

/**
 * The key of an image tool's shape list (`boundingBoxes`, `keypoints`, …): the answer's key beside
 * `inputImageProperties`; undefined for an answer that is no shape list (classifiers,
 * segmentation, entity annotation).
 */
function shapeListKey(keys: readonly string[]): string | undefined {
  if (keys.includes('labeledImage') || keys.includes('entities') || (keys.length === 1 && (keys[0] === 'label' || keys[0] === 'labels'))) return undefined;
  return keys.find((k) => k !== 'inputImageProperties');
}

/**
 * An image tool's answer keys with the shapes it starts from, from its `initial-value` (read as
 * the stand-ins read it): none when it has none, or none that is a list of shapes. Undefined for
 * an answer that is no shape list (shapeListKey).
 */
function initialShapesOf(e: LintElement, keys: readonly string[]): InitialShapes | undefined {
  const listKey = shapeListKey(keys);
  if (listKey === undefined) return undefined;
  const given = e.attrs['initial-value'];
  const parsed = given === undefined ? undefined : parseLenientValue(given);
  const shapes = parsed?.ok ? initialShapes(parsed.value, listKey) : undefined;
  return { keys, listKey, shapes: shapes ?? [], modified: shapes !== undefined && initialValueModifiedTags.has(e.tag) };
}

/** The shapes of an `initial-value`: a list (boxes, keypoints, polygons), or the list under the answer's key (`{lines: [...]}`). */
function initialShapes(value: unknown, listKey: string): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const list = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[listKey] : undefined;
  return Array.isArray(list) ? list : undefined;
}

/** The bounds a typed answer keeps to: the input type, a number's range, the lengths. */
function textBounds(e: LintElement, el: ReturnType<typeof attributeReader>): Pick<Extract<PageField, { kind: 'text' }>, 'inputType' | 'min' | 'max' | 'minLength' | 'maxLength'> {
  const positive = (attr: string) => {
    const n = readNumber(el, attr, Number.NaN);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const number = (attr: string) => {
    const n = readNumber(el, attr, Number.NaN);
    return Number.isFinite(n) ? n : undefined;
  };
  const bounds = { inputType: (e.tag === 'crowd-text-area' || e.tag === 'textarea' ? 'textarea' : (e.attrs.type ?? 'text')).trim().toLowerCase(), min: number('min'), max: number('max'), minLength: positive('min-length') ?? positive('minlength'), maxLength: positive('max-length') ?? positive('maxlength') };
  return Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined)) as ReturnType<typeof textBounds>;
}

/** A native field's answer, as the stand-ins' serializer submits it (answer-shapes.ts). */
function nativeField(e: LintElement, name: string, options: Map<LintElement, string[]>): PageField | undefined {
  const kind = nativeAnswerOf(e);
  // A disabled native field is not submitted, as a browser's form leaves it out.
  if (kind === undefined || e.attrs.disabled !== undefined) return undefined;
  const type = (e.attrs.type ?? '').trim().toLowerCase();
  if (kind === 'checked') {
    // Native radios exclude each other by name; checkboxes merge by name. Their shape is unverified: as the stand-ins submit them.
    return type === 'radio' ? { name, kind: 'radio', value: e.attrs.value ?? 'on', group: `name:${name}` } : { name, kind: 'checked', value: e.attrs.value ?? 'on', required: e.attrs.required !== undefined };
  }
  if (e.tag === 'select') {
    const list = options.get(e) ?? [];
    // A select with no option (a script adds them) submits "" (or nothing chosen); multiple: [].
    if (kind === 'list') return { name, kind: 'options', options: list };
    return list.length === 0 ? { name, kind: 'fixed', value: '', merges: false } : { name, kind: 'option', options: list };
  }
  // A hidden input holds what the page (or a script the dry run does not run) put there; a read-only one cannot be typed in.
  if (e.tag === 'input' && (type === 'hidden' || e.attrs.readonly !== undefined)) return { name, kind: 'fixed', value: e.attrs.value ?? '', merges: false };
  return { name, kind: 'text', required: e.attrs.required !== undefined, omitEmpty: false, ...textBounds(e, attributeReader(e, [])) };
}

/** Each select's option values (an option without a value attribute submits its text), disabled options left out. */
function optionsBySelect(elements: readonly LintElement[]): Map<LintElement, string[]> {
  const out = new Map<LintElement, string[]>();
  for (const e of elements) {
    if (e.tag !== 'option' || e.attrs.disabled !== undefined) continue;
    const select = closestAncestor(e, 'select');
    if (!select) continue;
    const value = e.attrs.value ?? (e.text ?? '').replace(/[\t\n\f\r ]+/g, ' ').trim();
    const list = out.get(select);
    if (list) list.push(value);
    else out.set(select, [value]);
  }
  return out;
}
