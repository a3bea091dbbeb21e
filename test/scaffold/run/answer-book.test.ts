import { describe, expect, it } from 'vitest';
import { capturedAnswerBook, simulatedAnswerBook } from '../../../scaffold/run/answer-book.ts';
import type { CapturedAnswer } from '../../../scaffold/run/answers-file.ts';
import { workerResponseFile } from '../../../scaffold/run/worker-responses.ts';
import { caught } from '../../helpers/errors.ts';

const workers = [1, 2, 3].map((n) => ({ id: `private.us-east-1.sim${n}`, accuracy: 0.9, spammer: false }));
const now = new Date('2026-11-23T00:00:00Z');

describe('simulatedAnswerBook', () => {
  it('gives back answers that write the same worker-response file and request content as the answers it was given', () => {
    // Contents JSON text must round-trip exactly: numbers, escapes, nesting, an undefined field JSON drops.
    const contents: Array<Record<string, unknown>> = [
      { category: { label: 'refund' } },
      { boxes: [{ left: 0.1, top: 1e21, width: -0, label: 'car "x"\u2028' }], note: undefined },
      { text: 'é\u0000\ud83d\ude00', deep: { a: [[1, 2.5e-7], { b: null }] } },
    ];
    const given: CapturedAnswer[] = contents.map((answerContent, i) => ({ datasetObjectId: '7', workerId: workers[i]?.id as string, answerContent }));
    const book = simulatedAnswerBook(workers);
    book.add('7', given);
    expect(book.count('7')).toBe(3);
    const back = book.answers('7');
    expect(JSON.stringify(workerResponseFile(back, now))).toBe(JSON.stringify(workerResponseFile(given, now)));
    expect(back.map((a) => JSON.stringify(a.answerContent))).toEqual(given.map((a) => JSON.stringify(a.answerContent)));
    expect(back.map((a) => [a.datasetObjectId, a.workerId])).toEqual(given.map((a) => [a.datasetObjectId, a.workerId]));
    book.release('7');
    expect([book.count('7'), book.answers('7')]).toEqual([0, []]);
  });

  it('refuses answers it could not give back as they were (another worker order, times of their own)', () => {
    const book = simulatedAnswerBook(workers);
    const answer = (workerId: string, extra: Partial<CapturedAnswer> = {}): CapturedAnswer => ({ datasetObjectId: '1', workerId, answerContent: {}, ...extra });
    const [a, b, c] = workers.map((w) => w.id);
    const refusal = 'the simulated answers of object 1 are not one plain answer per simulated worker, in their order';
    expect(caught(() => book.add('1', [answer(b as string), answer(a as string), answer(c as string)])).message).toBe(refusal);
    expect(caught(() => book.add('1', [answer(a as string), answer(b as string)])).message).toBe(refusal);
    expect(caught(() => book.add('1', [answer(a as string, { timeSpentInSeconds: 3 }), answer(b as string), answer(c as string)])).message).toBe(refusal);
    expect(book.count('1')).toBe(0);
  });
});

describe('capturedAnswerBook', () => {
  it('hands out the answers as read, and forgets an object once released', () => {
    const list: CapturedAnswer[] = [{ datasetObjectId: '0', workerId: 'w1', answerContent: { a: 1 }, submissionTime: '2026-01-01T00:00:00Z' }];
    const book = capturedAnswerBook(new Map([['0', list]]));
    expect([book.count('0'), book.count('1')]).toEqual([1, 0]);
    expect(book.answers('0')).toBe(list);
    book.release('0');
    expect(book.answers('0')).toEqual([]);
  });
});
