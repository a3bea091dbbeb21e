import { describe, expect, it } from 'vitest';
import { lintTemplate, type AnswerFieldExpectation } from '../../../templates/lint/index.ts';
import { taskTemplates } from '../../../templates/catalog/index.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>\n';
const classifier = `<crowd-classifier name="category" header="h" categories='["a","b"]'><classification-target>x</classification-target></crowd-classifier>`;
const reads: AnswerFieldExpectation[] = [{ name: 'category', reader: 'the text-classification ACS' }];
const inputs = [{ origin: 'manifest.jsonl:1', taskInput: { field: 'note', labels: ['a', 'b'] } }];

async function notSubmitted(body: string, keptFields: string[], options: { withInputs?: boolean; source?: string } = {}) {
  const findings = await lintTemplate(options.source ?? script + body, { file: 't.html', answerFields: reads, keptFields, ...(options.withInputs ? { taskInputs: inputs } : {}) });
  return findings.filter((f) => f.ruleId === 'kept-field-not-submitted');
}

describe('lint: kept-field-not-submitted', () => {
  it('warns, at the crowd-form, about each kept name no field of the template has, naming the fields it does submit', async () => {
    const found = await notSubmitted(`<crowd-form>${classifier}\n<crowd-text-area name="comment"></crowd-text-area></crowd-form>`, ['comment', 'coment', 'unsure']);
    expect(found.map((f) => [f.severity, f.line, f.column])).toEqual([
      ['warning', 2, 1],
      ['warning', 2, 1],
    ]);
    expect(found[0]?.message).toBe('consolidation.keepFields in gtkit.config.ts names "coment", but no field of the template is named "coment", so the ACS keeps nothing under it');
    expect(found[0]?.hint).toBe('name the template\'s field "coment", or remove it from consolidation.keepFields (the template submits "category", "comment")');
    expect(found[1]?.message).toContain('names "unsure"');
  });

  it('placed at the name in the config when lint knows where the config writes it (walk150 #8)', async () => {
    const asked: string[] = [];
    const configPlace = (path: string) => (asked.push(path), { file: 'gtkit.config.ts', line: 20 + asked.length, column: 17 });
    const findings = (await lintTemplate(`${script}<crowd-form>${classifier}</crowd-form>`, { file: 't.html', answerFields: reads, keptFields: ['x', 'category', 'y'], configPlace })).filter((f) => f.ruleId === 'kept-field-not-submitted');
    expect(findings.map((f) => [f.file, f.line, f.column, f.message.split(',')[0]])).toEqual([
      ['gtkit.config.ts', 21, 17, 'consolidation.keepFields in gtkit.config.ts names "x"'],
      ['gtkit.config.ts', 22, 17, 'consolidation.keepFields in gtkit.config.ts names "y"'],
    ]);
    expect(asked).toEqual(['consolidation.keepFields[0]', 'consolidation.keepFields[2]']);
  });

  it('says that workerComment is inside the classifier\'s own answer and where the ACS writes it (walk129 #2)', async () => {
    const source = taskTemplates['image-classification'].source;
    const [found, ...more] = (await lintTemplate(source, { file: 't.html', answerFields: [{ name: 'category', reader: 'the image-classification ACS' }], keptFields: ['workerComment'] })).filter((f) => f.ruleId === 'kept-field-not-submitted');
    expect(more).toEqual([]);
    expect(found?.message).toBe(
      'consolidation.keepFields in gtkit.config.ts names "workerComment", which is not a field of its own: an image classifier\'s <worker-comment> submits it inside its answer (answerContent.category.workerComment), so nothing is kept under it',
    );
    expect(found?.hint).toBe('remove "workerComment" from consolidation.keepFields in gtkit.config.ts: gtkit\'s ACS for the task type writes it under worker-feedback in each object\'s metadata');
  });

  it('counts only fields that submit (as unkept-field does): a file input, a control outside crowd-form, <meta>, <a> or <slot> named so is no field (read135 #1)', async () => {
    const others = `<meta name="viewport" content="x"><a name="top"></a>`;
    const body = `${others}<textarea name="outside"></textarea><crowd-form>${classifier}<input type="file" name="upload"><slot name="sloted"></slot></crowd-form>`;
    const found = await notSubmitted(body, ['upload', 'outside', 'viewport', 'top', 'sloted']);
    expect(found.map((f) => f.message.match(/names "(\w+)"/)?.[1]).sort()).toEqual(['outside', 'sloted', 'top', 'upload', 'viewport']);
    expect(found.find((f) => f.message.includes('"upload"'))?.hint).toBe('name the template\'s field "upload", or remove it from consolidation.keepFields (the template submits "category")');
    // The same elements, with a Liquid name, do not make the rule wait for rendered pages.
    expect(await notSubmitted(`<meta name="{{ task.input.field }}" content="x"><crowd-form>${classifier}</crowd-form>`, ['upload'])).toHaveLength(1);
  });

  it('says the ACS writes workerComment under worker-feedback only for the types whose ACS does (read135 #6)', async () => {
    const source = taskTemplates['image-classification'].source;
    const hintFor = async (reader: string) => (await lintTemplate(source, { file: 't.html', answerFields: [{ name: 'category', reader }], keptFields: ['workerComment'] })).find((f) => f.ruleId === 'kept-field-not-submitted')?.hint;
    expect(await hintFor('the image-classification-multilabel ACS')).toContain('writes it under worker-feedback');
    const readIt = 'remove "workerComment" from consolidation.keepFields in gtkit.config.ts; to have it in the output, read it from answerContent.category.workerComment in acs.ts';
    expect(await hintFor('the text-classification ACS')).toBe(readIt);
    expect(await hintFor('acs.ts (consolidation.answerFields in the config)')).toBe(readIt);
  });

  it('judges a name written with Liquid on the rendered pages, and says nothing about it without them', async () => {
    const body = `<crowd-form>${classifier}<crowd-input name="{{ task.input.field }}"></crowd-input></crowd-form>`;
    expect(await notSubmitted(body, ['note'], { withInputs: true })).toEqual([]);
    expect((await notSubmitted(body, ['remark'], { withInputs: true })).map((f) => f.message)).toEqual([
      'consolidation.keepFields in gtkit.config.ts names "remark", but no field of the template is named "remark" on any rendered page, so the ACS keeps nothing under it',
    ]);
    expect(await notSubmitted(body, ['remark'])).toEqual([]);
  });

  it('leaves alone a name an inline script adds at submit time, and says nothing without kept fields', async () => {
    const stash = `<script>document.querySelector('crowd-form').addEventListener('submit', () => { const i = document.createElement('input'); i.type = 'hidden'; i.name = 'timing'; });</script>`;
    expect(await notSubmitted(`<crowd-form>${classifier}</crowd-form>${stash}`, ['timing'])).toEqual([]);
    expect(await notSubmitted(`<crowd-form>${classifier}</crowd-form>`, [])).toEqual([]);
  });
});
