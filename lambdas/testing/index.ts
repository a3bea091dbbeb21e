/** Helpers for testing PRE and ACS handlers in-process: `import { … } from 'gtkit/testing'`. */
export { createLambdaContext } from './context.ts';
export { buildAcsEvent, buildAcsPayload, buildPreEvent, labelingJobArn, observedEventVersion, privateWorkerId, type ObjectAnswers } from './events.ts';
export { invokeAcs, invokeHandler, invokePre, type PreTaskInputOf } from './invoke.ts';
export { MemoryObjectStore } from '../io/memory-store.ts';
export { silentLogger } from '../handlers/logger.ts';
export { loadTaskState } from './task-state.ts';
