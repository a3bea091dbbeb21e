import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-samples-');

async function manifestOf(dir: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(join(dir, 'manifest.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** `s3://bucket/key` → the task's local copy, `<dir>/s3/bucket/key`. */
const localCopy = (dir: string, uri: string) => join(dir, 's3', ...uri.slice('s3://'.length).split('/'));

describe.each(taskTypeNames)('the sample data of a new %s task', (type) => {
  it('has a local copy of every object its manifest names, so the first preview shows no broken media', async () => {
    const dir = join(temp.path, type);
    await initTask({ dir, type });
    const refs = (await manifestOf(dir)).map((l) => l['source-ref']).filter((r): r is string => typeof r === 'string');
    expect(refs.filter((uri) => !existsSync(localCopy(dir, uri)))).toEqual([]);
  });
});

describe('the free-text sample', () => {
  it('shows the text a worker is asked to type: each picture holds its line’s truth', async () => {
    const dir = join(temp.path, 'free-text-pictures');
    await initTask({ dir, type: 'free-text' });
    for (const line of await manifestOf(dir)) {
      const picture = await readFile(localCopy(dir, line['source-ref'] as string), 'utf8');
      expect(picture).toMatch(/^<svg /);
      expect(picture).toContain(`>${line.truth as string}</text>`);
    }
  });
});

describe('the multi-label samples', () => {
  it.each(['text-classification-multilabel', 'image-classification-multilabel'] as const)('%s asks for every label that applies, and its truths differ in their label sets', async (type) => {
    const dir = join(temp.path, `${type}-wording`);
    await initTask({ dir, type });
    const config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
    expect(/description: "([^"]*)"/.exec(config)?.[1]).toMatch(/\bevery\b/);
    const truths = (await manifestOf(dir)).map((l) => JSON.stringify(l.truth));
    expect(new Set(truths).size).toBeGreaterThan(2);
  });
});
