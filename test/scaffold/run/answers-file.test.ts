import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAnswer, readAnswers } from '../../../scaffold/run/answers-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gtkit-answers-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('answers file', () => {
  it('appends answers and reads them back; a resubmission by the same worker replaces the earlier one', async () => {
    const file = join(dir, 'a.jsonl');
    await appendAnswer(file, { datasetObjectId: '0', workerId: 'w1', answerContent: { c: { label: 'a' } } });
    await appendAnswer(file, { datasetObjectId: '0', workerId: 'w2', answerContent: { c: { label: 'b' } } });
    await appendAnswer(file, { datasetObjectId: '0', workerId: 'w1', answerContent: { c: { label: 'c' } } });
    const { answers, problems } = await readAnswers(file);
    expect(problems).toEqual([]);
    expect(answers.map((a) => [a.workerId, (a.answerContent.c as { label: string }).label])).toEqual([
      ['w1', 'c'],
      ['w2', 'b'],
    ]);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(3);
  });

  it('reports bad lines by number and keeps the good ones', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, ['\uFEFF{"datasetObjectId":0,"workerId":"w","answerContent":{}}', 'nope', '{"workerId":"w","answerContent":{}}', '{"datasetObjectId":"1","workerId":"w","answerContent":[]}', 'null', '[1]', '"text"'].join('\n'));
    const { answers, problems } = await readAnswers(file);
    expect(answers.map((a) => a.datasetObjectId)).toEqual(['0']);
    expect(problems).toEqual([
      { where: `${file}:2`, reason: expect.stringMatching(/^not valid JSON/) },
      { where: `${file}:3`, reason: '"datasetObjectId" is missing' },
      { where: `${file}:4`, reason: '"answerContent" must be an object' },
      { where: `${file}:5`, reason: 'expected a JSON object, got null' },
      { where: `${file}:6`, reason: 'expected a JSON object, got an array' },
      { where: `${file}:7`, reason: 'expected a JSON object, got "text"' },
    ]);
  });

  it('treats a missing file as no answers', async () => {
    expect(await readAnswers(join(dir, 'none.jsonl'))).toEqual({ answers: [], problems: [] });
  });
});
