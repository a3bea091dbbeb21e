import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { outputLinesOf } from '../../helpers/output-lines.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const exec = promisify(execFile);
const temp = useTempRoot('gtkit-edits-');

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, 'utf8')));
}

/** The first edits a team makes to a new task, with the scaffold's own guidance. */
describe('a new task edited as a user would', () => {
  it('shows a new manifest field once pre.ts passes it on as its comment shows', async () => {
    const dir = join(temp.path, 'new-field');
    await initTask({ dir, type: 'text-classification' });
    await edit(join(dir, 'template.liquid.html'), (t) => t.replace('<blockquote', '<p>Channel: {{ task.input.channel }}</p>\n      <blockquote'));
    expect((await lintTarget(dir)).findings.map((f) => f.ruleId)).toEqual(['task-input-path']);
    await edit(join(dir, 'pre.ts'), (pre) => {
      const example = /^\/\/ {3}(taskInput: .*channel: line\.channel \},)$/m.exec(pre)?.[1];
      expect(example, 'pre.ts shows how to add a field').toBeDefined();
      return pre.replace(/^ {2}taskInput: .*$/m, `  ${example}`);
    });
    expect((await lintTarget(dir)).findings).toEqual([]);
  }, 60_000);

  it("renaming the label attribute in the config is enough: the task's test follows it", async () => {
    const dir = join(temp.path, 'renamed');
    await initTask({ dir, type: 'text-classification' });
    await edit(join(dir, 'gtkit.config.ts'), (c) => c.replace('labelAttributeName: "intent"', 'labelAttributeName: "customer-intent"'));
    // An ACS that writes the config's name whatever the event says, as a hand-written one may.
    await edit(join(dir, 'acs.ts'), (acs) =>
      acs.replace(
        'export const handler = acsHandler(consolidation);',
        `const consolidate = acsHandler(consolidation);
export const handler: typeof consolidate = async (event, context) => consolidate({ ...event, labelAttributeName: config.labelAttributeName }, context);`,
      ),
    );
    const { stdout } = await exec(process.execPath, ['--import', 'gtkit/register', '--test', 'task.test.ts'], { cwd: dir }).catch((e: { stdout: string }) => e);
    expect(stdout).toMatch(/# pass 2/);
  }, 60_000);

  it('a line added at the top of the sample manifest leaves every sample answer on its own data', async () => {
    const dir = join(temp.path, 'inserted-line');
    await initTask({ dir, type: 'text-classification' });
    const before = (await runTask(dir, { now: '2026-11-23T00:00:00Z' })).run;
    const labelOf = (line: Record<string, unknown>) => JSON.stringify(line.intent);
    const labelled = new Map(outputLinesOf(before).map((l) => [l.source, labelOf(l)]));
    await edit(join(dir, 'manifest.jsonl'), (m) => `{"source":"A new first message","truth":"other","channel":"chat"}\n${m}`);
    const after = (await runTask(dir, { now: '2026-11-23T00:00:00Z' })).run;
    const [added, ...rest] = outputLinesOf(after);
    expect(added?.intent).toBeUndefined();
    expect(new Map(rest.map((l) => [l.source, labelOf(l)]))).toEqual(labelled);
    expect(after.problems.every((p) => p.severity === 'warning' && p.message.includes('replayed'))).toBe(true);
  }, 60_000);

  it('replacing the sample manifest names a few of the sample answers it leaves behind, counts the rest, and says what to do', async () => {
    const dir = join(temp.path, 'own-manifest');
    await initTask({ dir, type: 'text-classification' });
    await writeFile(join(dir, 'manifest.jsonl'), '{"source":"My own first line","channel":"chat"}\n{"source":"My own second line","channel":"email"}\n');
    const { run } = await runTask(dir, { now: '2026-11-23T00:00:00Z' });
    const answers = run.problems.filter((p) => p.stage === 'answers');
    expect(answers).toHaveLength(6);
    expect(answers.at(-1)?.message).toMatch(/^… and \d+ more answer\(s\) ignored \(\d+ in all: .*delete .*answers\.jsonl or run with --simulate\)$/);
  }, 60_000);
});
