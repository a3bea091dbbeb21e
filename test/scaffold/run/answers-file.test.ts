import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAnswer, readAnswers, unusedAnswersNote } from '../../../scaffold/run/answers-file.ts';

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
    await appendAnswer(file, { datasetObjectId: 0 as unknown as string, workerId: 'w1', answerContent: { c: { label: 'd' } } });
    const { answers, problems, replaced } = await readAnswers(file);
    expect(problems).toEqual([]);
    // One entry per replaced line, each naming the line that replaced it (a numeric id is the same object).
    expect(replaced).toEqual([
      { workerId: 'w1', datasetObjectId: '0', where: `${file}:1`, replacedBy: `${file}:3` },
      { workerId: 'w1', datasetObjectId: '0', where: `${file}:3`, replacedBy: `${file}:4` },
    ]);
    expect(answers.map((a) => [a.workerId, (a.answerContent.c as { label: string }).label])).toEqual([
      ['w1', 'd'],
      ['w2', 'b'],
    ]);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(4);
  });

  it('makes the file 0600 (answers given on the task\'s data), and leaves the mode of a file that was there', async () => {
    const file = join(dir, 'private.jsonl');
    await appendAnswer(file, { datasetObjectId: '0', workerId: 'w1', answerContent: { c: { label: 'a' } } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const shared = join(dir, 'shared.jsonl');
    await writeFile(shared, '');
    await chmod(shared, 0o644);
    await appendAnswer(shared, { datasetObjectId: '0', workerId: 'w1', answerContent: { c: { label: 'a' } } });
    expect((await stat(shared)).mode & 0o777).toBe(0o644);
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

  it('keeps both answers of a worker for one position when they were given for different data (a manifest edit between them)', async () => {
    const file = join(dir, 'two-data.jsonl');
    const line = (label: string, digest: string) => JSON.stringify({ datasetObjectId: '1', workerId: 'alice', answerContent: { c: { label } }, sourceDigest: digest });
    await writeFile(file, [line('delivery', '0000000000000001'), line('refund', '0000000000000002'), line('other', '0000000000000002')].join('\n'));
    const { answers, replaced } = await readAnswers(file);
    expect(answers.map((a) => [(a.answerContent.c as { label: string }).label, a.sourceDigest])).toEqual([
      ['delivery', '0000000000000001'],
      ['other', '0000000000000002'],
    ]);
    // Only the resubmission for the same data replaced an answer.
    expect(replaced).toEqual([{ workerId: 'alice', datasetObjectId: '1', where: `${file}:2`, replacedBy: `${file}:3` }]);
  });

  it('refuses a sourceDigest that gtkit preview did not write, naming the line and how to go on', async () => {
    const file = join(dir, 'digest.jsonl');
    const line = (digest: unknown) => JSON.stringify({ datasetObjectId: '0', workerId: 'w', answerContent: {}, sourceDigest: digest });
    await writeFile(file, [line('0123456789abcdef'), line('XYZ'), line(12), line('0123456789ABCDEF')].join('\n'));
    const { answers, problems } = await readAnswers(file);
    expect(answers.map((a) => a.sourceDigest)).toEqual(['0123456789abcdef']);
    expect(problems.map((p) => p.where)).toEqual([`${file}:2`, `${file}:3`, `${file}:4`]);
    expect(problems[0]?.reason).toBe('"sourceDigest" must be the 16 hex digits gtkit preview writes, got "XYZ"; remove it to tie the answer to its datasetObjectId alone');
  });

  it('an answer appended to a file without a final newline starts a line of its own (CRLF and empty files too)', async () => {
    const file = join(dir, 'no-newline.jsonl');
    await writeFile(file, ['{"datasetObjectId":"0","workerId":"alice","answerContent":{}}', '{"datasetObjectId":"0","workerId":"bob","answerContent":{}}'].join('\n'));
    await appendAnswer(file, { datasetObjectId: '0', workerId: 'carol', answerContent: {} });
    const crlf = join(dir, 'crlf.jsonl');
    await writeFile(crlf, '{"datasetObjectId":"0","workerId":"dave","answerContent":{}}\r\n');
    await appendAnswer(crlf, { datasetObjectId: '0', workerId: 'erin', answerContent: {} });
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '');
    await appendAnswer(empty, { datasetObjectId: '0', workerId: 'fay', answerContent: {} });
    for (const [f, workers] of [
      [file, ['alice', 'bob', 'carol']],
      [crlf, ['dave', 'erin']],
      [empty, ['fay']],
    ] as const) {
      const { answers, problems } = await readAnswers(f);
      expect(problems).toEqual([]);
      expect(answers.map((a) => a.workerId)).toEqual(workers);
    }
    expect(await readFile(empty, 'utf8')).toBe('{"datasetObjectId":"0","workerId":"fay","answerContent":{}}\n');
  });

  it('treats a missing file as no answers', async () => {
    expect(await readAnswers(join(dir, 'none.jsonl'))).toEqual({ answers: [], problems: [], replaced: [] });
  });

  it('a file saved as UTF-16 is one error naming it, with a byte-order mark or without one, in either byte order', async () => {
    const text = `${JSON.stringify({ datasetObjectId: '0', workerId: 'w1', answerContent: { c: { label: 'a' } } })}\n`;
    const fix = 'save it as UTF-8, one captured answer per line (iconv -f UTF-16 -t UTF-8), or remove it to run without answers';
    const cases: Array<[string, Buffer, string]> = [
      ['le-bom.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'it starts with a UTF-16 byte-order mark'],
      ['le.jsonl', Buffer.from(text, 'utf16le'), 'no byte-order mark, but a NUL byte beside each of its first characters, as UTF-16 little-endian writes them'],
      ['be.jsonl', Buffer.from(text, 'utf16le').swap16(), 'no byte-order mark, but a NUL byte beside each of its first characters, as UTF-16 big-endian writes them'],
    ];
    for (const [name, bytes, evidence] of cases) {
      const file = join(dir, name);
      await writeFile(file, bytes);
      await expect(readAnswers(file)).rejects.toThrow(`${file}: the file is UTF-16 (${evidence}); ${fix}`);
    }
    // Empty, and UTF-8 with a BOM, are read as before.
    await writeFile(join(dir, 'empty.jsonl'), '');
    expect(await readAnswers(join(dir, 'empty.jsonl'))).toEqual({ answers: [], problems: [], replaced: [] });
    await writeFile(join(dir, 'bom.jsonl'), `\uFEFF${text}`);
    expect((await readAnswers(join(dir, 'bom.jsonl'))).answers).toHaveLength(1);
  });
});

// walk150 #8: run --simulate left captured answers aside without a word.
describe('unusedAnswersNote (run --simulate)', () => {
  it('counts the answers the run leaves aside and says how to replay them', async () => {
    const file = join(dir, 'unused.jsonl');
    await writeFile(file, '{"datasetObjectId":"0","workerId":"a","answerContent":{}}\n\n{"datasetObjectId":"1","workerId":"a","answerContent":{}}\nnot json\n');
    expect(await unusedAnswersNote(file, 'answers.jsonl')).toBe('answers.jsonl (3 answers) not used: --simulate answers with simulated workers instead; run without --simulate to replay them');
    await writeFile(file, '{"datasetObjectId":"0","workerId":"a","answerContent":{}}');
    expect(await unusedAnswersNote(file, 'answers.jsonl')).toBe('answers.jsonl (1 answer) not used: --simulate answers with simulated workers instead; run without --simulate to replay it');
  });

  it('nothing for a missing, empty or unreadable file', async () => {
    expect(await unusedAnswersNote(join(dir, 'none.jsonl'), 'x')).toBeUndefined();
    await writeFile(join(dir, 'blank.jsonl'), '\n  \n');
    expect(await unusedAnswersNote(join(dir, 'blank.jsonl'), 'x')).toBeUndefined();
    expect(await unusedAnswersNote(dir, 'x')).toBeUndefined();
  });
});
