import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { runFailure } from '../../../scaffold/run/run-verdict.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-replayed-fields-');

// walk150 #3: answers captured before a field was renamed replayed without it, and without a word.
describe('gtkit run: replayed answers holding a field the page no longer submits', () => {
  it('one warning per field, naming the count and the fix; --strict fails on it', async () => {
    const dir = join(temp.path, 'task');
    await initTask({ dir, type: 'text-classification' });
    const file = join(dir, 'answers.jsonl');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    await writeFile(file, `${lines.map((l) => { const a = JSON.parse(l); a.answerContent.comment = 'typed before the rename'; return JSON.stringify(a); }).join('\n')}\n`);
    const { run } = await runTask(dir, { source: true });
    const stale = run.problems.filter((p) => p.message.includes('"comment", which the template no longer submits'));
    expect(stale).toEqual([expect.objectContaining({ stage: 'answers', severity: 'warning', message: expect.stringMatching(new RegExp(`^${lines.length} answers hold "comment"`)), fix: expect.stringContaining('answer those items again in gtkit preview') })]);
    expect(runFailure(run)).toBeUndefined();
    expect(runFailure(run, { strict: true })).toMatch(/^--strict: 1 problem \(answers: 1\)/);
  }, 120_000);

  it('a simulated run says the answers file was left aside, as a note that --strict does not count', async () => {
    const dir = join(temp.path, 'simulated');
    await initTask({ dir, type: 'text-classification' });
    const answers = (await readFile(join(dir, 'answers.jsonl'), 'utf8')).trim().split('\n').length;
    const outcome = await runTask(dir, { source: true, simulate: '3' });
    expect(outcome.unusedAnswers).toBe(`${join(dir, "answers.jsonl")} (${answers} answers) not used: --simulate answers with simulated workers instead; run without --simulate to replay them`);
    expect(runFailure(outcome.run, { strict: true })).toBeUndefined();
    // Replaying them: no such note.
    expect((await runTask(dir, { source: true })).unusedAnswers).toBeUndefined();
  }, 120_000);
});
