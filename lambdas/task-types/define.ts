import type { AlgorithmName } from '../consolidation/registry.ts';
import type { DecodeOptions } from '../contracts/answer-content.ts';
import { describeType } from '../contracts/check.ts';
import type { DataObject } from '../contracts/pre.ts';
import type { ReadText } from '../handlers/pre-read-text.ts';
import type { TaskTypeName } from './names.ts';
import { getOwn } from '../contracts/own-property.ts';

/** How consolidation sees one worker's answer for an object. */
export type AnswerKind = 'class' | 'multi-label' | 'box' | 'keypoint' | 'polygon' | 'span' | 'text' | 'mask';

/** A label as task types know it (named entity adds a short display name). */
export interface TaskLabel {
  label: string;
  shortDisplayName?: string;
}

/** A seeded random source (the dry run's simulated workers are reproducible). */
export type Random = () => number;

/** A simulated worker: how often it is right, and whether it answers at random. */
export interface SimulatedWorker {
  id: string;
  accuracy: number;
  spammer: boolean;
}

export interface SimulationInput<TTaskInput> {
  taskInput: TTaskInput;
  /** The manifest's truth field, parsed by `parseTruth`, or undefined when the line has none. */
  truth: unknown;
  worker: SimulatedWorker;
  random: Random;
  labels: string[];
}

/** The manifest truth value a type's `simulate` reads, so the dry run can say when a line's is not usable (a misspelt `--truth-field`). */
export interface TruthShape {
  /** Whether `simulate` reads this value; otherwise it makes the answers up at random. */
  usable(truth: unknown, labels: readonly string[]): boolean;
  /** What it reads, in a few words for the message: "one of the labels". */
  expected: string;
}

/**
 * Everything gtkit knows about one task type on the Lambda side: how the default PRE builds
 * `task.input`, the shape of a worker's answer, and how to simulate one. Consolidation and the
 * output format are added in `consolidate.ts` from the consolidation library.
 */
export interface TaskTypeDefinition<TTaskInput extends object, TAnswer> {
  name: TaskTypeName;
  /** The `name` of the crowd element in the template: the key of the answer in `answerContent`. */
  answerField: string;
  answerKind: AnswerKind;
  /** The consolidation algorithm a new task uses. */
  defaultAlgorithm: AlgorithmName;
  /** How many labels a job of this type may have (DG-QUOTAS; classification needs two to choose from). */
  labelCount: { min: number; max: number };
  /** Whether the label-category file carries the task's instructions (the built-in named-entity UI requires them). */
  labelCategoryInstructions?: boolean;
  /**
   * The TypeScript type of `task.input`, as gtkit exports it: a scaffolded `pre.ts` names it. (The
   * definition itself is exported under the camel-case name: `bounding-box` → `boundingBox`.)
   */
  taskInputType: string;
  /** Ground Truth's built-in `type` the output follows; left out where that string is unverified (video classification). */
  outputType?: string;
  /**
   * How a single-label output writes its class index: a number (default; image classification's
   * docs show both `0` and `"0"`), or a numeric string, the only form text classification's docs
   * show (`"1"`, reference §5), so a reader written against a built-in job's output matches.
   */
  classIndex?: 'number' | 'numeric-string';
  /**
   * How the ACS decodes this type's answers (default: strings inside the answer that hold JSON
   * are decoded too). Free text turns that off: a transcription such as `[1, 2, 3]` is text.
   */
  decode?: DecodeOptions;
  /**
   * Workers see the text itself, not a link to it (named entity): a line that names its text by
   * `source-ref` must have it read first ({@link withSourceText}) — the scaffolded PRE does — and
   * the PRE's role may read the manifest's data folders.
   */
  readsSourceText?: true;
  /** The default PRE: a manifest line and the task's labels to `task.input`; the same function as the type's `<type>TaskInputOf` ({@link TaskInputBuilder}). */
  buildTaskInput(line: DataObject, labels: TaskLabel[]): TTaskInput;
  /** Checks the element's answer inside `answerContent`; throws with the path of what is wrong. */
  parseAnswer(answerContent: unknown): TAnswer;
  /** A plausible answer from a simulated worker, as `answerContent`. */
  simulate(input: SimulationInput<TTaskInput>): Record<string, unknown>;
  /** The truth value `simulate` reads; left out, only a missing value is reported. */
  truth?: TruthShape;
  /** How alike two workers' answers are, in [0, 1] (1 = the same). */
  similarity(a: TAnswer, b: TAnswer): number;
}

/**
 * Returns the definition as it is (for its type). Marked free of side effects, as each call is
 * marked pure, so a bundle that imports a type's task-input builder drops unused definitions.
 */
/* @__NO_SIDE_EFFECTS__ */ export function defineTaskType<TTaskInput extends object, TAnswer>(definition: TaskTypeDefinition<TTaskInput, TAnswer>): TaskTypeDefinition<TTaskInput, TAnswer> {
  return definition;
}

/** `source-ref` for media, `source` for text: the object a worker looks at. */
export function taskObjectOf(line: DataObject): string {
  const ref = line['source-ref'];
  if (typeof ref === 'string') return ref;
  if (typeof line.source === 'string') return line.source;
  throw new Error('the manifest line has neither "source" nor "source-ref"');
}

/**
 * A type's default PRE on its own: a manifest line and the task's labels to `task.input`. Each
 * type exports one as `<type>TaskInputOf` (`boundingBoxTaskInputOf`), and its definition's
 * `buildTaskInput` is that function: a `pre.ts` that imports the function alone bundles it and
 * what it calls, not the definition's answer parsing, simulation and similarity.
 */
export type TaskInputBuilder<TTaskInput extends object> = (line: DataObject, labels: TaskLabel[]) => TTaskInput;

/** `task.input` of the types whose workers look at one object and choose among the labels by name. */
export function objectAndLabelNames(line: DataObject, labels: TaskLabel[]): { taskObject: string; labels: string[] } {
  return { taskObject: taskObjectOf(line), labels: labels.map((l) => l.label) };
}

/** A line whose text is in `source`, with no `source-ref` left to name another object. */
export type LineWithSourceText<TLine extends DataObject> = Omit<TLine, 'source-ref'> & { source: string };

/**
 * The line with its text in `source`: the text of its `source-ref` object read by `readText`
 * (the other attributes kept, `source-ref` dropped: the line now holds the text it named), else
 * as it is when it has a `source` string. `source-ref` comes first, as everywhere in gtkit (the
 * ACS's data object, the dry run's warning for a line with both). For a task type whose workers
 * need the text itself (`readsSourceText`).
 *
 * @example
 * preHandler(async (line, { readText }) => ({ taskInput: namedEntityTaskInputOf(await withSourceText(line, readText), labels) }))
 */
export async function withSourceText<TLine extends DataObject>(line: TLine, readText: ReadText): Promise<LineWithSourceText<TLine>> {
  const ref = line['source-ref'];
  if (typeof ref !== 'string') {
    if (typeof line.source === 'string') return line as LineWithSourceText<TLine>;
    throw new Error('the manifest line has neither "source" nor "source-ref"');
  }
  if (typeof readText !== 'function') throw new TypeError(`withSourceText: expected readText (the PRE context's) as its second argument, got ${describeType(readText)}`);
  const { 'source-ref': _named, ...rest } = line;
  return { ...rest, source: await readText(ref) } as LineWithSourceText<TLine>;
}

/**
 * The text of a line for a type whose workers see the text itself: its `source`. A line that
 * still has a `source-ref` is refused (`source-ref` comes first, as everywhere in gtkit): its
 * address, or a `source` beside it that is not that object's text, would be what workers label.
 * {@link withSourceText} reads the object and leaves the line without it.
 */
export function sourceTextOf(line: DataObject, type: string): string {
  const ref = line['source-ref'];
  if (typeof ref === 'string') {
    throw new Error(
      `${type}: the manifest line names its text by "source-ref" (${ref}), and workers need the text itself: read it in the PRE first, ` +
        'e.g. preHandler(async (line, { readText }) => ({ taskInput: namedEntityTaskInputOf(await withSourceText(line, readText), labels) })), as gtkit init writes it',
    );
  }
  if (typeof line.source === 'string') return line.source;
  throw new Error('the manifest line has neither "source" nor "source-ref"');
}

/** Reads the element's answer out of `answerContent`, naming the path when it is missing. */
export function fieldOf(answerContent: unknown, field: string): unknown {
  if (typeof answerContent !== 'object' || answerContent === null || Array.isArray(answerContent)) {
    throw new Error(`answer: expected an object, got ${describeType(answerContent)}`);
  }
  const value = getOwn(answerContent as Record<string, unknown>, field);
  if (value === undefined) throw new Error(`answer.${field}: is missing (the template's element must be named "${field}")`);
  return value;
}

export function pick<T>(items: readonly T[], random: Random): T {
  if (items.length === 0) throw new Error('nothing to pick from');
  return items[Math.floor(random() * items.length) % items.length] as T;
}

/** Normal deviate (Box–Muller) from a uniform source. */
export function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** mulberry32: a small, fast, seeded generator. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit hash of a string (FNV-1a), to derive per-object seeds. */
export function hashString(text: string): number {
  if (typeof text !== 'string') throw new TypeError(`hashString: expected a string, got ${describeType(text)}`);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
