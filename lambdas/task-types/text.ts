import { arr, num, obj, str } from './check-answer.ts';
import type { DataObject } from '../contracts/pre.ts';
import { defineTaskType, fieldOf, pick, sourceTextOf, taskObjectOf, type TaskLabel } from './define.ts';
import { simulatedLabel } from './classification.ts';
import { jaccard, textSimilarity } from './similarity.ts';
import { withModifiedFlag, type AdjustableAnswer } from './answer-notes.ts';

export interface NamedEntityTaskInput {
  taskObject: string;
  labels: Array<{ label: string; shortDisplayName?: string }>;
}

/** Offsets in Unicode code points, `endOffset` exclusive: the reference says "Unicode offsets" without the unit, so this is gtkit's choice (templates/elements/answer-shapes.ts). */
export interface Entity {
  label: string;
  startOffset: number;
  endOffset: number;
}
export interface NamedEntityAnswer extends AdjustableAnswer {
  entities: Entity[];
}

export interface FreeTextTaskInput {
  taskObject: string;
  prompt: string;
}

/** Word spans of a text, in code points. */
function wordSpans(text: string): Array<[number, number]> {
  const chars = [...text];
  const spans: Array<[number, number]> = [];
  let start = -1;
  chars.forEach((c, i) => {
    const word = /[\p{L}\p{N}]/u.test(c);
    if (word && start < 0) start = i;
    if (!word && start >= 0) {
      spans.push([start, i]);
      start = -1;
    }
  });
  if (start >= 0) spans.push([start, chars.length]);
  return spans;
}

/**
 * `task.input` of a named-entity task: the text itself (workers label it in place) and the labels
 * with their short display names. A line that names its text by `source-ref` is refused: read it
 * first with `withSourceText`, as a scaffolded `pre.ts` does. The definition's
 * `buildTaskInput`; a `pre.ts` calls this so the PRE bundles it and not the definition.
 *
 * @example
 * preHandler(async (line, { readText }) => ({ taskInput: namedEntityTaskInputOf(await withSourceText(line, readText), labels) }))
 */
export function namedEntityTaskInputOf(line: DataObject, labels: TaskLabel[]): NamedEntityTaskInput {
  return { taskObject: sourceTextOf(line, 'named-entity'), labels: labels.map((l) => ({ label: l.label, ...(l.shortDisplayName ? { shortDisplayName: l.shortDisplayName } : {}) })) };
}

export const namedEntity = /* @__PURE__ */ defineTaskType<NamedEntityTaskInput, NamedEntityAnswer>({
  name: 'named-entity',
  answerField: 'crowd-entity-annotation',
  answerKind: 'span',
  defaultAlgorithm: 'span-vote',
  labelCount: { min: 1, max: Infinity },
  labelCategoryInstructions: true,
  taskInputType: 'NamedEntityTaskInput',
  outputType: 'groundtruth/text-span',
  // The element takes the text in its `text` attribute: an s3:// address there would be labelled as text.
  readsSourceText: true,
  buildTaskInput: namedEntityTaskInputOf,
  parseAnswer(answerContent) {
    const a = obj(fieldOf(answerContent, 'crowd-entity-annotation'), 'answer["crowd-entity-annotation"]');
    const entities = arr(a.entities ?? [], 'answer["crowd-entity-annotation"].entities').map((e, i) => {
      const at = `answer["crowd-entity-annotation"].entities[${i}]`;
      const o = obj(e, at);
      const startOffset = num(o.startOffset, `${at}.startOffset`);
      const endOffset = num(o.endOffset, `${at}.endOffset`);
      if (!Number.isInteger(startOffset) || !Number.isInteger(endOffset) || startOffset < 0 || endOffset <= startOffset) {
        throw new Error(`${at}: offsets must be whole numbers with 0 ≤ startOffset < endOffset, got ${startOffset}–${endOffset}`);
      }
      return { label: str(o.label, `${at}.label`), startOffset, endOffset };
    });
    return withModifiedFlag({ entities }, a);
  },
  truth: { usable: (truth) => Array.isArray(truth), expected: 'a list of entities' },
  simulate({ taskInput, truth, worker, random, labels }) {
    const spans = wordSpans(taskInput.taskObject);
    const truthEntities: Entity[] = Array.isArray(truth)
      ? (truth as Entity[])
      : spans.filter(() => random() < 0.2).map(([s, e]) => ({ label: pick(labels, random), startOffset: s, endOffset: e }));
    if (worker.spammer) {
      return { 'crowd-entity-annotation': { entities: spans.filter(() => random() < 0.2).map(([s, e]) => ({ label: pick(labels, random), startOffset: s, endOffset: e })) } };
    }
    const entities = truthEntities
      .filter(() => random() < 0.5 + worker.accuracy / 2)
      .map((e) => {
        // A careless worker sometimes leaves out the last character.
        const endOffset = random() < (1 - worker.accuracy) / 2 && e.endOffset - e.startOffset > 1 ? e.endOffset - 1 : e.endOffset;
        return { label: simulatedLabel(e.label, labels, worker, random), startOffset: e.startOffset, endOffset };
      });
    return { 'crowd-entity-annotation': { entities } };
  },
  similarity: (a, b) => jaccard(a.entities.map(spanKey), b.entities.map(spanKey)),
});

const spanKey = (e: Entity) => `${e.label}\u0000${e.startOffset}\u0000${e.endOffset}`;

/** Introduces `n` small typos (substitutions) into a text. */
function typos(text: string, n: number, random: () => number): string {
  const chars = [...text];
  for (let i = 0; i < n && chars.length > 0; i++) chars[Math.floor(random() * chars.length)] = pick([...'aeiouns '], random);
  return chars.join('');
}

/**
 * `task.input` of a free-text task: the object to transcribe and the line's `prompt`, or a default
 * one. It takes the labels as every type's builder does, and shows none. The definition's
 * `buildTaskInput`; a `pre.ts` calls this so the PRE bundles it and not the definition.
 */
export function freeTextTaskInputOf(line: DataObject, _labels?: TaskLabel[]): FreeTextTaskInput {
  return { taskObject: taskObjectOf(line), prompt: typeof line.prompt === 'string' ? line.prompt : 'Type the text exactly as you read it.' };
}

export const freeText = /* @__PURE__ */ defineTaskType<FreeTextTaskInput, string>({
  name: 'free-text',
  answerField: 'transcription',
  answerKind: 'text',
  defaultAlgorithm: 'text-medoid',
  labelCount: { min: 0, max: Infinity },
  taskInputType: 'FreeTextTaskInput',
  outputType: 'groundtruth/custom',
  // A transcription that looks like JSON (`[1, 2, 3]`, `{}`) is what the worker typed.
  decode: { nestedJson: false },
  buildTaskInput: freeTextTaskInputOf,
  parseAnswer(answerContent) {
    return str(fieldOf(answerContent, 'transcription'), 'answer.transcription');
  },
  truth: { usable: (truth) => typeof truth === 'string', expected: 'a string' },
  simulate({ taskInput, truth, worker, random }) {
    const text = typeof truth === 'string' ? truth : `transcript of ${taskInput.taskObject.split('/').pop() ?? 'object'}`;
    if (worker.spammer) return { transcription: typos(text, Math.max(3, text.length >> 1), random) };
    const mistakes = random() < worker.accuracy ? 0 : 1 + Math.floor(random() * 3);
    return { transcription: typos(text, mistakes, random) };
  },
  similarity: textSimilarity,
});
