import { describe, expect, it } from 'vitest';
import { lintTemplate, type AnswerFieldExpectation, type LintTaskInput } from '../../../templates/lint/index.ts';
import { taskTemplates } from '../../../templates/catalog/index.ts';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>\n';
const known = ['refund', 'delivery', 'other'];
/** As answerFieldsOf gives them: the type's own ACS, and a hand-written acs.ts (consolidation.answerFields). */
const typeAcs: AnswerFieldExpectation[] = [{ name: 'category', reader: 'the text-classification ACS', decodes: { shape: { kind: 'object', keys: ['label'] }, by: 'the text-classification ACS', certain: true } }];
const ownAcs: AnswerFieldExpectation[] = [{ name: 'category', reader: 'acs.ts (consolidation.answerFields in the config)', decodes: { shape: { kind: 'object', keys: ['label'] }, by: 'the text-classification task type', certain: false } }];
const classifier = (categories: string, name = 'category') => `<crowd-classifier name="${name}" header="h" categories=${categories}><classification-target>x</classification-target></crowd-classifier>`;

/** The label-mismatch findings; the text-classification ACS reads the answer unless `answerFields` says otherwise (`null`: not known). */
async function mismatches(body: string, options: { answerFields?: AnswerFieldExpectation[] | null; knownLabels?: string[]; taskInputs?: LintTaskInput[] } = {}) {
  const { answerFields = typeAcs, knownLabels = known, taskInputs } = options;
  const findings = await lintTemplate(script + body, { file: 't.html', ...(answerFields ? { answerFields } : {}), knownLabels, ...(taskInputs ? { taskInputs } : {}) });
  return findings.filter((f) => f.ruleId === 'label-mismatch').map((f) => ({ severity: f.severity, message: f.message, hint: f.hint, at: [f.line, f.column] }));
}

describe('lint: label-mismatch (a label list in the template against the task config labels)', () => {
  it('a renamed label: an error for the one only the template offers, a warning for the task label it lacks, both at the attribute and naming both lists', async () => {
    const found = await mismatches(`<crowd-form>\n  ${classifier(`'["refund", "shipping", "other"]'`)}</crowd-form>`);
    const lists = `(categories offers "refund", "shipping", "other"; the task's labels are "refund", "delivery", "other")`;
    const hint = 'make the two lists the same: edit this categories attribute, or labels in gtkit.config.ts (or write categories="{{ task.input.labels | to_json | escape }}", as gtkit init does, to show the task\'s labels)';
    expect(found).toEqual([
      { severity: 'error', message: `<crowd-classifier> offers label "shipping", not among the task's labels ${lists}: the text-classification ACS knows only the task's labels, so it sets aside each answer that chooses it`, hint, at: [3, 48] },
      { severity: 'warning', message: `<crowd-classifier> never offers the task's label "delivery" ${lists}: workers can never choose it`, hint, at: [3, 48] },
    ]);
  });

  it('reads lists as the elements do: AWS-style single quotes, numbers, and crowd-entity-annotation label objects', async () => {
    expect(await mismatches(`<crowd-form>${classifier(`"['other', 'refund', 'delivery']"`)}</crowd-form>`)).toEqual([]);
    expect(await mismatches(`<crowd-form>${classifier(`'[1, 2]'`)}</crowd-form>`, { knownLabels: ['1', '2'] })).toEqual([]);
    const entities = (labels: string) => `<crowd-entity-annotation name="crowd-entity-annotation" header="h" text="t" labels='${labels}'></crowd-entity-annotation>`;
    const field: AnswerFieldExpectation[] = [{ name: 'crowd-entity-annotation', reader: 'the named-entity ACS', decodes: { shape: { kind: 'object', keys: ['entities'] }, by: 'the named-entity ACS', certain: true } }];
    expect(await mismatches(entities('[{"label": "person", "shortDisplayName": "per"}, {"label": "location"}]'), { answerFields: field, knownLabels: ['person', 'location'] })).toEqual([]);
    const found = await mismatches(entities('[{"label": "person"}, {"label": "place", "fullDisplayName": "Location"}]'), { answerFields: field, knownLabels: ['person', 'location'] });
    expect(found.map((f) => [f.severity, f.message.split(' (')[0]])).toEqual([
      ['error', '<crowd-entity-annotation> offers label "place", not among the task\'s labels'],
      ['warning', '<crowd-entity-annotation> never offers the task\'s label "location"'],
    ]);
  });

  it("says what the ACS does with each kind of answer (lambdas/task-types/known-labels.ts): a multi-label answer counts without the label, a mark with it is dropped", async () => {
    const consequence = async (body: string, name: string, reader: string) => {
      const answerFields: AnswerFieldExpectation[] = [{ name, reader, decodes: { shape: { kind: 'object', keys: ['x'] }, by: reader, certain: true } }];
      const found = await mismatches(body, { answerFields });
      return found.filter((f) => f.severity === 'error').map((f) => f.message.split('): ')[1]);
    };
    const multi = `<crowd-form><crowd-classifier-multi-select name="category" header="h" categories='["refund", "delivery", "other", "spam"]'></crowd-classifier-multi-select></crowd-form>`;
    expect(await consequence(multi, 'category', 'the text-classification-multilabel ACS')).toEqual([
      "the text-classification-multilabel ACS knows only the task's labels, so it drops it from each answer that chooses it, and counts the rest of the answer",
    ]);
    const boxes = `<crowd-form><crowd-bounding-box name="box" header="h" src="x.png" labels='["refund", "delivery", "other", "spam", "ham"]'></crowd-bounding-box></crowd-form>`;
    expect(await consequence(boxes, 'box', 'the bounding-box ACS')).toEqual(["the bounding-box ACS knows only the task's labels, so it drops each box labelled with them, and sets aside an answer that has only such boxes"]);
    const spans = `<crowd-entity-annotation name="ner" header="h" text="t" labels='[{"label": "refund"}, {"label": "delivery"}, {"label": "other"}, {"label": "spam"}]'></crowd-entity-annotation>`;
    expect(await consequence(spans, 'ner', 'the named-entity ACS')).toEqual(["the named-entity ACS knows only the task's labels, so it drops each span labelled with it, and sets aside an answer that has only such spans"]);
    // In the words of the ACS's own note, which calls polygon marks shapes.
    const polygons = `<crowd-form><crowd-polygon name="poly" header="h" src="x.png" labels='["refund", "delivery", "other", "spam"]'></crowd-polygon></crowd-form>`;
    expect(await consequence(polygons, 'poly', 'the polygon ACS')).toEqual(["the polygon ACS knows only the task's labels, so it drops each shape labelled with it, and sets aside an answer that has only such shapes"]);
  });

  it('an element whose labels no task type screens (crowd-polyline): a warning that claims nothing is left out', async () => {
    const answerFields: AnswerFieldExpectation[] = [{ name: 'lanes', reader: 'the lanes ACS', decodes: { shape: { kind: 'object', keys: ['polylines'] }, by: 'the lanes ACS', certain: true } }];
    const found = await mismatches(`<crowd-form><crowd-polyline name="lanes" header="h" src="x.png" labels='["road", "lane"]'></crowd-polyline></crowd-form>`, { answerFields, knownLabels: ['road'] });
    expect(found.map((f) => [f.severity, f.message.split('): ')[1]])).toEqual([['warning', "gtkit's ACS does not screen the labels of <crowd-polyline> answers, so an answer with it counts as it is"]]);
  });

  it('names at most 10 labels in each list, and counts the rest', async () => {
    const many = Array.from({ length: 13 }, (_, i) => `x${i}`);
    const [found] = await mismatches(`<crowd-form>${classifier(`'${JSON.stringify(['refund', 'delivery', 'other', ...many])}'`)}</crowd-form>`);
    const first10 = many.slice(0, 10).map((l) => JSON.stringify(l)).join(', ');
    expect(found?.message).toContain(`offers labels ${first10} and 3 more, not among the task's labels`);
    const [never] = await mismatches(`<crowd-form>${classifier(`'["refund"]'`)}</crowd-form>`, { knownLabels: ['refund', ...many] });
    expect(never?.message).toContain(`never offers the task's labels ${first10} and 3 more (`);
  });

  it('only the element whose answer the ACS reads: a second question with its own labels is not judged', async () => {
    const body = `<crowd-form>${classifier(`'["refund", "delivery", "other"]'`)}${classifier(`'["calm", "angry"]'`, 'tone')}</crowd-form>`;
    expect(await mismatches(body)).toEqual([]);
    // Without the answer fields (a library caller gives only the labels), every list is judged.
    expect((await mismatches(body, { answerFields: null })).map((f) => [f.severity, f.message.split(' (')[0]])).toEqual([
      ['error', '<crowd-classifier> offers labels "calm", "angry", not among the task\'s labels'],
      ['warning', '<crowd-classifier> never offers the task\'s labels "refund", "delivery", "other"'],
    ]);
  });

  it('a hand-written acs.ts may not check labels: a label the task lacks is then a warning that says so', async () => {
    const found = await mismatches(`<crowd-form>${classifier(`'["refund", "delivery", "other", "spam"]'`)}</crowd-form>`, { answerFields: ownAcs });
    expect(found).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining(': if acs.ts (consolidation.answerFields in the config) checks answers against the task\'s labels, as the scaffolded acs.ts does, it sets aside each answer that chooses it') }),
    ]);
  });

  it('a list Liquid builds is judged on each page for labels the task lacks only, naming the first line: a PRE may give a line some of the labels', async () => {
    const body = `<crowd-form>${classifier('"{{ task.input.labels | to_json | escape }}"')}</crowd-form>`;
    const taskInputs = [
      { origin: 'manifest.jsonl:1', taskInput: { labels: ['refund', 'other'] } },
      { origin: 'manifest.jsonl:2', taskInput: { labels: ['refund', 'Other'] } },
      { origin: 'manifest.jsonl:3', taskInput: { labels: ['refund', 'Other', 'spam'] } },
    ];
    const found = await mismatches(body, { taskInputs });
    expect(found).toEqual([
      {
        severity: 'error',
        message: `<crowd-classifier> offers label "Other", not among the task's labels (categories offers "refund", "Other" when rendered for manifest.jsonl:2; the task's labels are "refund", "delivery", "other"): the text-classification ACS knows only the task's labels, so it sets aside each answer that chooses it`,
        hint: 'make the two lists the same: fix what pre.ts puts in the task input for categories, or labels in gtkit.config.ts',
        at: [2, 58],
      },
    ]);
    // Without renders, nothing is known about such a list.
    expect(await mismatches(body)).toEqual([]);
  });

  it('says nothing without the task labels, or about a list that does not parse (unparseable-attribute reports it)', async () => {
    expect(await mismatches(`<crowd-form>${classifier(`'["x", "y"]'`)}</crowd-form>`, { knownLabels: [] })).toEqual([]);
    const findings = await lintTemplate(`${script}<crowd-form>${classifier(`'["x", "y"]'`)}</crowd-form>`, { file: 't.html', answerFields: typeAcs });
    expect(findings.filter((f) => f.ruleId === 'label-mismatch')).toEqual([]);
    expect(await mismatches(`<crowd-form>${classifier(`'["refund", '`)}</crowd-form>`)).toEqual([]);
  });

  it.each(taskTypeNames)('the %s catalog template stays clean with its sample labels', async (type) => {
    const { source, sampleTaskInputs } = taskTemplates[type];
    for (const sample of sampleTaskInputs) {
      const labels = ((sample as { labels?: unknown[] }).labels ?? []).map((l) => (typeof l === 'string' ? l : (l as { label: string }).label));
      const findings = await lintTemplate(source, { file: 't.html', knownLabels: labels, taskInputs: [{ origin: 'sample', taskInput: sample }] });
      expect(findings.filter((f) => f.ruleId === 'label-mismatch')).toEqual([]);
    }
  });
});
