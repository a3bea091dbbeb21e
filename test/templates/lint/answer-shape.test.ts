import { describe, expect, it } from 'vitest';
import { decodedAnswerShape } from '../../../lambdas/task-types/answer-shape.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';
import { taskTypeNames, type TaskTypeName } from '../../../lambdas/task-types/names.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';
import { answerFieldsOf } from '../../../scaffold/task/task-cross-checks.ts';
import { taskTemplates } from '../../../templates/catalog/index.ts';
import { elementSpecs } from '../../../templates/elements/spec.ts';
import { lintTemplate, type LintFinding } from '../../../templates/lint/index.ts';
import { shapeFits } from '../../../templates/lint/submitted-shape.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>\n';
const inputs = [{ origin: 'manifest.jsonl:1', taskInput: { taskObject: 'Where is my order?', labels: ['refund', 'delivery', 'other'], field: 'category' } }];
/** A task config as answerFieldsOf reads it: the type, and the fields a hand-written acs.ts lists (if any). */
const config = (type: TaskTypeName, answerFields?: string[]) => ({ type, consolidation: { algorithm: 'majority-vote', ...(answerFields ? { answerFields } : {}) } }) as unknown as TaskConfig;
const shapeFindings = async (body: string, type: TaskTypeName, answerFields?: string[], withInputs = true): Promise<LintFinding[]> =>
  (await lintTemplate(script + body, { file: 'template.liquid.html', ...(withInputs ? { taskInputs: inputs } : {}), answerFields: answerFieldsOf(config(type, answerFields)) })).filter((f) => f.ruleId === 'answer-shape');

const selectCategory = '<crowd-form>\n  <p>{{ task.input.taskObject }}</p>\n  <select name="category" required>{% for l in task.input.labels %}<option value="{{ l }}">{{ l }}</option>{% endfor %}</select>\n</crowd-form>';

describe('answer-shape: the element submitting the field the ACS reads submits what it decodes', () => {
  it('a <select> in place of crowd-classifier (text classification): an error at the select, naming both shapes and the fix', async () => {
    expect(await shapeFindings(selectCategory, 'text-classification')).toEqual([
      {
        ruleId: 'answer-shape',
        severity: 'error',
        file: 'template.liquid.html',
        line: 4,
        column: 3,
        message: '<select name="category"> submits a string, but the text-classification ACS decodes answerContent.category as {"label": …}, so every object fails consolidation',
        hint: 'use <crowd-classifier name="category"> or <crowd-image-classifier name="category">, or write a custom ACS decoder for a string in acs.ts and list "category" in consolidation.answerFields of gtkit.config.ts',
      },
    ]);
  });

  it('every catalog template (what gtkit init --type writes) submits what its type decodes', async () => {
    for (const t of Object.values(taskTemplates)) {
      const taskInputs = t.sampleTaskInputs.map((taskInput, i) => ({ origin: `sample:${i + 1}`, taskInput }));
      const findings = await lintTemplate(t.source, { file: t.file, taskInputs, answerFields: answerFieldsOf(config(t.type)) });
      expect(findings.filter((f) => f.ruleId === 'answer-shape' || f.severity === 'error'), t.type).toEqual([]);
    }
  });

  it("each task type's decoded shape is what its simulated workers answer, and what its catalog element submits", () => {
    for (const name of taskTypeNames) {
      const type = getTaskType(name);
      const read = decodedAnswerShape(type);
      const labels = ['a', 'b'];
      const answer = type.simulate({ taskInput: type.buildTaskInput({ source: 'one two three', 'source-ref': 's3://b/k.jpg' }, labels.map((label) => ({ label }))), truth: undefined, worker: { id: 'w', accuracy: 0.9, spammer: false }, random: seededRandom(1), labels })[type.answerField];
      if (read.kind === 'object') expect(Object.keys(answer as object).sort(), name).toEqual([...read.keys].sort());
      else expect(typeof answer, name).toBe('string');
      expect(() => type.parseAnswer({ [type.answerField]: answer }), name).not.toThrow();
      const submits = elementSpecs[taskTemplates[name].element]?.submits;
      expect(submits && shapeFits(submits, read), name).toBe(true);
    }
  });

  it('a hand-written acs.ts that reads the type\'s field may decode it otherwise: a warning; a field of its own is not judged', async () => {
    const [finding] = await shapeFindings(selectCategory, 'text-classification', ['category', 'note']);
    expect(finding).toMatchObject({
      severity: 'warning',
      message: '<select name="category"> submits a string, but the text-classification task type decodes answerContent.category as {"label": …}, so every object fails consolidation if acs.ts (consolidation.answerFields in the config) decodes it that way',
    });
    expect(await shapeFindings(selectCategory.replace('name="category"', 'name="intent"'), 'text-classification', ['intent'])).toEqual([]);
  });

  it('judges each kind of element by what it submits', async () => {
    const cases: Array<[TaskTypeName, string, 'error' | 'warning' | undefined]> = [
      ['text-classification', `<crowd-form><crowd-image-classifier name="category" header="h" src="x.png" categories="['a']"></crowd-image-classifier></crowd-form>`, undefined],
      ['text-classification', '<crowd-form><input type="hidden" name="category"></crowd-form>', undefined],
      ['text-classification', '<crowd-form><crowd-radio-group><crowd-radio-button name="category" value="a">A</crowd-radio-button></crowd-radio-group></crowd-form>', 'error'],
      ['text-classification', '<crowd-form><input type="radio" name="category" value="a"><input type="radio" name="category" value="b"></crowd-form>', 'warning'],
      ['text-classification-multilabel', '<crowd-form><select multiple name="category"><option>a</option></select></crowd-form>', 'error'],
      ['bounding-box', `<crowd-form><crowd-polygon name="annotatedResult" header="h" src="x.png" labels="['a']"></crowd-polygon></crowd-form>`, 'error'],
      ['free-text', '<crowd-form><crowd-text-area name="transcription"></crowd-text-area><select name="other"><option>x</option></select></crowd-form>', undefined],
      ['free-text', '<crowd-form><textarea name="transcription"></textarea></crowd-form>', undefined],
      ['free-text', '<crowd-form><crowd-slider name="transcription" min="0" max="5"></crowd-slider></crowd-form>', 'warning'],
      ['free-text', `<crowd-form><crowd-classifier name="transcription" header="h" categories="['a']"></crowd-classifier></crowd-form>`, 'error'],
    ];
    for (const [type, body, severity] of cases) expect((await shapeFindings(body, type)).map((f) => f.severity), body).toEqual(severity ? [severity] : []);
  });

  it('a name written with Liquid is judged on the rendered pages, once', async () => {
    const body = '<crowd-form><crowd-input name="{{ task.input.field }}"></crowd-input></crowd-form>';
    expect(await shapeFindings(body, 'text-classification', undefined, false)).toEqual([]);
    const findings = await shapeFindings(body, 'text-classification');
    expect(findings.map((f) => [f.severity, f.message])).toEqual([['error', '<crowd-input name="category"> submits a string when rendered for manifest.jsonl:1, but the text-classification ACS decodes answerContent.category as {"label": …}, so every object fails consolidation']]);
  });
});
