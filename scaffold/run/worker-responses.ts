import type { CapturedAnswer } from './answers-file.ts';

/** The worker-response file Ground Truth writes per object (reference §2.6). */
export interface WorkerResponseFile {
  answers: Array<{
    workerId: string;
    acceptanceTime: string;
    submissionTime: string;
    timeSpentInSeconds: number;
    answerContent: Record<string, unknown>;
  }>;
}

export function workerResponseFile(answers: CapturedAnswer[], now: Date): WorkerResponseFile {
  return {
    answers: answers.map((a, i) => {
      const spent = a.timeSpentInSeconds ?? 30 + i;
      const submitted = a.submissionTime ?? now.toISOString();
      return {
        workerId: a.workerId,
        acceptanceTime: a.acceptanceTime ?? new Date(Date.parse(submitted) - spent * 1000).toISOString(),
        submissionTime: submitted,
        timeSpentInSeconds: spent,
        answerContent: a.answerContent,
      };
    }),
  };
}

/** Reads the answers back out of a worker-response file, with what is malformed in it (`problems`, without the file's name: the caller names it). */
export function answersFromWorkerResponse(datasetObjectId: string, json: unknown): { answers: CapturedAnswer[]; problems: string[] } {
  const problems: string[] = [];
  const list = typeof json === 'object' && json !== null ? (json as { answers?: unknown }).answers : undefined;
  if (!Array.isArray(list)) return { answers: [], problems: ['expected {"answers": [...]}'] };
  const answers: CapturedAnswer[] = [];
  list.forEach((a, i) => {
    const entry = a as Partial<WorkerResponseFile['answers'][number]>;
    if (typeof entry?.workerId !== 'string') return void problems.push(`answers[${i}].workerId is missing`);
    let content: unknown = entry.answerContent;
    if (typeof content === 'string') {
      try {
        content = JSON.parse(content);
      } catch {
        return void problems.push(`answers[${i}].answerContent is not valid JSON`);
      }
    }
    if (typeof content !== 'object' || content === null || Array.isArray(content)) return void problems.push(`answers[${i}].answerContent must be an object`);
    answers.push({
      datasetObjectId,
      workerId: entry.workerId,
      answerContent: content as Record<string, unknown>,
      ...(entry.acceptanceTime ? { acceptanceTime: entry.acceptanceTime } : {}),
      ...(entry.submissionTime ? { submissionTime: entry.submissionTime } : {}),
      ...(typeof entry.timeSpentInSeconds === 'number' ? { timeSpentInSeconds: entry.timeSpentInSeconds } : {}),
    });
  });
  return { answers, problems };
}
