import { afterEach, describe, expect, it } from 'vitest';
import { decodeAnswerContent } from '../../../lambdas/contracts/answer-content.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';
import { taskTypeNames, type TaskTypeName } from '../../../lambdas/task-types/names.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';
import { answerFieldsOf } from '../../../scaffold/task/task-cross-checks.ts';
import { taskTemplates } from '../../../templates/catalog/index.ts';
import { elementSpecs } from '../../../templates/elements/spec.ts';
import { isNativeControl } from '../../../templates/lint/fields.ts';
import { parseDocument } from '../../../templates/lint/html.ts';
import { lintTemplate, type LintFinding } from '../../../templates/lint/index.ts';
import { shapeFits, submittedShape } from '../../../templates/lint/submitted-shape.ts';
import { happyPage, type HappyPage } from '../elements/happy-page.ts';

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
      const read = answerFieldsOf(config(name)).find((f) => f.name === type.answerField)?.decodes?.shape;
      if (!read) throw new Error(`${name}: no decoded shape`);
      const labels = ['a', 'b'];
      const answer = type.simulate({ taskInput: type.buildTaskInput(type.readsSourceText ? { source: 'one two three' } : { source: 'one two three', 'source-ref': 's3://b/k.jpg' }, labels.map((label) => ({ label }))), truth: undefined, worker: { id: 'w', accuracy: 0.9, spammer: false }, random: seededRandom(1), labels })[type.answerField];
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

describe('answer-shape reads what the ACS decoder and the stand-ins do', () => {
  let page: HappyPage | undefined;
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  const jsonSelect = (values: string[]) => `<crowd-form><select name="category" required>${values.map((v) => `<option value='${v}'>${v}</option>`).join('')}</select></crowd-form>`;

  it('option values that hold a JSON object are decoded into it, as the ACS does: judged by their keys', async () => {
    const values = ['{"label":"refund"}', '{"label":"delivery"}'];
    // What the text-classification ACS makes of such a submission.
    const type = getTaskType('text-classification');
    const decoded = decodeAnswerContent(JSON.stringify({ category: values[0] }), type.decode);
    expect(decoded.ok && type.parseAnswer(decoded.value)).toEqual({ label: 'refund' });
    expect(await shapeFindings(jsonSelect(values), 'text-classification')).toEqual([]);
    expect(await shapeFindings('<crowd-form><input type="text" name="category" value=\'{"label": "refund"}\' readonly></crowd-form>', 'text-classification')).toEqual([]);
    // JSON without the key the ACS reads is still wrong, and says what it submits.
    expect((await shapeFindings(jsonSelect(['{"lbl":"refund"}', '{"lbl":"other","x":1}']), 'text-classification')).map((f) => [f.severity, f.message])).toEqual([
      ['error', '<select name="category"> submits {"lbl": …}, but the text-classification ACS decodes answerContent.category as {"label": …}, so every object fails consolidation'],
    ]);
    // Some values JSON and some not: not one shape, not judged.
    expect(await shapeFindings(jsonSelect(['{"label":"refund"}', 'other']), 'text-classification')).toEqual([]);
  });

  it('values lint cannot see (Liquid writes them, no task input given; options a script adds) are at most a warning', async () => {
    expect((await shapeFindings(selectCategory, 'text-classification', undefined, false)).map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        '<select name="category"> submits a string, but the text-classification ACS decodes answerContent.category as {"label": …}, so every object fails consolidation if its values are plain text (lint cannot see them; a value holding a JSON object is decoded into it)',
      ],
    ]);
    expect((await shapeFindings('<crowd-form><select name="category" id="filled-by-script"></select></crowd-form>', 'text-classification')).map((f) => f.severity)).toEqual(['warning']);
    // Rendered, the values are seen: plain labels, an error.
    expect((await shapeFindings(selectCategory, 'text-classification')).map((f) => f.severity)).toEqual(['error']);
  });

  it('messages name only the keys an element always submits (no initialValueModified, no workerComment)', async () => {
    const [box] = await shapeFindings(`<crowd-form><crowd-bounding-box name="annotatedResult" header="h" src="x.png" labels="['a']"></crowd-bounding-box></crowd-form>`, 'polygon');
    expect(box?.message).toBe('<crowd-bounding-box name="annotatedResult"> submits {"boundingBoxes": …, "inputImageProperties": …}, but the polygon ACS decodes answerContent.annotatedResult as {"inputImageProperties": …, "polygons": …}, so every object fails consolidation');
    const [classifier] = await shapeFindings(`<crowd-form><crowd-image-classifier name="transcription" header="h" src="x.png" categories="['a']"></crowd-image-classifier></crowd-form>`, 'free-text');
    expect(classifier?.message).toBe('<crowd-image-classifier name="transcription"> submits {"label": …}, but the free-text ACS decodes answerContent.transcription as a string, so every object fails consolidation');
  });

  it('a wrong field in each branch of an {% if %} is reported at each', async () => {
    const body = '<crowd-form>{% if task.input.field %}\n<select name="category"><option>a</option></select>{% else %}\n<select name="category"><option>b</option></select>{% endif %}</crowd-form>';
    expect((await shapeFindings(body, 'text-classification')).map((f) => [f.line, f.column, f.severity])).toEqual([
      [3, 1, 'error'],
      [4, 1, 'error'],
    ]);
  });

  it('lint takes a native control as a field exactly when the stand-in crowd-form submits it, in the shape it submits', () => {
    const body = `<crowd-form>
      <input type="text" name="text" value="t"><input name="untyped" value="u"><input type="datetime" name="unknown" value="d">
      <input type="checkbox" name="box" value="yes" checked><input type="radio" name="pick" value="a">
      <select name="one"><option>p</option></select><select name="many" multiple><option selected>r</option></select>
      <textarea name="story">s</textarea><input type="hidden" name="stash" value="h">
      <input type="file" name="upload"><input type="submit" name="go" value="Go"><input type="image" name="map" src="x.png"><input type="reset" name="again">
    </crowd-form>`;
    page = happyPage(body);
    const answer = page.$<HTMLElement & { serialize(): Record<string, unknown> }>('crowd-form').serialize();
    const natives = parseDocument(body).elements.filter((e) => ['input', 'select', 'textarea'].includes(e.tag));
    const typeOf = (v: unknown) => (Array.isArray(v) ? 'list' : typeof v === 'object' ? 'checked' : typeof v === 'string' ? 'text' : typeof v);
    for (const e of natives) {
      const name = e.attrs.name ?? '';
      expect(isNativeControl(e), name).toBe(Object.hasOwn(answer, name));
      const shape = submittedShape(e);
      if (shape) expect(shape.kind, name).toBe(typeOf(answer[name]));
    }
    expect(Object.keys(answer).sort()).toEqual(['box', 'many', 'one', 'pick', 'stash', 'story', 'text', 'unknown', 'untyped']);
  });

  it('a file input submits nothing, so it is not judged as the field', async () => {
    expect(await shapeFindings('<crowd-form><input type="file" name="category"></crowd-form>', 'text-classification')).toEqual([]);
  });
});
