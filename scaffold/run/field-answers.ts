import { getOwn, setOwn } from '../../lambdas/contracts/own-property.ts';
import { pick, type Random } from '../../lambdas/task-types/define.ts';
import { exclusionAnswer, maskBackground, sliderAnswer } from '../../templates/elements/answer-shapes.ts';
import { encodePng } from '../../templates/elements/shared/png.ts';
import type { InitialShapes, PageField } from './page-fields.ts';

/** A seeded random source per key (a field's name, a radio group): one field's answer does not shift another's. */
export type RandomFor = (key: string) => Random;

/**
 * The image size an image tool reports: the dry run loads no image, so the size the geometry
 * task types assume for a truth without `imageSize` stands in for the stand-in's natural size.
 */
export const simulatedImageSize = { width: 640, height: 480 } as const;

/**
 * An image tool's answer with these shapes, as the element submits it: the simulated image size,
 * the shapes under the tool's list key, and, where the element adds it (the tool was given an
 * `initial-value`), `initialValueModified`: whether they differ from the initial ones.
 */
export function shapesAnswer(tool: InitialShapes, shapes: readonly unknown[]): Record<string, unknown> {
  const answer: Record<string, unknown> = {};
  for (const key of tool.keys) answer[key] = key === 'inputImageProperties' ? { ...simulatedImageSize } : key === tool.listKey ? shapes : [];
  if (tool.modified) answer.initialValueModified = JSON.stringify(shapes) !== JSON.stringify(tool.shapes);
  return answer;
}

/** Share of workers who leave a field that is not required empty. */
const leftEmpty = 0.2;

/**
 * One simulated worker's answer to a page: every field in document order under its name, as the
 * stand-ins' serializer builds it (serialize.ts): `{"<value>": bool}` answers merge by name, a
 * repeated name of another kind keeps the last value, an empty crowd-input is left out. `truth`
 * answers the task type's own field (undefined: left out).
 */
export function answerPage(fields: readonly PageField[], truth: () => unknown, randomFor: RandomFor): Record<string, unknown> {
  const answer: Record<string, unknown> = {};
  const radios = radioChoices(fields, randomFor);
  for (const field of fields) {
    const value = field.kind === 'truth' ? truth() : field.kind === 'radio' ? { [field.value]: radios.get(field) === true } : fieldAnswer(field, randomFor(field.name));
    if (value === undefined) continue;
    const merges = field.kind === 'checked' || field.kind === 'radio' || (field.kind === 'fixed' && field.merges);
    const existing = getOwn(answer, field.name);
    setOwn(answer, field.name, merges && isPlainObject(existing) ? { ...existing, ...(value as object) } : value);
  }
  return answer;
}

/** Which radio of each group is on: exactly one per group, as a worker picks one of the choices. */
function radioChoices(fields: readonly PageField[], randomFor: RandomFor): Map<PageField, boolean> {
  const groups = new Map<string, PageField[]>();
  for (const f of fields) {
    if (f.kind !== 'radio') continue;
    const members = groups.get(f.group);
    if (members) members.push(f);
    else groups.set(f.group, [f]);
  }
  const on = new Map<PageField, boolean>();
  for (const [group, members] of groups) {
    const chosen = pick(members, randomFor(`\u0001radio\u0000${group}`));
    for (const m of members) on.set(m, m === chosen);
  }
  return on;
}

/** The answer of one field other than the type's and the radios. */
function fieldAnswer(field: PageField, random: Random): unknown {
  switch (field.kind) {
    case 'label':
      return { label: pick(field.categories, random) };
    case 'labels':
      return { labels: chosenLabels(field.categories, field.exclusion, random) };
    case 'shapes':
      // An image tool that is not the type's field: nothing drawn (its initial shapes kept, unmodified).
      return shapesAnswer(field, field.shapes);
    case 'segmentation': {
      // Nothing painted: no label or instance listed (segmentationListsOnlyPainted), a blank mask at the image's size.
      const out: Record<string, unknown> = {};
      for (const key of field.keys) out[key] = key === 'inputImageProperties' ? { ...simulatedImageSize } : key === 'labeledImage' ? { pngImageData: blankMask() } : key === 'instances' ? [] : {};
      return out;
    }
    case 'entities':
      return { entities: [] };
    case 'text':
      if (!field.required && random() < leftEmpty) return field.omitEmpty ? undefined : '';
      return emptyLeftOut(typedText(field, random), field.omitEmpty);
    case 'checked':
      return { [field.value]: field.required || random() < 0.5 };
    case 'number':
      return sliderValue(field, random);
    case 'fixed':
      return field.value;
    case 'option':
      return pick(field.options, random);
    case 'options':
      return field.options.filter(() => random() < 0.5);
    case 'truth':
    case 'radio':
      return undefined;
  }
}

/** A multi-select's choice: now and then the exclusion alone (as exclusionAnswer reports it), else a non-empty subset in category order. */
function chosenLabels(categories: readonly string[], exclusion: string | undefined, random: Random): string[] {
  if (exclusion !== undefined && random() < 1 / (categories.length + 1)) return exclusionAnswer === 'text' ? [exclusion] : [];
  const chosen = categories.filter(() => random() < 0.5);
  // A multi-select blocks the submit until something is chosen (multiSelectRequiresChoice).
  return chosen.length > 0 ? chosen : [pick(categories, random)];
}

/** A slider's value: on its step from min, within max (min when max is below it, as a range input clamps). */
function sliderValue(field: Extract<PageField, { kind: 'number' }>, random: Random): number | string {
  const { min, max } = field;
  const step = field.step === 'any' ? 0.01 : field.step;
  const steps = max > min ? Math.floor((max - min) / step + 1e-9) : 0;
  const raw = min + Math.floor(random() * (steps + 1)) * step;
  // Rounded to the decimals of min and step, so 0.1 steps give 0.3, not 0.30000000000000004.
  const value = Number(raw.toFixed(Math.min(20, Math.max(decimals(min), decimals(step)))));
  return sliderAnswer === 'number' ? value : String(value);
}

function decimals(n: number): number {
  const text = String(n);
  const e = /e-(\d+)$/.exec(text);
  if (e) return Number(e[1]);
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

const words = ['checked', 'the', 'item', 'looks', 'fine', 'unclear', 'needs', 'review', 'blurry', 'correct', 'see', 'note', 'partly', 'hidden'];

/** A short text a worker might type, fitted to the input's type and lengths. */
function typedText(field: Extract<PageField, { kind: 'text' }>, random: Random): string {
  const n = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const two = (v: number) => String(v).padStart(2, '0');
  switch (field.inputType) {
    case 'number':
    case 'range': {
      const lo = Math.ceil(field.min ?? 0);
      const hi = Math.floor(field.max ?? Math.max(lo, 100));
      return String(hi >= lo ? n(lo, hi) : lo);
    }
    case 'email':
      return `worker${n(1, 999)}@example.com`;
    case 'url':
      return `https://example.com/${pick(words, random)}`;
    case 'tel':
      return `+1 555 01${two(n(0, 99))}`;
    case 'date':
      return `2026-${two(n(1, 12))}-${two(n(1, 28))}`;
    case 'time':
      return `${two(n(0, 23))}:${two(n(0, 59))}`;
    case 'datetime-local':
      return `2026-${two(n(1, 12))}-${two(n(1, 28))}T${two(n(0, 23))}:${two(n(0, 59))}`;
    case 'month':
      return `2026-${two(n(1, 12))}`;
    case 'week':
      return `2026-W${two(n(1, 52))}`;
    case 'color':
      return `#${n(0, 0xffffff).toString(16).padStart(6, '0')}`;
  }
  let text = Array.from({ length: n(2, 5) }, () => pick(words, random)).join(' ');
  while (field.minLength !== undefined && text.length < field.minLength) text += ` ${pick(words, random)}`;
  return field.maxLength !== undefined ? text.slice(0, field.maxLength) : text;
}

/** An empty crowd-input is not submitted (documented); a native field submits its empty string. */
function emptyLeftOut(text: string, omitEmpty: boolean): string | undefined {
  return text === '' && omitEmpty ? undefined : text;
}

let mask: string | undefined;
/** The stand-ins' unpainted mask (maskBackground) at the simulated image size, made once. */
function blankMask(): string {
  if (mask === undefined) {
    const { width, height } = simulatedImageSize;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < rgba.length; i += 4) rgba.set(maskBackground, i);
    mask = Buffer.from(encodePng(width, height, rgba)).toString('base64');
  }
  return mask;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
