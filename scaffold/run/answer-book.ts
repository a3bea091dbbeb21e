import type { SimulatedWorker } from '../../lambdas/task-types/define.ts';
import type { CapturedAnswer } from './answers-file.ts';

/**
 * The answers of each object sent to workers, from the moment they are in until the object's ACS
 * batch is done: its worker-response file and its consolidation request are made from them.
 */
export interface AnswerBook {
  /** How many answers the object has; 0 when nobody answered it. */
  count(datasetObjectId: string): number;
  /** The object's answers, in the order of its worker-response file. */
  answers(datasetObjectId: string): CapturedAnswer[];
  /** Forgets the object's answers (its batch is consolidated). */
  release(datasetObjectId: string): void;
}

/** The answers read from the answers file, by object (they are the user's file, already in memory). */
export function capturedAnswerBook(byId: Map<string, CapturedAnswer[]>): AnswerBook {
  return {
    count: (id) => byId.get(id)?.length ?? 0,
    answers: (id) => byId.get(id) ?? [],
    release: (id) => void byId.delete(id),
  };
}

/**
 * Simulated answers, kept small: every object is answered by the same workers in the same order,
 * and a simulated answer has no times, so an object needs only its answers' contents, as one JSON
 * text (half the memory of the answer objects). `answers` builds them again as they were: JSON
 * text read back writes out the same, so the files and requests do not change.
 */
export function simulatedAnswerBook(workers: SimulatedWorker[]): AnswerBook & { add(datasetObjectId: string, answers: CapturedAnswer[]): void } {
  const contents = new Map<string, string>();
  return {
    add(id, answers) {
      const plain = answers.length === workers.length && answers.every((a, i) => a.workerId === workers[i]?.id && a.acceptanceTime === undefined && a.submissionTime === undefined && a.timeSpentInSeconds === undefined);
      if (!plain) throw new Error(`the simulated answers of object ${id} are not one plain answer per simulated worker, in their order`);
      contents.set(id, JSON.stringify(answers.map((a) => a.answerContent)));
    },
    count: (id) => (contents.has(id) ? workers.length : 0),
    answers(id) {
      const text = contents.get(id);
      if (text === undefined) return [];
      return (JSON.parse(text) as Array<Record<string, unknown>>).map((answerContent, i) => ({ datasetObjectId: id, workerId: (workers[i] as SimulatedWorker).id, answerContent }));
    },
    release: (id) => void contents.delete(id),
  };
}
