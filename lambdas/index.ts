/**
 * gtkit's Lambda side: typed Ground Truth contracts, the PRE and ACS handler helpers, payload
 * I/O. Import from `gtkit` (or `gtkit/lambdas`); consolidation from `gtkit/consolidation`.
 */
export * from './contracts/index.ts';
export { preHandler, InvalidDataObjectError, type PreHandlerOptions, type PreResult, type PreFunctionContext, type ReadText, type SkippedTaskInput, type TaskInputObject } from './handlers/pre.ts';
export { acsHandler, type AcsHandlerOptions } from './handlers/acs.ts';
export { isConsolidationFailure, type AcsContext, type AcsLabel, type AcsObject, type BatchState, type ConsolidationFailure, type StateMerge, type RejectedAnnotation, type WorkerAnswer } from './handlers/acs-types.ts';
export { ResponseTooLargeError } from './handlers/acs-oversize.ts';
export { lambdaResponseLimitBytes } from './handlers/limits.ts';
export { defaultLogger, silentLogger, type HandlerLogger } from './handlers/logger.ts';
export { parseS3Uri, joinS3Uri, ObjectDeleteError, type ObjectStore, type S3Location } from './io/object-store.ts';
export { LocalObjectStore } from './io/local-store.ts';
export { MemoryObjectStore } from './io/memory-store.ts';
export { taskTypeNames, isTaskTypeName, type TaskTypeName } from './task-types/names.ts';
