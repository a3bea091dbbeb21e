import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTask } from '../../../scaffold/init/init-task.ts';
import type { ManifestLine } from '../../../scaffold/run/manifest.ts';
import { loadTask, type LoadedTask } from '../../../scaffold/task/load-task.ts';
import { maxObjectsPerJob, objectCountFindings, taskFolderInputs } from '../../../scaffold/task/task-inputs.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-object-count-');
let dir: string;
let task: LoadedTask;
beforeAll(async () => {
  dir = join(temp.path, 'task');
  await initTask({ dir, type: 'text-classification' });
  task = await loadTask(dir);
}, 60_000);

const manifestOf = (lines: number) => Array.from({ length: lines }, (_, i) => `{"source":"text ${i}"}`).join('\n') + '\n';
const linesOf = (n: number): ManifestLine[] => Array.from({ length: n }, (_, i) => ({ datasetObjectId: String(i), lineNumber: i + 1, dataObject: { source: `text ${i}` } }));

describe('lint: a manifest with more data objects than one job takes', () => {
  it('warns at the first line past the quota, with how to split it; one line fewer is quiet', () => {
    const over = objectCountFindings(task, linesOf(maxObjectsPerJob + 1));
    expect(over).toEqual([
      expect.objectContaining({ ruleId: 'manifest-file', severity: 'warning', line: maxObjectsPerJob + 1, message: `${maxObjectsPerJob + 1} data objects, and Ground Truth's quota is ${maxObjectsPerJob} per labeling job; the line past it is line ${maxObjectsPerJob + 1}` }),
    ]);
    expect(over[0]?.hint).toContain('split manifest.jsonl into manifests of 100000 lines or fewer');
    expect(objectCountFindings(task, linesOf(maxObjectsPerJob))).toEqual([]);
  });

  // One whole lint of a manifest past the quota (the PRE runs on every line: a few seconds), for the wiring.
  it('gtkit lint reports it', async () => {
    await writeFile(join(dir, 'manifest.jsonl'), manifestOf(maxObjectsPerJob + 1));
    const found = (await taskFolderInputs(await loadTask(dir))).findings.filter((f) => f.ruleId === 'manifest-file');
    expect(found).toEqual(objectCountFindings(task, linesOf(maxObjectsPerJob + 1)));
  }, 120_000);
});
