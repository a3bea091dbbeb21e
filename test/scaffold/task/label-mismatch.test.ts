import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../../lambdas/io/local-store.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { acsFieldsOf } from '../../../scaffold/task/task-cross-checks.ts';
import { taskFolderInputs } from '../../../scaffold/task/task-inputs.ts';
import { taskParts } from '../../../scaffold/task/task-parts.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-label-mismatch-');
let dir: string;
let template: string;
beforeAll(async () => {
  dir = join(temp.path, 'task');
  await initTask({ dir, type: 'bounding-box' });
  template = await readFile(join(dir, 'template.liquid.html'), 'utf8');
}, 60_000);

describe('a task is linted with its config labels: a label list written in the template must be the config labels', () => {
  it('acsFieldsOf gives the config labels, as the ACS knows them', async () => {
    const task = await loadTask(dir);
    expect(acsFieldsOf(task.config).knownLabels).toEqual(['vehicle', 'pedestrian']);
  });

  it('the dry run and the preview lint with them: a renamed label in labels="[…]" is an error at the attribute, a label never offered a warning', async () => {
    const written = template.replace('labels="{{ task.input.labels | to_json | escape }}"', `labels='["car", "pedestrian"]'`);
    expect(written).not.toBe(template);
    await writeFile(join(dir, 'template.liquid.html'), written);
    try {
      const task = await loadTask(dir);
      const { inputs } = await taskFolderInputs(task);
      const parts = await taskParts(task, new LocalObjectStore(join(dir, 's3')), 'source');
      const findings = (await parts.lint(inputs)).filter((f) => f.ruleId === 'label-mismatch');
      const line = written.split('\n').findIndex((l) => l.includes(`labels='["car"`)) + 1;
      expect(findings).toEqual([
        expect.objectContaining({ severity: 'error', line, column: 5, message: expect.stringContaining(`<crowd-bounding-box> offers label "car", not among the task's labels (labels offers "car", "pedestrian"; the task's labels are "vehicle", "pedestrian"): the bounding-box ACS knows only the task's labels`) }),
        expect.objectContaining({ severity: 'warning', line, column: 5, message: expect.stringContaining(`never offers the task's label "vehicle"`) }),
      ]);
    } finally {
      await writeFile(join(dir, 'template.liquid.html'), template);
    }
  });
});
