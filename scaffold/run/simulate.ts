import type { DataObject } from '../../lambdas/contracts/pre.ts';
import { hashString, seededRandom, type SimulatedWorker } from '../../lambdas/task-types/define.ts';
import type { TaskTypeDefinition } from '../../lambdas/task-types/define.ts';
import type { CapturedAnswer } from './answers-file.ts';

export interface SimulationOptions {
  workers: number;
  seed: number;
  /** Share of workers who answer at random (0–1). */
  spammers?: number;
  /** Accuracy of the honest workers, spread evenly between these bounds. */
  accuracy?: [number, number];
  /** Manifest attribute holding the true answer, when the data has one. */
  truthField?: string;
}

/** The simulated crowd: ids shaped like a private workforce's, seeded accuracies, the spammers last. */
export function simulatedWorkers(options: SimulationOptions): SimulatedWorker[] {
  const [lo, hi] = options.accuracy ?? [0.7, 0.95];
  const spammers = Math.round(options.workers * (options.spammers ?? 0));
  return Array.from({ length: options.workers }, (_, i) => {
    const spammer = i >= options.workers - spammers;
    const accuracy = options.workers === 1 ? hi : hi - ((hi - lo) * i) / Math.max(1, options.workers - 1);
    return { id: `private.us-east-1.sim${String(i + 1).padStart(13, '0')}`, accuracy: spammer ? 0 : accuracy, spammer };
  });
}

/**
 * Answers of every simulated worker for one object. Each (object, worker) pair has its own
 * seed, so the answers do not depend on batch size or on which other objects are in the run.
 */
export function simulateAnswers(
  type: TaskTypeDefinition<object, unknown>,
  datasetObjectId: string,
  dataObject: DataObject,
  taskInput: object,
  labels: string[],
  workers: SimulatedWorker[],
  options: SimulationOptions,
): CapturedAnswer[] {
  const truth = dataObject[options.truthField ?? 'truth'];
  return workers.map((worker) => {
    const random = seededRandom(hashString(`${options.seed}\u0000${datasetObjectId}\u0000${worker.id}`));
    return { datasetObjectId, workerId: worker.id, answerContent: type.simulate({ taskInput, truth, worker, random, labels }) };
  });
}
