import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acsHandler, preHandler, silentLogger, LocalObjectStore } from '../../../lambdas/index.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { getTaskType } from '../../../lambdas/task-types/index.ts';
import { dryRun } from '../../../scaffold/run/dry-run.ts';
import { loadTask, type LoadedTask } from '../../../scaffold/task/load-task.ts';
import { withEnv } from '../../../scaffold/task/with-env.ts';
import { validConfig } from '../job/fixtures.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { outputLinesOf } from '../../helpers/output-lines.ts';

let task: LoadedTask;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const made = await makeTaskDir(validConfig({ consolidation: { algorithm: 'majority-vote' } }), { 'manifest.jsonl': '{"source":"parcel crushed"}\n{"source":"where is it"}\n', 'template.liquid.html': '<crowd-form></crowd-form>' });
  cleanup = made.cleanup;
  task = await loadTask(made.dir);
});
afterAll(async () => cleanup());

describe('gtkit run: a single-label task whose page submits a multi-select answer', () => {
  it("each object's consolidationError names the shape the answers have and the one the type takes", async () => {
    const root = join(task.dir, '.gtkit', 'run', 's3');
    const labels = ['refund', 'delivery', 'other'];
    const type = getTaskType('text-classification');
    const pre = preHandler((line) => ({ taskInput: { taskObject: line.source ?? '', labels } }), { logger: silentLogger });
    const acs = acsHandler({ logger: silentLogger, ...taskConsolidation(type, { algorithm: 'majority-vote', labels }) });
    const result = await withEnv({ GTKIT_LOCAL_S3_ROOT: root }, () =>
      dryRun(
        task,
        {
          handlers: { pre, acs },
          // The multi-select classifier where the type's single-select one belongs: the workers submit {labels}.
          render: async () => `<crowd-form><crowd-classifier-multi-select name="category" header="Intent" categories='["refund","delivery","other"]'></crowd-classifier-multi-select></crowd-form>`,
          lint: async (inputs) => {
            for await (const _ of inputs);
            return [];
          },
          store: new LocalObjectStore(root),
        },
        { simulate: { workers: 3, seed: 1, accuracy: [1, 1] }, now: new Date('2026-11-23T10:00:00Z') },
      ),
    );
    const errors = outputLinesOf(result).map((line) => (line.intent as { consolidationError?: string }).consolidationError);
    expect(errors).toHaveLength(2);
    for (const error of errors)
      expect(error).toContain('annotations[0–2].annotationData.content: answer.category: expected one label {"label": "…"}, which text-classification takes, got a multi-select answer {"labels": […]}');
  });
});
