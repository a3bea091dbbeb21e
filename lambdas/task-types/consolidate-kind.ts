import type { AcsContext, AcsLabel, AcsObject } from '../handlers/acs-types.ts';
import type { AlgorithmName, AnyAlgorithm } from '../consolidation/registry.ts';
import { algorithmKinds } from '../consolidation/algorithm-kinds.ts';
import { checkOptions, commonOptions } from '../consolidation/options.ts';
import { describeType, isObject } from '../contracts/check.ts';
import { ContractError, type ContractIssue } from '../contracts/errors.ts';
import { getOwn } from '../contracts/own-property.ts';
import { decodeNestedJson, type DecodeOptions } from '../contracts/answer-content.ts';
import type { AnswerRecord, ConsolidationResult, ItemResult } from '../consolidation/types.ts';
import type { TaskTypeDefinition } from './define.ts';
import { answerKindExports, type KindConsolidation } from './kinds/kind.ts';
import { labelList, taskStateMergeOf, type TaskState } from './state-merge.ts';
import { answerNotesMetadata } from './answer-notes.ts';
import { cappedForLog, digestsForLog } from '../handlers/log-fields.ts';
import { seedStateProblem } from '../handlers/seed-state-uri.ts';
import { classMismatchPhrase, heldStatesPhrase, stateClassMismatch } from './carried-state-fit.ts';
import { keepFieldsProblems, keptFieldsMetadata, pickKeptFields, splitKeptFields, type KeptFieldsEntry } from './kept-fields.ts';
import { knownLabels, nothingKnownFailure, screenAnswers, screensLabels, unknownLabelAnswers, unknownLabelsNote, type KnownLabels, type ScreenedAnswers } from './known-labels.ts';

export interface TaskConsolidationOptions {
  /** Algorithm name from the registry (must take this type's answer kind); a string from a config is checked at cold start. */
  algorithm: AlgorithmName;
  options?: Record<string, unknown>;
  /**
   * The task's labels, in order: class indices in the output follow it. Left out or empty: the
   * event's `labelCategories`, else the labels the answers use (in the order first seen in the
   * job, carried from batch to batch). Answers with other labels are set aside with a note.
   */
  labels?: readonly string[];
  /** Named entity: label definitions with short names, for the built-in output. */
  labelDefinitions?: ReadonlyArray<{ label: string; shortDisplayName?: string }>;
  /**
   * The template's other answer fields to carry into the output (`["comment"]` for a comment box
   * beside the type's element): each object's metadata gets `worker-fields`, one
   * `{ "worker-id", "fields" }` per worker who filled any in, values as the worker's browser
   * submitted them (a text stays text, even one that reads as JSON). Left out, only the type's
   * own field reaches the output (with what its element submits inside it: an image classifier's
   * comment as `worker-feedback`, an adjusted tool's `initialValueModified` as `adjustment-status`).
   */
  keepFields?: readonly string[];
  /**
   * Called with the algorithm's own result for each batch (every item's unrounded confidence and
   * posteriors, every worker's quality), which the output format rounds or leaves out: for tools
   * that compare algorithms (`gtkit consolidate --workers`), not for a deployed ACS.
   */
  onResult?: (result: ConsolidationResult<unknown>) => void;
  /**
   * An earlier job's carried state to start from (a chained job, or the next job of a stopped
   * one): its `s3://…/<job name>/annotations/gtkit-state/` folder. The first batch that finds
   * this job's own state empty reads it (every part added up, as that job's ACS added them) and
   * saves it as this job's start; a state of another algorithm or other classes is warned about
   * as the job's own would be. acsHandler takes it from the returned consolidation.
   */
  seedState?: string;
}

/** What the ACS handler needs: how to read an answer, and how to consolidate a batch. */
export interface TaskConsolidation {
  /** How answers are decoded for this type (pass it to acsHandler as `decode`). */
  decode: DecodeOptions;
  parseAnswer(answer: unknown): unknown;
  consolidateBatch(objects: Array<AcsObject<unknown>>, context: AcsContext): Promise<Map<string, AcsLabel<unknown> | Error>>;
  /** The settings' `seedState`, for acsHandler (present only when set). */
  seedState?: string;
}

/**
 * Consolidation for a task type, with its answer kind's algorithms and output format (`answers`:
 * `classAnswers` for a classification type, …): parses answers with the type's parser, runs the
 * chosen algorithm over the batch (with worker-quality state carried from earlier batches when the
 * algorithm learns one), and writes each object in the type's built-in output format.
 *
 * A bundled ACS that calls this carries that kind's algorithms and format only (a classification
 * ACS no box merge, no PNG codec); {@link taskConsolidation} finds the kind itself and so carries
 * every kind. Settings are checked at cold start.
 *
 * @example
 * const consolidation = kindConsolidation(textClassification, classAnswers, { algorithm: 'dawid-skene', labels: ['a', 'b'] });
 * export const handler = acsHandler(consolidation);
 */
export function kindConsolidation(type: TaskTypeDefinition<object, unknown>, answers: KindConsolidation<never, unknown>, settings: TaskConsolidationOptions): TaskConsolidation {
  checkTaskType(type, 'kindConsolidation');
  checkAnswers(type, answers);
  const kind = answers as KindConsolidation<unknown, unknown>;
  checkSettings(settings, 'kindConsolidation');
  const issues = kindSettingsProblems(type, kind, settings);
  if (issues.length > 0) throw new ContractError(`consolidation settings for ${type.name}`, issues);
  // Checked above: the name is one of the kind's algorithms.
  const algorithm = getOwn(kind.algorithms, settings.algorithm) as AnyAlgorithm;
  const stateMerge = taskStateMergeOf(kind.algorithms);
  // The task's labels set the tie order of every algorithm that takes them (spans' label vote too).
  const takesLabels = Object.hasOwn(algorithm.optionSpecs, 'labels');
  const taskLabels = settings.labels ?? [];
  const keep = settings.keepFields ?? [];
  // Kept fields stay as the worker's browser submitted them (a comment "[1, 2]" is text), so the
  // handler decodes only the top level and the type's answer gets its nested JSON decoded here.
  const nestedJson = type.decode?.nestedJson !== false;
  return {
    ...(settings.seedState === undefined ? {} : { seedState: settings.seedState }),
    decode: keep.length === 0 ? { ...(type.decode ?? {}) } : { nestedJson: false },
    // With fields to keep, an answer is the type's answer and those fields beside it (AnswerWithKeptFields).
    parseAnswer:
      keep.length === 0
        ? (answer) => type.parseAnswer(answer)
        : (answer) => ({ answer: type.parseAnswer(nestedJson ? decodeNestedJson(answer) : answer), fields: pickKeptFields(answer, keep) }),
    async consolidateBatch(given, context) {
      const { objects, kept } = keep.length === 0 ? { objects: given, kept: new Map<string, KeptFieldsEntry[]>() } : splitKeptFields(given);
      const carried = await context.state.loadShared(stateMerge);
      const prior = algorithm.readState ? getOwn(carried?.states, algorithm.name) : undefined;
      const labels = labelList(taskLabels.length > 0 ? taskLabels : context.event.labelCategories);
      if (algorithm.readState) warnAboutCarriedState(carried, prior, algorithm.name, labels, context);
      // Without known labels (or labels in the answers) there is nothing to leave out: no pass over the answers for it.
      const known = labels.length > 0 && screensLabels(type.answerKind) ? knownLabels(labels) : undefined;
      // Only the objects with a label outside the known ones.
      const screened = new Map<string, ScreenedAnswers>();
      if (known)
        for (const o of objects) {
          const s = screenAnswers(type.answerKind, o.annotations, known.set);
          if (s) screened.set(o.datasetObjectId, s);
        }
      if (known) warnAboutUnknownLabels(screened, known, context);
      const records: Array<AnswerRecord<unknown>> = [];
      for (const o of objects) for (const a of screened.get(o.datasetObjectId)?.counted ?? o.annotations) records.push({ item: o.datasetObjectId, worker: a.workerId, answer: kind.toRecordAnswer(a.answer) });
      // No labels from the task or the event (a console-made job sends none): index the output
      // by the labels the answers use, in an order carried from batch to batch, or else every
      // multi-label answer would come out empty and an index would change meaning between batches.
      const orderFromAnswers = labels.length === 0 && kind.indexedOutput;
      const outputLabels = labels.length > 0 ? labels : labelsOfAnswers(kind, records, carried?.outputClasses ?? []);
      // A mask's classes are indices into the labels the algorithm is given, so it gets the output's order.
      const algorithmLabels = labels.length > 0 ? labels : type.answerKind === 'mask' ? outputLabels : [];
      const options = { ...(settings.options ?? {}), ...(algorithmLabels.length > 0 && takesLabels ? { labels: algorithmLabels } : {}), ...(prior ? { prior } : {}) } as never;
      const result = algorithm.consolidate(records as never, options);
      settings.onResult?.(result as ConsolidationResult<unknown>);
      if (orderFromAnswers) {
        const why = "no labels from the task or the event: class indices follow the order the answers first used each label, carried in the consolidation state; set the task's labels to fix it";
        // Digests, capped, like the unknown-labels warning: with no labels known, each class is text a
        // worker sent (the log group keeps it), and hostile answers may use thousands of labels.
        context.logger.warn(why, { ...digestsForLog('classDigests', 'classCount', outputLabels), stateUri: context.state.uri });
      }
      // This batch's own part: its answers' counts and the class order it used, added to the
      // earlier batches' by whoever loads the state next.
      const part: TaskState = { version: 1, states: result.batchState !== undefined && algorithm.mergeStates ? { [algorithm.name]: result.batchState } : {}, ...(orderFromAnswers ? { outputClasses: outputLabels } : {}) };
      if (Object.keys(part.states).length > 0 || part.outputClasses) await context.state.contribute(part, stateMerge);
      const byId = new Map(objects.map((o) => [o.datasetObjectId, o]));
      const out = new Map<string, AcsLabel<unknown> | Error>();
      for (const item of result.items as Array<ItemResult<unknown>>) {
        if (item.label === null) {
          out.set(item.item, new Error(item.reason ?? 'nothing could be decided'));
          continue;
        }
        const s = screened.get(item.item);
        const leftOut = s && known && unknownLabelsNote(s, type.answerKind, known);
        const note = leftOut ? [item.reason, leftOut].filter(Boolean).join('; ') : (item.reason ?? '');
        const object = byId.get(item.item);
        const answers = object?.annotations ?? [];
        const counted = s ? s.counted : answers;
        const label = kind.format(item, { type, labels: outputLabels, labelDefinitions: settings.labelDefinitions, workers: workersOf(counted.length, context.event.maxHumanWorkersPerDataObject), sample: answers[0]?.answer });
        // What the element submitted beside the consolidated value (a comment, whether the initial value was changed), in the built-in formats' words.
        const notes = answerNotesMetadata(answers, counted);
        // The answers set aside, one entry each beside the note's sentence, so that they can be counted and named.
        const setAside = s && known && s.setAsideAnswers.length > 0 ? { 'unknown-label-answers': unknownLabelAnswers(s, known) } : {};
        out.set(item.item, { ...label, metadata: { ...label.metadata, ...(note ? { 'consolidation-note': note } : {}), ...notes, ...setAside, ...keptFieldsMetadata(kept.get(item.item)) } });
      }
      for (const [id, s] of screened) {
        const nothingKnown = known && nothingKnownFailure(s, known);
        if (nothingKnown) out.set(id, nothingKnown);
      }
      // A label written elsewhere (a mask's PNG) is written once every object's outcome is known, all at once.
      if (kind.writeLabels) await writeKindLabels(kind, out, context);
      return out;
    },
  };
}

/**
 * Every problem with an algorithm choice for a task type whose answers `kind` consolidates, at
 * `path` (the task config's `consolidation`): an unknown name, an algorithm for another kind of
 * answer, and options that the algorithm does not take or that are out of range; `labelsPath` is
 * where the labels are written. {@link checkConsolidationSettings} is the same for any type.
 */
export function kindSettingsProblems(type: TaskTypeDefinition<object, unknown>, kind: KindConsolidation<never, unknown>, settings: { algorithm: unknown; options?: unknown; labels?: unknown; keepFields?: unknown; seedState?: unknown }, path = 'consolidation', labelsPath = `${path}.labels`): ContractIssue[] {
  const seed = settings.seedState === undefined ? undefined : seedStateProblem(settings.seedState);
  return [...algorithmProblems(type, kind, settings, path, labelsPath), ...keepFieldsProblems(settings.keepFields, type.answerField, `${path}.keepFields`), ...(seed ? [{ path: `${path}.seedState`, problem: seed }] : [])];
}

function algorithmProblems(type: TaskTypeDefinition<object, unknown>, kind: KindConsolidation<never, unknown>, settings: { algorithm: unknown; options?: unknown; labels?: unknown }, path: string, labelsPath: string): ContractIssue[] {
  const name = settings.algorithm;
  // The type's own kind's algorithms, and the others by name only (algorithmKinds): the check carries no other kind's code.
  const own = kind.algorithms;
  const algorithm = typeof name === 'string' ? getOwn(own, name) : undefined;
  const otherKind = typeof name === 'string' && !algorithm ? getOwn(algorithmKinds as Record<string, string>, name) : undefined;
  const fitting = Object.keys(own);
  // The task's labels become an algorithm's `labels` option (unique, non-empty), so they are held to that rule for every algorithm: lint then refuses what the cold start would.
  const labels = settings.labels === undefined ? [] : checkOptions({ labels: commonOptions.labels }, { labels: settings.labels }, path).map((issue) => ({ ...issue, path: labelsPath }));
  if (otherKind) {
    return [...labels, { path: `${path}.algorithm`, problem: `"${name}" consolidates ${otherKind} answers, but ${type.name} answers are ${type.answerKind}; use ${fitting.join(', ')}` }];
  }
  if (!algorithm) {
    return [...labels, { path: `${path}.algorithm`, problem: `${typeof name === 'string' ? `unknown algorithm ${JSON.stringify(name)}` : `expected an algorithm name, got ${describeType(name)}`}; for ${type.name} use ${fitting.join(', ')}` }];
  }
  const issues = [...labels, ...checkOptions(algorithm.optionSpecs, settings.options, `${path}.options`)];
  // The task's labels are passed as the algorithm's `labels`, so labels in the options would be overridden.
  if (isObject(settings.options) && Object.hasOwn(settings.options, 'labels') && Array.isArray(settings.labels) && settings.labels.length > 0) {
    issues.push({ path: `${path}.options.labels`, problem: "the task's labels are used (they fix the class order); remove this, or change the task's labels" });
  }
  return issues;
}

/** Refuses anything but a task type's definition, naming what it got. */
export function checkTaskType(type: unknown, caller: string): asserts type is TaskTypeDefinition<object, unknown> {
  if (isObject(type) && typeof type.answerKind === 'string' && typeof type.parseAnswer === 'function') return;
  throw new TypeError(`${caller}: expected a task type (e.g. textClassification from "gtkit/task-types")${caller === 'taskConsolidation' ? ' or its name (e.g. "text-classification")' : ''}, got ${describeType(type)}`);
}

/** Refuses settings that are not an object, naming what it got. */
export function checkSettings(settings: unknown, caller: string): asserts settings is TaskConsolidationOptions {
  if (!isObject(settings)) throw new TypeError(`${caller}: expected settings { algorithm, options?, labels? }, got ${describeType(settings)}`);
}

/** Refuses answers of another kind than the type's (classAnswers for a bounding-box type), naming the ones to pass. */
function checkAnswers(type: TaskTypeDefinition<object, unknown>, answers: unknown): void {
  const expected = `${type.answerKind} answers (e.g. ${answerKindExports[type.answerKind]} from "gtkit/task-types")`;
  if (!isObject(answers) || typeof answers.kind !== 'string' || typeof answers.format !== 'function' || !isObject(answers.algorithms)) {
    throw new TypeError(`kindConsolidation: expected the consolidation of ${expected} as its second argument, got ${describeType(answers)}`);
  }
  if (answers.kind !== type.answerKind) throw new TypeError(`kindConsolidation: ${type.name} answers are ${type.answerKind}, but the consolidation given takes ${answers.kind} answers; pass ${answerKindExports[type.answerKind]}`);
}

/** Writes the labels a kind writes elsewhere (each mask's PNG) and puts what each becomes (its URI) in its entry, or the object's failure. */
async function writeKindLabels(kind: KindConsolidation<unknown, unknown>, out: Map<string, AcsLabel<unknown> | Error>, context: AcsContext): Promise<void> {
  const pending = [...out].flatMap(([datasetObjectId, entry]) => (entry instanceof Error ? [] : [{ datasetObjectId, label: entry.label }]));
  if (pending.length === 0 || !kind.writeLabels) return;
  for (const [id, written] of await kind.writeLabels(pending, context)) {
    const entry = out.get(id) as AcsLabel<unknown>;
    out.set(id, typeof written === 'string' ? { ...entry, label: written } : written);
  }
}

/**
 * The labels a batch's answers use, for output indices when the task has none: the carried
 * order first (so indices stay the same from batch to batch), then the others, sorted.
 */
function labelsOfAnswers(kind: KindConsolidation<unknown, unknown>, records: ReadonlyArray<AnswerRecord<unknown>>, carriedOrder: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const l of kind.labelsOf(r.answer)) if (typeof l === 'string') seen.add(l);
  // The carried order is distinct already (labelList).
  const firstSet = new Set(carriedOrder);
  return [...carriedOrder, ...[...seen].filter((l) => !firstSet.has(l)).sort()];
}

/**
 * One warning per batch when the carried state cannot be used as it is: it holds another
 * algorithm's state and none of this one's (the config changed mid-job: this one starts afresh,
 * the other's is kept under its name), or its classes differ from the task's labels (the shared
 * classes keep their counts; with none shared it is of no use).
 */
function warnAboutCarriedState(carried: TaskState | undefined, prior: unknown, name: string, labels: readonly string[], context: AcsContext): void {
  const held = Object.keys(carried?.states ?? {});
  if (prior === undefined && held.length > 0) {
    context.logger.warn(`the carried consolidation state is of another algorithm: ${heldStatesPhrase(held, name)}, so this batch starts afresh for ${name} (the other's state is kept beside it; set consolidation.algorithm back to ${held[0]} to use it)`, {
      stateUri: context.state.uri,
      algorithm: name,
      heldAlgorithms: held,
    });
    return;
  }
  const mismatch = stateClassMismatch(prior, labels);
  if (!mismatch) return;
  context.logger.warn(`the carried ${name} state's classes differ from the task's labels: ${classMismatchPhrase(mismatch, `this batch starts afresh for ${name}`)}`, {
    stateUri: context.state.uri,
    ...cappedForLog('stateOnlyClasses', 'stateOnlyClassCount', mismatch.stateOnly),
    ...cappedForLog('missingLabels', 'missingLabelCount', mismatch.taskOnly),
  });
}

/** One warning per batch for the answers {@link screenAnswers} left out (each object's note has the details). */
function warnAboutUnknownLabels(screened: ReadonlyMap<string, ScreenedAnswers>, { list: known }: KnownLabels, context: AcsContext): void {
  // Every screened object has an unknown label: the screen keeps only those.
  const affected = [...screened.values()];
  if (affected.length === 0) return;
  const labels = [...new Set(affected.flatMap((s) => [...s.unknown.keys()]))];
  // An unknown label is worker-written text (an "other: specify" field, a tampered answer) and may
  // hold personal data: the log line counts them and digests the first ones, the output manifest's
  // note keeps the text. A log event is capped (256 KB in CloudWatch Logs), hence the first ones only.
  context.logger.warn('answers with labels outside the known ones were set aside or counted without those labels (the output manifest\'s consolidation-note names them)', {
    objects: affected.length,
    setAside: affected.reduce((n, s) => n + s.setAsideAnswers.length, 0),
    trimmed: affected.reduce((n, s) => n + s.trimmed, 0),
    ...digestsForLog('labelDigests', 'unknownLabelCount', labels),
    ...cappedForLog('known', 'knownLabelCount', known),
  });
}

/**
 * The workers an object's confidence is reported for: the job's number, or 1 when one answer
 * counted, so that one answer gives 0 as one worker does (§6) instead of a full confidence,
 * whatever left the others out: set aside (an unknown label, an answer that does not parse, a
 * worker's earlier answer) or never sent (Ground Truth calls the ACS when the task expires).
 */
function workersOf(countedAnswers: number, workersPerObject: number | undefined): number | undefined {
  return countedAnswers === 1 ? 1 : workersPerObject;
}
