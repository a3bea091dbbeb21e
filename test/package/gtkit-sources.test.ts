import { spawnSync } from 'node:child_process';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempRoot } from '../helpers/temp-root.ts';
import { checkout, copyOfPackage, plainNodeEnv, poisonedDist } from './package-copy.ts';

/**
 * gtkit's commands load the task's `gtkit` from its TypeScript sources (the `gtkit-source` export
 * condition), never from the compiled dist/ that other projects get. Here the task's own gtkit
 * is a copy whose every dist/ entry point throws: any path that still reached dist/ would fail.
 */
const temp = useTempRoot('gtkit-sources-');
const cli = join(checkout, 'bin', 'gtkit.js');
let task: string;

function gtkitCommand(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: plainNodeEnv(), timeout: 120_000 });
}

beforeAll(async () => {
  const poisoned = await copyOfPackage(join(temp.path, 'gtkit'));
  await poisonedDist(poisoned);
  task = join(temp.path, 'task');
  const made = gtkitCommand(['init', task, '--type', 'text-classification']);
  expect(made.status, made.stderr).toBe(0);
  await rm(join(task, 'node_modules', 'gtkit'), { recursive: true, force: true });
  await symlink(poisoned, join(task, 'node_modules', 'gtkit'));
}, 120_000);

describe("task code imports gtkit's sources, whatever its dist/ holds", () => {
  it('gtkit lint and gtkit run (from source and from bundles) never load dist/', () => {
    for (const args of [['lint', task], ['run', task, '--simulate', '2', '--source', '--json'], ['run', task, '--simulate', '2', '--json']]) {
      const result = gtkitCommand(args);
      expect(result.stdout + result.stderr, args.join(' ')).not.toContain('dist/ was loaded');
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
  }, 120_000);

  it('a task loaded as CommonJS (no "type": "module" near it) too', async () => {
    const manifest = JSON.parse(await readFile(join(task, 'package.json'), 'utf8')) as Record<string, unknown>;
    delete manifest['type'];
    await writeFile(join(task, 'package.json'), JSON.stringify(manifest, null, 2));
    try {
      const result = gtkitCommand(['lint', task]);
      expect(result.stdout + result.stderr).not.toContain('dist/ was loaded');
      expect(result.status, result.stderr).toBe(0);
    } finally {
      await writeFile(join(task, 'package.json'), JSON.stringify({ ...manifest, type: 'module' }, null, 2));
    }
  }, 60_000);

  it('node --import gtkit/register runs a script that imports gtkit from its sources', async () => {
    await writeFile(join(task, 'check.mts'), "import { preHandler } from 'gtkit';\nimport { majorityVote } from 'gtkit/consolidation';\nconsole.log(typeof preHandler, majorityVote.name);\n");
    const result = spawnSync(process.execPath, ['--import', join(checkout, 'register.js'), 'check.mts'], { cwd: task, encoding: 'utf8', env: plainNodeEnv() });
    expect(result.stderr).not.toContain('dist/ was loaded');
    expect(result.stdout.trim()).toBe('function majority-vote');
  });
});
