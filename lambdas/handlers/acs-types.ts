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
  /** Its place among the object's annotations, and the reason after that place: like reasons of one object are named together. */
  index?: number;
  problem?: string;
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
   * any offload), so a batch that fails saves nothing; a failure to write is logged as a warning
   * and never fails the batch. When the stored state could not be read (other than not existing
   * yet), nothing is written, so that the stored one is kept.
   */
  save(value: unknown): Promise<void>;
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
