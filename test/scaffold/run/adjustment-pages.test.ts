import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { elementSpecs } from '../../../templates/elements/spec.ts';
import { simulatedImageSize } from '../../../scaffold/run/field-answers.ts';
import { readPagePlan, type PagePlan } from '../../../scaffold/run/page-fields.ts';
import { simulateAnswers, simulatedWorkers } from '../../../scaffold/run/simulate.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const boundingBox = getTaskType('bounding-box');
const typeField = { name: 'annotatedResult', shape: elementSpecs['crowd-bounding-box']?.submits };
const initial = [
  { label: 'car', left: 40, top: 30, width: 200, height: 120 },
  { label: 'person', left: 300, top: 200, width: 80, height: 160 },
];
const page = (attrs: string) => readPagePlan(`<crowd-form><crowd-bounding-box name="annotatedResult" src="x.png" labels='["car","person"]' ${attrs}></crowd-bounding-box></crowd-form>`, typeField) as PagePlan;
const adjustmentPage = page(`initial-value='${JSON.stringify(initial)}'`);
type BoxAnswer = { boundingBoxes: typeof initial; inputImageProperties: object; initialValueModified?: boolean };

/** Every simulated worker's answer to object `id` of the page, for `objects` objects. */
function answersOn(plan: PagePlan, options: { workers: number; spammers?: number; truth?: unknown; objects?: number }) {
  const settings = { workers: options.workers, seed: 7, spammers: options.spammers ?? 0 };
  const workers = simulatedWorkers(settings);
  return Array.from({ length: options.objects ?? 1 }, (_, id) =>
    simulateAnswers(boundingBox, String(id), { 'source-ref': 's3://b/x.png', ...(options.truth ? { truth: options.truth } : {}) }, { taskObject: 's3://b/x.png', labels: ['car', 'person'] }, ['car', 'person'], workers, settings, plan).map(
      (a) => (a.answerContent as { annotatedResult: BoxAnswer }).annotatedResult,
    ),
  );
}

describe('simulated workers on a page whose type field starts from initial-value shapes (an adjustment task)', () => {
  it('reads the initial shapes of the type field into the page plan', () => {
    expect(adjustmentPage.fields).toEqual([{ name: 'annotatedResult', kind: 'truth', offered: ['car', 'person'], initial: { keys: ['boundingBoxes', 'inputImageProperties'], listKey: 'boundingBoxes', shapes: initial, modified: true } }]);
    // No initial-value, or an empty one: nothing to start from, the truth is read as before.
    expect(page('').fields[0]).not.toHaveProperty('initial');
    expect(page(`initial-value='[]'`).fields[0]).not.toHaveProperty('initial');
  });

  it('most honest workers keep the shapes, the others move or resize some of them, and initialValueModified says which', () => {
    const answers = answersOn(adjustmentPage, { workers: 5, objects: 40 }).flat();
    const kept = answers.filter((a) => JSON.stringify(a.boundingBoxes) === JSON.stringify(initial));
    expect(kept.length).toBeGreaterThan(answers.length / 2);
    expect(kept.length).toBeLessThan(answers.length);
    for (const a of answers) {
      expect(a.initialValueModified).toBe(!kept.includes(a));
      expect(a.inputImageProperties).toEqual(simulatedImageSize);
      // Adjusted, not redrawn: the same boxes with the same labels, each near where it was.
      expect(a.boundingBoxes.map((b) => b.label)).toEqual(['car', 'person']);
      a.boundingBoxes.forEach((b, i) => {
        const was = initial[i] as (typeof initial)[number];
        expect(Math.abs(b.left - was.left)).toBeLessThan(was.width * 0.5);
        expect(Math.abs(b.width - was.width)).toBeLessThan(was.width * 0.5);
      });
    }
  });

  it('the truth is not read there, and a spammer draws at random', () => {
    const truth = { boxes: [{ label: 'car', left: 500, top: 400, width: 20, height: 20 }] };
    expect(answersOn(adjustmentPage, { workers: 3, truth, objects: 5 })).toEqual(answersOn(adjustmentPage, { workers: 3, objects: 5 }));
    const spammer = answersOn(adjustmentPage, { workers: 2, spammers: 0.5, objects: 10 }).map((object) => object[1] as BoxAnswer);
    for (const a of spammer) {
      expect(a.initialValueModified).toBe(true);
      expect(a.boundingBoxes).not.toEqual(initial);
    }
  });
});

const temp = useTempRoot('gtkit-adjustment-run-');

/** The answers of the worker-response files of a run under `root`. */
async function responseAnswers(root: string): Promise<Array<{ workerId: string; answerContent: { annotatedResult: BoxAnswer } }>> {
  const out: Array<{ workerId: string; answerContent: { annotatedResult: BoxAnswer } }> = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /worker-response/.test(join(entry.parentPath, entry.name))) out.push(...JSON.parse(await readFile(join(entry.parentPath, entry.name), 'utf8')).answers);
  }
  return out;
}

describe('gtkit run --simulate on an adjustment task', () => {
  it('adjusts the initial-value boxes the page shows, not the truth, and says nothing of a missing truth', async () => {
    const dir = join(temp.path, 'adjust');
    await initTask({ dir, type: 'bounding-box', labels: ['car', 'person'] });
    const template = join(dir, 'template.liquid.html');
    await writeFile(template, (await readFile(template, 'utf8')).replace('name="annotatedResult"', `name="annotatedResult" initial-value='${JSON.stringify(initial)}'`));
    // A truth field no line has: the adjusting workers do not need one.
    const { run } = await runTask(dir, { simulate: '4', seed: '3', truthField: 'none-such', source: true, now: '2026-11-23T00:00:00Z' });
    expect(run.problems).toEqual([]);
    const answers = await responseAnswers(join(dir, '.gtkit', 'run', 's3'));
    expect(answers.length).toBe(run.summary.counts.answers);
    const modified = answers.filter((a) => a.answerContent.annotatedResult.initialValueModified);
    expect(modified.length).toBeGreaterThan(0);
    expect(modified.length).toBeLessThan(answers.length / 2);
    for (const a of answers.filter((x) => !modified.includes(x))) expect(a.answerContent.annotatedResult.boundingBoxes).toEqual(initial);
    // The consolidated boxes are the initial ones, or near them.
    const output = (await readFile(join(dir, '.gtkit', 'run', 'output.manifest'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const attr = Object.keys(output[0]).find((k) => output[0][`${k}-metadata`] !== undefined) as string;
    for (const line of output) expect(line[attr].annotations.map((b: { left: number }) => Math.round(b.left / 20))).toEqual([2, 15]);
  }, 60_000);
});
