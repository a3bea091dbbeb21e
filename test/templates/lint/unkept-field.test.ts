import { describe, expect, it } from 'vitest';
import { lintTemplate, type AnswerFieldExpectation } from '../../../templates/lint/index.ts';
import { taskTemplates } from '../../../templates/catalog/index.ts';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>\n';
const classifier = `<crowd-classifier name="category" header="h" categories='["a","b"]'><classification-target>x</classification-target></crowd-classifier>`;
const reads: AnswerFieldExpectation[] = [{ name: 'category', reader: 'the text-classification ACS' }];
const inputs = [{ origin: 'manifest.jsonl:1', taskInput: { field: 'note', labels: ['a', 'b'] } }];

async function unkept(body: string, options: { answerFields?: AnswerFieldExpectation[]; keptFields?: string[]; withInputs?: boolean } = { answerFields: reads }) {
  const findings = await lintTemplate(script + body, { file: 't.html', ...(options.withInputs ? { taskInputs: inputs } : {}), ...(options.answerFields ? { answerFields: options.answerFields } : {}), ...(options.keptFields ? { keptFields: options.keptFields } : {}) });
  return findings.filter((f) => f.ruleId === 'unkept-field');
}

describe('lint: unkept-field', () => {
  it('warns, at the field, about each field the ACS neither consolidates nor keeps, once per name', async () => {
    const found = await unkept(`<crowd-form>${classifier}\n<crowd-text-area name="comment"></crowd-text-area>\n<crowd-checkbox name="unsure">?</crowd-checkbox><crowd-checkbox name="unsure" value="x">?</crowd-checkbox>\n<input type="text" name="note"></crowd-form>`);
    expect(found.map((f) => [f.severity, f.line, f.column])).toEqual([
      ['warning', 3, 1],
      ['warning', 4, 1],
      ['warning', 5, 1],
    ]);
    expect(found[0]?.message).toBe('the template submits "comment" (<crowd-text-area>), but the ACS consolidates only "category" and does not keep "comment": workers\' answers to it reach the worker-response files, not the output manifest');
    expect(found[0]?.hint).toContain('add "comment" to consolidation.keepFields in gtkit.config.ts');
    expect(found[2]?.message).toContain('"note" (<input name="note">)');
  });

  it('says nothing about kept fields, the consolidated ones, page helpers named with _, or without knowing what the ACS reads', async () => {
    const body = `<crowd-form>${classifier}<crowd-text-area name="comment"></crowd-text-area><input type="hidden" name="_started"></crowd-form>`;
    expect(await unkept(body, { answerFields: reads, keptFields: ['comment'] })).toEqual([]);
    expect(await unkept(body, {})).toEqual([]);
    expect(await unkept(`<crowd-form>${classifier}</crowd-form>`)).toEqual([]);
  });

  it('is quiet while a field the ACS reads is missing: answer-field\'s error names the field submitted instead', async () => {
    expect(await unkept(`<crowd-form>${classifier.replace('name="category"', 'name="intent"')}</crowd-form>`)).toEqual([]);
  });

  it('is quiet whenever answer-field reports, also when only one rendered page lacks the field', async () => {
    const body = `<crowd-form>{% if task.input.x %}${classifier}{% else %}<crowd-input name="intent"></crowd-input>{% endif %}</crowd-form>`;
    const findings = await lintTemplate(script + body, { file: 't.html', answerFields: reads, taskInputs: [{ origin: 'm:1', taskInput: { x: true } }, { origin: 'm:2', taskInput: {} }] });
    expect(findings.filter((f) => f.ruleId === 'answer-field').map((f) => f.message)).toEqual(['no field is named "category" when rendered for m:2, but the text-classification ACS reads the answer from answerContent.category']);
    expect(findings.filter((f) => f.ruleId === 'unkept-field')).toEqual([]);
  });

  it('a name written with Liquid is judged on the rendered page', async () => {
    const found = await unkept(`<crowd-form>${classifier}\n<crowd-input name="{{ task.input.field }}"></crowd-input></crowd-form>`, { answerFields: reads, withInputs: true });
    expect(found.map((f) => [f.line, f.column, f.message.slice(0, 34)])).toEqual([[3, 1, 'the template submits "note" (<crow']]);
  });

  it('no catalog template submits a field its type does not consolidate', async () => {
    for (const name of taskTypeNames) {
      const found = await unkept(taskTemplates[name].source.replace(script, ''), { answerFields: [{ name: getTaskType(name).answerField, reader: `the ${name} ACS` }] });
      expect(found, name).toEqual([]);
    }
  });
});
