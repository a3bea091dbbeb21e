import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { maxObjectsPerJob, taskFolderInputs } from '../../../scaffold/task/task-inputs.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-object-count-');
let dir: string;
beforeAll(async () => {
  dir = join(temp.path, 'task');
  await initTask({ dir, type: 'text-classification' });
}, 60_000);

const manifestOf = (lines: number) => Array.from({ length: lines }, (_, i) => `{"source":"text ${i}"}`).join('\n') + '\n';

describe('lint: a manifest with more data objects than one job takes', () => {
  it('warns at the first line past the quota, with how to split it; one line fewer is quiet', async () => {
    await writeFile(join(dir, 'manifest.jsonl'), manifestOf(maxObjectsPerJob + 1));
    const over = (await taskFolderInputs(await loadTask(dir))).findings.filter((f) => f.ruleId === 'manifest-file');
    expect(over).toEqual([
      expect.objectContaining({ severity: 'warning', line: maxObjectsPerJob + 1, message: `${maxObjectsPerJob + 1} data objects, and Ground Truth's quota is ${maxObjectsPerJob} per labeling job; the line past it is line ${maxObjectsPerJob + 1}` }),
    ]);
    expect(over[0]?.hint).toContain('split manifest.jsonl into manifests of 100000 lines or fewer');
    await writeFile(join(dir, 'manifest.jsonl'), manifestOf(maxObjectsPerJob));
    expect((await taskFolderInputs(await loadTask(dir))).findings.filter((f) => f.ruleId === 'manifest-file')).toEqual([]);
  }, 120_000);
});
