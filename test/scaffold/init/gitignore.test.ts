import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitignoreSource } from '../../../scaffold/init/files.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

/** What `git add .` would commit of a scaffolded task folder: not the local copies of the user's data, nor secrets. */

const temp = useTempRoot('gtkit-init-gitignore-');

/** The files git would add in `dir`, as `git status` lists them untracked. */
function untracked(dir: string): string[] {
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
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

  it('says what answers.jsonl holds once the preview captures answers on real data', async () => {
    expect(gitignoreSource([])).toContain('# answers.jsonl holds the sample answers; answers gtkit preview captures on your data are that data\n');
  });

  it('names sample objects literally, whatever the prefix holds', () => {
    expect(gitignoreSource(['s3/b/run*1/#a [x]!.png', 's3\\b\\p\\q.png'])).toContain('!s3/b/run\\*1/\\#a \\[x\\]\\!.png\n!s3/b/p/q.png\n');
  });
});
