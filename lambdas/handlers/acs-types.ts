import type { Context } from 'aws-lambda';
import type { JsonObject } from '../contracts/check.ts';
import type { AcsEvent, AcsPayloadObject, AnnotationData } from '../contracts/acs.ts';
import type { ObjectStore } from '../io/object-store.ts';
import type { HandlerLogger } from './logger.ts';

/** One worker's parsed answer. */
export interface WorkerAnswer<TAnswer> {
  workerId: string;
  answer: TAnswer;
}

/** An annotation that could not be used, kept with its reason so nothing is lost. */
export interface RejectedAnnotation {
  workerId: string;
  reason: string;
  annotationData: AnnotationData;
}

/** One data object of the batch, with its answers parsed. */
export interface AcsObject<TAnswer> {
  datasetObjectId: string;
  dataObject: AcsPayloadObject['dataObject'];
  annotations: Array<WorkerAnswer<TAnswer>>;
  rejected: RejectedAnnotation[];
}

/** What consolidation returns for one object: the label value and optional extra metadata. */
export interface AcsLabel<TLabel> {
  /** Written to the output manifest under the label attribute name. */
  label: TLabel;
  /** Written under `<labelAttributeName>-metadata` inside the content (e.g. confidence, class-name). */
  metadata?: JsonObject;
}

/** Worker-quality (or any) state carried from batch to batch, as one JSON object. */
export interface BatchState {
  /** Where the state lives, or undefined when the event gives no place for it. */
  readonly uri: string | undefined;
  /** The saved state; undefined when there is none yet or it cannot be read (then with a warning). */
  load<T>(): Promise<T | undefined>;
  /**
   * Saves the state. It is written once the batch's response is final (after the size check and
   * any offload), so a batch whose handler fails (throws: Ground Truth sends it again) saves
   * nothing. A batch that returns saves, even when every object in it failed to consolidate: the
   * answers it counted are real, and sent again it replaces its part. A failure to write is logged as a warning
   * and never fails the batch. When the stored state could not be read (other than not existing
   * yet), nothing is written, so that the stored one is kept.
   */
  save(value: unknown): Promise<void>;
  /**
   * The state every other batch of the job contributed (`contribute`), added up by `merge`;
   * undefined when there is none yet. The parts this batch has contributed so far are added in
   * (with consolidateObject, an object sees the parts of the objects before it). Each batch's part is an object of its own, named by a
   * digest of its answers: batches that run at the same time do not write over each other, and a
   * batch sent again replaces its own part instead of counting its answers twice (and its own
   * earlier part is left out of what it loads). Parts that cannot be read are left out with a
   * warning. It needs a store that can list (s3:ListBucket on the bucket); without one, the parts
   * are added up in the one object `load` reads, and the last batch to write wins.
   */
  loadShared<T>(merge: StateMerge<T>): Promise<T | undefined>;
  /**
   * Adds a part to this batch's own part of the shared state, saved when the response is final
   * (as `save`): parts given in one batch add up by `merge` (consolidateObject gives one per
   * object), so give each answer's counts once, not a running total. `merge` is the one
   * `loadShared` takes: where the store cannot list, it adds the batch's part to the sum in the
   * one object instead of writing over it.
   */
  contribute<T>(part: T, merge: StateMerge<T>): Promise<void>;
}

/** How the parts of a shared state are checked and added up ({@link BatchState.loadShared}). */
export interface StateMerge<T> {
  /** Checks one stored part (JSON from the store); throws naming the problem to have it left out. */
  read(value: unknown): T;
  /** One value holding what all the parts hold (at least one part), whatever their order. */
  merge(parts: readonly T[]): T;
}

export interface AcsContext {
  event: AcsEvent;
  lambdaContext: Context;
  logger: HandlerLogger;
  /** The store the payload was read from (S3 with the chosen role). */
  store: ObjectStore;
  state: BatchState;
}

/** The value stored under the label attribute for an object that could not be consolidated. */
export interface ConsolidationFailure {
  consolidationError: string;
  rawAnnotations: Array<{ workerId: string } & AnnotationData>;
}

export function isConsolidationFailure(value: unknown): value is ConsolidationFailure {
  return typeof value === 'object' && value !== null && typeof (value as ConsolidationFailure).consolidationError === 'string';
}

/**
 * An object's outcome when it cannot be consolidated for what its workers wrote (every answer has
 * a label outside the known ones): its entry's consolidationError keeps the reason with that text,
 * for the job's output, which holds the answers beside it anyway; the `object not consolidated`
 * log line says `logReason`, the same with digests in place of the text, which CloudWatch would
 * otherwise keep for the log group's retention.
 */
export class FailureWithLogReason extends Error {
  constructor(
    reason: string,
    readonly logReason: string,
  ) {
    super(reason);
    this.name = 'FailureWithLogReason';
  }
}
