import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../../lambdas/io/local-store.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { FreshPreLoader } from '../../../scaffold/preview/fresh-pre.ts';
import { takeSnapshot } from '../../../scaffold/preview/task-snapshot.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';
import { s3Layout } from '../../../scaffold/task/local-s3-copies.ts';
import { taskFolderInputs } from '../../../scaffold/task/task-inputs.ts';
import { taskParts } from '../../../scaffold/task/task-parts.ts';
import { localResolver } from '../../../templates/engine/index.ts';
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
  // "the task's labels are …" in the error is the config's labels reaching the linter (acsFieldsOf's knownLabels).
  it('the dry run and the preview lint with them: a renamed label in labels="[…]" is an error at the attribute, a label never offered a warning', async () => {
    const written = template.replace('labels="{{ task.input.labels | to_json | escape }}"', `labels='["car", "pedestrian"]'`);
    expect(written).not.toBe(template);
    await writeFile(join(dir, 'template.liquid.html'), written);
    try {
      const line = written.split('\n').findIndex((l) => l.includes(`labels='["car"`)) + 1;
      const error = `<crowd-bounding-box> offers label "car", not among the task's labels (labels offers "car", "pedestrian"; the task's labels are "vehicle", "pedestrian"): the bounding-box ACS knows only the task's labels`;
      const warning = `never offers the task's label "vehicle"`;
      // The dry run's path.
      const task = await loadTask(dir);
      const { inputs } = await taskFolderInputs(task);
      const parts = await taskParts(task, new LocalObjectStore(join(dir, 's3')), 'source');
      const findings = (await parts.lint(inputs)).filter((f) => f.ruleId === 'label-mismatch');
      expect(findings).toEqual([
        expect.objectContaining({ severity: 'error', line, column: 5, message: expect.stringContaining(error) }),
        expect.objectContaining({ severity: 'warning', line, column: 5, message: expect.stringContaining(warning) }),
      ]);
      // The preview's.
      const snap = await takeSnapshot(join(dir, 'gtkit.config.ts'), { preLoader: new FreshPreLoader(join(dir, '.gtkit', 'preview')), resolverFor: () => localResolver(s3Layout.route) });
      expect(snap.lintErrors.filter((p) => p.message.startsWith('label-mismatch:'))).toEqual([expect.objectContaining({ line, column: 5, message: expect.stringContaining(error) })]);
      expect(snap.lintWarnings.filter((p) => p.message.startsWith('label-mismatch:'))).toEqual([expect.objectContaining({ line, column: 5, message: expect.stringContaining(warning) })]);
    } finally {
      await writeFile(join(dir, 'template.liquid.html'), template);
    }
  });
});
