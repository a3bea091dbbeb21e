/** Task types on the Lambda side: `import { textClassification } from 'gtkit/task-types'`. */
export * from './classification.ts';
export * from './geometry.ts';
export * from './text.ts';
export { semanticSegmentation, type SemanticSegmentationAnswer } from './segmentation.ts';
export { defineTaskType, seededRandom, hashString, withSourceText, type LineWithSourceText, type AnswerKind, type TaskLabel, type TaskTypeDefinition, type SimulatedWorker, type SimulationInput, type Random, type TruthShape } from './define.ts';
export { taskTypeNames, isTaskTypeName, type TaskTypeName } from './names.ts';
export { taskTypes, getTaskType } from './registry.ts';
export type { AdjustableAnswer, CommentedAnswer, WorkerFeedbackEntry } from './answer-notes.ts';
export { taskConsolidation, type TaskConsolidation, type TaskConsolidationOptions } from './consolidate.ts';
