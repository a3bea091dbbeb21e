import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { sourceDigest } from '../../../scaffold/run/answer-placement.ts';
import { outputLinesOf } from '../../helpers/output-lines.ts';
import { scaffoldTask } from '../preview/preview-task.ts';

/** A scaffolded text-classification task whose template gains a comment box beside the classifier. */
describe('a scaffolded task with a field beside the type\'s element', () => {
  let task: { dir: string; cleanup(): Promise<void> };
  const file = (name: string) => join(task.dir, name);
  beforeAll(async () => {
    task = await scaffoldTask('text-classification');
    const template = await readFile(file('template.liquid.html'), 'utf8');
    await writeFile(file('template.liquid.html'), template.replace('</crowd-form>', '  <crowd-text-area name="comment" label="Anything odd?"></crowd-text-area>\n</crowd-form>'));
    const line = JSON.parse((await readFile(file('manifest.jsonl'), 'utf8')).split('\n')[0]!) as { source: string };
    // As the preview stores answers: the answer content as submitted, tied to the line's data.
    const answers = [
      { workerId: 'w1', answerContent: { category: { label: 'refund' }, comment: 'angry customer' } },
      { workerId: 'w2', answerContent: { category: { label: 'refund' } } },
    ].map((a) => ({ datasetObjectId: '0', ...a, sourceDigest: sourceDigest(line.source) }));
    await writeFile(file('answers.jsonl'), answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
  }, 60_000);
  afterAll(() => task?.cleanup());

  it('lint warns that the comment never reaches the output, and the dry run indeed leaves it out', async () => {
    const { findings } = await lintTarget(task.dir);
    expect(findings.filter((f) => f.ruleId === 'unkept-field').map((f) => f.message)).toEqual([expect.stringContaining('the template submits "comment" (<crowd-text-area>)')]);
    const { run } = await runTask(task.dir, { now: '2026-11-24T00:00:00Z' });
    expect(JSON.stringify(outputLinesOf(run)[0])).not.toContain('angry customer');
  }, 120_000);

  it('with consolidation.keepFields, the scaffolded acs.ts carries it into the metadata, and lint is quiet', async () => {
    const config = await readFile(file('gtkit.config.ts'), 'utf8');
    await writeFile(file('gtkit.config.ts'), config.replace(/algorithm: "([a-z-]+)"/, 'algorithm: "$1",\n    keepFields: ["comment"]'));
    const { findings } = await lintTarget(task.dir);
    expect(findings.filter((f) => f.ruleId === 'unkept-field')).toEqual([]);
    const { run } = await runTask(task.dir, { now: '2026-11-24T00:00:00Z' });
    const first = outputLinesOf(run)[0] as Record<string, Record<string, unknown>>;
    expect(first['intent-metadata']?.['worker-fields']).toEqual([{ 'worker-id': 'w1', fields: { comment: 'angry customer' } }]);
  }, 120_000);

  it('a keepFields entry that names the type\'s own field is a config error naming it', async () => {
    const config = await readFile(file('gtkit.config.ts'), 'utf8');
    await writeFile(file('gtkit.config.ts'), config.replace('keepFields: ["comment"]', 'keepFields: ["category"]'));
    const { findings } = await lintTarget(task.dir);
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual([expect.stringContaining('consolidation.keepFields[0]: "category" is the field the task type consolidates')]);
  }, 60_000);
});
