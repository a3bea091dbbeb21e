import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { shownPath } from '../../../scaffold/cli/paths.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { dryRun } from '../../../scaffold/run/dry-run.ts';
import { loadTask, type LoadedTask } from '../../../scaffold/task/load-task.ts';
import { storeFor, taskParts, withEnv } from '../../../scaffold/task/task-parts.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-pre-throw-place-');

/** A helper module of the task's own that throws for some lines: the place named must be in it, not in pre.ts or gtkit. */
const tickets = ['// Which lines have a ticket.', 'export function ticketOf(source: string): string {', '  if (/^(Where|Can I)/.test(source)) {', '    throw new Error(`no ticket for ${source.slice(0, 5)}`);', '  }', "  return 'T-1';", '}', ''].join('\n');
const throwLine = 4;
const throwColumn = '    throw new Error'.indexOf('new') + 1;

let task: LoadedTask;
let helper: string;
let pre: string;
beforeAll(async () => {
  const dir = join(temp.path, 'task');
  await initTask({ dir, type: 'text-classification' });
  helper = join(dir, 'lib', 'tickets.ts');
  await mkdir(join(dir, 'lib'), { recursive: true });
  await writeFile(helper, tickets);
  pre = await readFile(join(dir, 'pre.ts'), 'utf8');
  const opening = 'export const handler = preHandler<ClassificationTaskInput>((line) => ({';
  expect(pre).toContain(opening);
  await writeFile(join(dir, 'pre.ts'), `import { ticketOf } from './lib/tickets.ts';\n${pre.replace(opening, `${opening}\n  ...(ticketOf(String(line.source)) ? {} : {}),`)}`);
  task = await loadTask(dir);
}, 60_000);

const place = () => `${shownPath(helper)}:${throwLine}:${throwColumn}`;
const frameOfThrow = expect.stringContaining(`>    ${throwLine} |     throw new Error`);

describe('a PRE that throws: the dry run names the place in the task\'s own code, with the code there', () => {
  for (const from of ['bundle', 'source'] as const) {
    it(`${from === 'bundle' ? 'the bundle (through its source map)' : '--source'}: file:line:col of the throw, the code frame once per place`, async () => {
      const root = join(temp.path, `s3-${from}`);
      const { store } = storeFor({ kind: 'local', root });
      const parts = await taskParts(task, store, from);
      const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(task, parts, { simulate: { workers: 1, seed: 1 } }));
      const failures = result.problems.filter((p) => p.stage === 'pre');
      expect(failures.map((p) => p.where)).toEqual([`${task.paths.manifest}:2`, `${task.paths.manifest}:3`]);
      const [first, second] = failures.map((p) => p.message.split('\n'));
      expect(first?.[0]).toBe(`${place()}: no ticket for Where`);
      expect(first?.slice(1).join('\n')).toEqual(frameOfThrow);
      // The same place again: named, without its code a second time.
      expect(second).toEqual([`${place()}: no ticket for Can I`]);
    }, 60_000);
  }

  it('a failure in gtkit\'s own code (a response the contract refuses) names no place in the task', async () => {
    const dir = join(temp.path, 'bad-response');
    await initTask({ dir, type: 'text-classification' });
    await writeFile(join(dir, 'pre.ts'), 'export const handler = async () => ({ taskInput: 7 });\n');
    const loaded = await loadTask(dir);
    const root = join(temp.path, 's3-bad');
    const parts = await taskParts(loaded, storeFor({ kind: 'local', root }).store, 'bundle');
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () => dryRun(loaded, parts, { simulate: { workers: 1, seed: 1 } }));
    const failure = result.problems.find((p) => p.stage === 'pre');
    expect(failure?.message).toMatch(/taskInput/);
    expect(failure?.message).not.toMatch(/\.ts:\d+:\d+/);
  }, 60_000);
});

describe('a PRE that throws: lint names the place in the task\'s own code, with the code there', () => {
  it('each failing line names file:line:col in its message and fix; the first also shows the code', async () => {
    const findings = (await lintTarget(task.dir)).findings.filter((f) => f.ruleId === 'task-inputs');
    expect(findings.map((f) => [f.line, f.message.split('\n')[0], f.hint])).toEqual([
      [2, `could not get the task input of this line, so its task.input paths were not checked: the PRE failed at ${place()}: no ticket for Where`, `fix ${place()} or this manifest line (gtkit preview shows what the PRE returns for each line)`],
      [3, `could not get the task input of this line, so its task.input paths were not checked: the PRE failed at ${place()}: no ticket for Can I`, `fix ${place()} or this manifest line (gtkit preview shows what the PRE returns for each line)`],
    ]);
    expect(findings[0]?.message.split('\n').slice(1).join('\n')).toEqual(frameOfThrow);
    expect(findings[1]?.message).not.toContain('\n');
  }, 60_000);
});
