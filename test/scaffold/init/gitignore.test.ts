import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitignoreSource } from '../../../scaffold/init/files.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

/** What `git add .` would commit of a scaffolded task folder: not the local copies of the user's data, nor secrets. */

const temp = useTempRoot('gtkit-init-gitignore-');

/** The files git would add in `dir`, as `git status` lists them untracked (-z: paths as they are, never quoted). */
function untracked(dir: string): string[] {
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return execFileSync('git', ['status', '--porcelain', '-z', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })
    .split('\0')
    .filter((l) => l.startsWith('?? '))
    .map((l) => l.slice(3));
}

describe("a scaffolded task's .gitignore", () => {
  it('keeps local copies of data objects and .env files out of git, but the sample objects in', async () => {
    const dir = join(temp.path, 'boxes');
    const result = await initTask({ dir, type: 'bounding-box', force: true });
    const local = join('s3', 'sagemaker-us-east-1-123456789012-groundtruth', 'boxes', 'images');
    await mkdir(join(dir, local, 'customers'), { recursive: true });
    await writeFile(join(dir, local, 'customer-jane.png'), 'x');
    await writeFile(join(dir, local, 'customers', 'a.png'), 'x');
    await writeFile(join(dir, '.env'), 'AWS_SECRET_ACCESS_KEY=x');
    await writeFile(join(dir, '.env.local'), 'x');
    const listed = untracked(dir);
    expect(listed.filter((f) => f.startsWith('s3/')).sort()).toEqual(result.files.filter((f) => f.startsWith('s3')).map((f) => f.split(/[\\/]/).join('/')).sort());
    expect(listed.filter((f) => f.startsWith('s3/'))).toHaveLength(5);
    expect(listed).not.toContain('.env');
    expect(listed).not.toContain('.env.local');
    expect(listed).toEqual(expect.arrayContaining(['answers.jsonl', 'manifest.jsonl', 'gtkit.config.ts', '.gitignore']));
  });

  it('keeps a sample object whose name holds glob characters in git, and only it: not the names its pattern would match as a glob', async () => {
    const dir = join(temp.path, 'literal');
    const sample = 's3/b/run*1/#a [x]!.png';
    // Read as globs, "run*1" matches "run11" and "[x]" matches "x": escaped, neither does.
    const lookalikes = ['s3/b/run11/#a [x]!.png', 's3/b/run*1/#a x!.png'];
    for (const file of [sample, ...lookalikes]) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), 'x');
    }
    await writeFile(join(dir, '.gitignore'), gitignoreSource([sample]));
    expect(untracked(dir).filter((f) => f.startsWith('s3/'))).toEqual([sample]);
  });

  it('names sample objects literally, whatever the prefix holds', () => {
    expect(gitignoreSource(['s3/b/run*1/#a [x]!.png', 's3\\b\\p\\q.png'])).toContain('!s3/b/run\\*1/\\#a \\[x\\]\\!.png\n!s3/b/p/q.png\n');
  });
});
