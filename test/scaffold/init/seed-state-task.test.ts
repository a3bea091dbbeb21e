import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { scaffoldTask } from '../preview/preview-task.ts';

/** The folders named `gtkit-state` under a folder, as paths relative to it. */
async function stateFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && e.name === 'gtkit-state').map((e) => relative(root, join(e.parentPath, e.name)));
}

/** A scaffolded text-classification task whose job starts from an earlier job's carried state (consolidation.seedState). */
describe("a scaffolded task seeded with an earlier job's state", () => {
  let task: { dir: string; cleanup(): Promise<void> };
  const file = (name: string) => join(task.dir, name);
  const setSeed = async (value: string) => {
    const config = (await readFile(file('gtkit.config.ts'), 'utf8')).replace(/\n {4}seedState: .*/, '');
    await writeFile(file('gtkit.config.ts'), config.replace(/algorithm: "([a-z-]+)"/, `algorithm: "$1",\n    seedState: ${JSON.stringify(value)}`));
  };
  beforeAll(async () => {
    task = await scaffoldTask('text-classification');
  }, 60_000);
  afterAll(() => task?.cleanup());

  it('the scaffolded acs.ts passes consolidation.seedState on: the dry run starts its state from the earlier job, once', async () => {
    await runTask(task.dir, { simulate: '3', now: '2026-11-24T00:00:00Z' });
    const s3Root = file(join('.gtkit', 'run', 's3'));
    const [own] = await stateFolders(s3Root);
    expect(own).toBeDefined();
    // The same job's state copied under another job's name, as an earlier job of the same output path holds it.
    const parts = (own as string).split(sep);
    const jobAt = parts.length - 3;
    const earlier = [...parts.slice(0, jobAt), 'earlier-job', ...parts.slice(jobAt + 1)].join(sep);
    await cp(join(s3Root, own as string), join(s3Root, earlier), { recursive: true });
    await setSeed(`s3://${earlier.split(sep).join('/')}/`);
    expect((await lintTarget(task.dir)).findings.filter((f) => f.severity === 'error')).toEqual([]);
    await runTask(task.dir, { simulate: '3', now: '2026-11-24T00:00:00Z' });
    // The seed, saved as the job's start beside its batches' parts.
    const start = JSON.parse(await readFile(join(s3Root, own as string, 'consolidation.json'), 'utf8')) as { version: number; states: Record<string, unknown> };
    expect(start.version).toBe(1);
    expect(Object.keys(start.states)).toEqual([expect.stringMatching(/dawid-skene/)]);
  }, 180_000);

  it("a seedState that is no gtkit-state/ folder, or the job's own, is a config error at its field", async () => {
    await setSeed('s3://bucket/output/earlier-job/annotations/');
    const errors = async () => (await lintTarget(task.dir)).findings.filter((f) => f.severity === 'error').map((f) => f.message);
    expect(await errors()).toEqual([expect.stringMatching(/^consolidation\.seedState: expected the s3:\/\/ URI of an earlier job's carried-state folder/)]);
    const own = (await stateFolders(file(join('.gtkit', 'run', 's3'))))[0] as string;
    const ownUri = `s3://${own.split(sep).join('/')}/`;
    await setSeed(ownUri);
    expect(await errors()).toEqual([`consolidation.seedState: this is the job's own state folder (${ownUri}), which the ACS reads anyway; give the earlier job's, under its own job name`]);
  }, 120_000);
});
