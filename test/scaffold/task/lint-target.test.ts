import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintTarget } from '../../../scaffold/commands/lint-target.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { shownPath } from '../../../scaffold/cli/paths.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-lint-target-');
let dir: string;
let template: string;
let config: string;
let manifest: string;
beforeAll(async () => {
  dir = join(temp.path, 'task');
  await initTask({ dir, type: 'text-classification' });
  template = await readFile(join(dir, 'template.liquid.html'), 'utf8');
  config = await readFile(join(dir, 'gtkit.config.ts'), 'utf8');
  manifest = await readFile(join(dir, 'manifest.jsonl'), 'utf8');
}, 60_000);

/** The 1-based line and column where `needle` starts in `source`; it must occur exactly once. */
function placeOf(source: string, needle: string): [number, number] {
  const at = source.indexOf(needle);
  if (at < 0 || source.indexOf(needle, at + 1) >= 0) throw new Error(`${JSON.stringify(needle)} must occur once`);
  const before = source.slice(0, at).split('\n');
  return [before.length, (before[before.length - 1]?.length ?? 0) + 1];
}

/**
 * Lints the task with these files, the scaffolded ones where none is given, so no test leaves its
 * variant behind for the next; `manifest: null` puts a folder where the manifest should be.
 */
async function withFiles(files: { template?: string; config?: string; manifest?: string | null }) {
  await writeFile(join(dir, 'template.liquid.html'), files.template ?? template);
  await writeFile(join(dir, 'gtkit.config.ts'), files.config ?? config);
  const manifestFile = join(dir, 'manifest.jsonl');
  await rm(manifestFile, { recursive: true, force: true });
  if (files.manifest === null) await mkdir(manifestFile);
  else await writeFile(manifestFile, files.manifest ?? manifest);
  return lintTarget(dir);
}

describe('gtkit lint <task folder>: template, PRE, ACS and job request against each other', () => {
  it('a renamed answer field is an error: the ACS reads answerContent.category', async () => {
    const { findings } = await withFiles({ template: template.replace('name="category"', 'name="intent"') });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'answer-field', severity: 'error', message: expect.stringContaining('no field is named "category" when rendered for') }),
    ]);
  });

  it('a label list written in the template is checked against the config labels', async () => {
    const { findings } = await withFiles({ template: template.replace('categories="{{ task.input.labels | to_json | escape }}"', `categories='["refund", "shipping", "other"]'`) });
    expect(findings.map((f) => [f.ruleId, f.severity, f.message.split(' (')[0]])).toEqual([
      ['label-mismatch', 'error', '<crowd-classifier> offers label "shipping", not among the task\'s labels'],
      ['label-mismatch', 'warning', '<crowd-classifier> never offers the task\'s label "delivery"'],
    ]);
  });

  it('a hand-written ACS declares the fields it reads in consolidation.answerFields', async () => {
    const renamed = template.replace('name="category"', 'name="intent"');
    const declared = config.replace(/consolidation: \{/, "consolidation: {\n    answerFields: ['intent'],");
    expect(declared).not.toBe(config);
    expect((await withFiles({ template: renamed, config: declared })).findings).toEqual([]);
    const wrong = config.replace(/consolidation: \{/, "consolidation: {\n    answerFields: ['intent', 'comment'],");
    const { findings } = await withFiles({ template: renamed, config: wrong });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('no field is named "comment"')]);
  });

  it('hints name the PRE and ACS the config names in files, not the scaffolded pre.ts and acs.ts', async () => {
    // A team's own handlers: a JavaScript PRE that returns no labels, an ACS reading "intent".
    await writeFile(join(dir, 'own-pre.js'), 'export const handler = async (event) => ({ taskInput: { text: event.dataObject.source } });\n');
    await writeFile(join(dir, 'own-acs.js'), 'export const handler = async () => [];\n');
    try {
      const own = config.replace(/consolidation: \{/, "files: { pre: 'own-pre.js', acs: 'own-acs.js' },\n  consolidation: {\n    answerFields: ['intent'],");
      expect(own).not.toBe(config);
      const { findings } = await withFiles({ config: own });
      const byRule = (id: string) => findings.find((f) => f.ruleId === id);
      expect(byRule('task-input-path')?.hint).toContain('return this field from own-pre.js in taskInput');
      expect(byRule('answer-field')?.message).toContain('own-acs.js (consolidation.answerFields in the config) reads the answer from answerContent.intent');
      expect(findings.map((f) => `${f.message} ${f.hint}`).join('\n')).not.toMatch(/\b(pre|acs)\.ts\b/);
    } finally {
      await rm(join(dir, 'own-pre.js'));
      await rm(join(dir, 'own-acs.js'));
    }
  });

  it('labels that look alike are findings on the config: an error when a worker cannot tell them apart, a warning when only case differs', async () => {
    const lookAlike = config.replace(/labels: \[[^\]]*\]/, 'labels: ["refund", "Refund", "other", "other "]');
    expect(lookAlike).not.toBe(config);
    const { findings } = await withFiles({ config: lookAlike });
    const labelFindings = findings.filter((f) => f.ruleId === 'job-request').map((f) => [f.severity, f.message.split(':')[0]]);
    expect(labelFindings).toEqual(expect.arrayContaining([['warning', 'labels[1]'], ['error', 'labels[3]']]));
  });

  it('a manifest line whose source is empty or blank is a warning on that line', async () => {
    const { findings } = await withFiles({ manifest: `${manifest.trimEnd()}\n{"source": ""}\n{"source": "   "}\n` });
    const empty = findings.filter((f) => f.message.startsWith('"source"'));
    const lines = manifest.trimEnd().split('\n').length;
    expect(empty.map((f) => [f.severity, f.line, f.message, f.hint])).toEqual([
      ['warning', lines + 1, '"source" is empty, so workers would be shown nothing to label', 'put the text to label in "source", or remove the line'],
      ['warning', lines + 2, '"source" holds only blank space, so workers would be shown nothing to label', 'put the text to label in "source", or remove the line'],
    ]);
  });

  it('errors in the job request the config makes are findings on the config file', async () => {
    const { findings } = await withFiles({ config: config.replace(/jobName: "[^"]*"/, 'jobName: "bad_name"') });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'job-request', severity: 'error', file: expect.stringMatching(/gtkit\.config\.ts$/), message: expect.stringContaining('LabelingJobName') }),
    ]);
  });

  it('a manifest saved with a UTF-8 byte-order mark is a warning at line 1: gtkit reads past it, Ground Truth may not', async () => {
    expect((await withFiles({ manifest: `\uFEFF${manifest}` })).findings).toEqual([
      {
        ruleId: 'manifest-file',
        severity: 'warning',
        message: 'starts with a UTF-8 byte-order mark (BOM): gtkit reads past it, but gtkit deploy uploads it with the file, and whether Ground Truth reads line 1 with it is not documented',
        file: expect.stringMatching(/manifest\.jsonl$/),
        line: 1,
        column: 1,
        hint: `save manifest.jsonl as UTF-8 without a BOM (in your editor, "UTF-8" rather than "UTF-8 with BOM"), or remove it with sed -i '1s/^\\xEF\\xBB\\xBF//' manifest.jsonl`,
      },
    ]);
    // A mark alone is an empty manifest, which its own error names.
    expect((await withFiles({ manifest: '\uFEFF\n' })).findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([['manifest-file', 'error', expect.stringMatching(/^has no data objects/)]]);
  });

  it('a manifest line over its size limit gets the fix for its size, not the JSON-format fix', async () => {
    const [finding, ...rest] = (await withFiles({ manifest: `${JSON.stringify({ source: 'x'.repeat(120_000) })}\n` })).findings.filter((f) => f.ruleId === 'manifest-line');
    expect(rest).toEqual([]);
    expect(finding?.hint).toBe(`line 1 of ${shownPath(join(dir, 'manifest.jsonl'))}: shorten the line, or put the long text in an S3 object and give its URI as "source-ref" in place of "source" (gtkit run reports it as a bad line and skips it)`);
    // Said once, in the hint, not in the message as well.
    expect(finding?.message).toBe('the line has 120013 characters; Ground Truth allows 100000; the PRE did not run on this line, so its task.input paths were not checked');
  });

  it("lines holding another job's labels under labelAttributeName: one error on that config field, however many lines, naming the first", async () => {
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ source: `ticket ${i}`, intent: 0, 'intent-metadata': { 'class-name': 'refund', 'job-name': 'tickets-first-pass' } }));
    const { findings } = await withFiles({ manifest: `${lines.join('\n')}\n` });
    const shownConfig = shownPath(join(dir, 'gtkit.config.ts'));
    const [line, column] = placeOf(config, 'labelAttributeName:');
    expect(findings.filter((f) => f.ruleId === 'label-attribute-clash')).toEqual([
      {
        ruleId: 'label-attribute-clash',
        severity: 'error',
        message: `"intent" is the label attribute of the earlier job tickets-first-pass in 25 lines of ${shownPath(join(dir, 'manifest.jsonl'))} (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 15 more), and this job's output would replace those labels`,
        file: shownConfig,
        line,
        column,
        hint: expect.stringMatching(new RegExp(`^set another labelAttributeName in ${shownConfig.replace(/[.\\/]/g, '\\$&')} \\(now "intent"; say "[^"]+"\\): a job fed another job's output needs a label attribute of its own`)),
      },
    ]);
  });

  it('a line that already holds the label attribute without another job behind it is a warning, worded as labels or as a field', async () => {
    const lines = manifest.trim().split('\n');
    lines[1] = JSON.stringify({ ...JSON.parse(lines[1] ?? '{}'), 'intent-metadata': { 'class-name': 'refund' } });
    const labels = (await withFiles({ manifest: `${lines.join('\n')}\n` })).findings.filter((f) => f.ruleId === 'label-attribute-clash');
    expect(labels.map((f) => [f.severity, f.message, f.line])).toEqual([['warning', `1 line of ${shownPath(join(dir, 'manifest.jsonl'))} (line 2) already holds "intent-metadata", which this job's output replaces`, placeOf(config, 'labelAttributeName:')[0]]]);
    expect(labels[0]?.hint).toMatch(/ to keep those labels, or remove those keys from the lines if they are stale$/);
    lines[1] = JSON.stringify({ ...JSON.parse(lines[1] ?? '{}'), 'intent-metadata': undefined, intent: 'refund' });
    const field = (await withFiles({ manifest: `${lines.join('\n')}\n` })).findings.filter((f) => f.ruleId === 'label-attribute-clash');
    expect(field.map((f) => [f.severity, f.message])).toEqual([['warning', `1 line of ${shownPath(join(dir, 'manifest.jsonl'))} (line 2) already has a field "intent", which this job's output replaces with its label`]]);
    expect(field[0]?.hint).toMatch(/ to keep that field, or rename the field in the manifest$/);
  });

  it('a manifest that cannot be read does not hide the job request\'s errors', async () => {
    const { findings } = await withFiles({ manifest: null, config: config.replace(/jobName: "[^"]*"/, 'jobName: "bad_name"') });
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'job-request', message: expect.stringContaining('LabelingJobName') }));
  });

  it('a config that is not valid leaves a note saying so, and the template checks still run', async () => {
    const { findings, notes } = await withFiles({ config: 'export default 42;\n', template: template.replace('</crowd-form>', '<crowd-bogus></crowd-bogus></crowd-form>') });
    expect(findings.map((f) => f.ruleId)).toContain('unknown-element');
    expect(notes.join('\n')).toContain('the ACS answer fields and the job request were not checked: the task config is not valid (see its task-config findings)');
  });

  it('a config that is not valid: one finding per problem, each at the field it names: unknown and misspelt fields, holes, an unfitting algorithm, bad options', async () => {
    const broken = config
      .replace('jobName:', 'colour: "blue",\n  jobName:')
      .replace('workersPerObject:', 'workerPerObject: 3,\n    workersPerObject:')
      .replace(/labels: \[/, 'labels: [ , ')
      .replace(/algorithm: "[^"]*"/, 'algorithm: "dawid-skene", options: { maxIterations: 0, smothing: 0.1 }');
    expect(broken).not.toBe(config);
    const { findings } = await withFiles({ config: broken });
    expect(findings.every((f) => f.ruleId === 'task-config' && f.severity === 'error' && /gtkit\.config\.ts$/.test(f.file))).toBe(true);
    expect(findings.map((f) => [f.message, f.line, f.column])).toEqual(
      expect.arrayContaining([
        ['colour: not a field here; known fields: type, jobName, labelAttributeName, labels, region, roleArn, workforce, task, s3, streaming, stoppingConditions, tags, lambdas, consolidation, files', ...placeOf(broken, 'colour:')],
        ['task.workerPerObject: not a field here; did you mean "workersPerObject"?', ...placeOf(broken, 'workerPerObject:')],
        // The hole is the empty slot before the comma.
        ['labels[0]: expected a string or { label }, got an empty slot (two commas in a row?)', ...placeOf(broken, ', \n    "refund"')],
        ['consolidation.options.maxIterations: expected a number at least 1 and at most 10000, got 0 (the most EM iterations)', ...placeOf(broken, 'maxIterations:')],
        ['consolidation.options.smothing: not an option of this algorithm; did you mean "smoothing"?', ...placeOf(broken, 'smothing:')],
      ]),
    );
    expect(findings.find((f) => f.message.startsWith('colour:'))?.hint).toMatch(/^fix colour in .*gtkit\.config\.ts \(your editor checks it against defineTask\)$/);
    const boxes = await withFiles({ config: config.replace(/algorithm: "[^"]*"/, 'algorithm: "box-merge"') });
    expect(boxes.findings.map((f) => [f.message, f.line, f.column])).toEqual([
      ['consolidation.algorithm: "box-merge" consolidates box answers, but text-classification answers are class; use majority-vote, weighted-vote, wawa, dawid-skene, dawid-skene-pooled, one-coin-dawid-skene', ...placeOf(config, 'algorithm:')],
    ]);
  });

  it('a bad memoryMb, a misspelt consolidation option and a bad label are placed at their fields', async () => {
    const broken = config
      .replace('memoryMb: 1024', 'memoryMb: 99999')
      .replace(/algorithm: "([^"]*)"/, 'algorithm: "$1",\n    options: { smothing: 0.1 }')
      .replace('"other"', '{ label: "other", colour: "red" },\n    42');
    const { findings } = await withFiles({ config: broken });
    expect(findings.map((f) => [f.message.replace(/:.*/s, ''), f.line, f.column])).toEqual(
      expect.arrayContaining([
        ['lambdas.acs.memoryMb', ...placeOf(broken, 'memoryMb: 99999')],
        ['consolidation.options.smothing', ...placeOf(broken, 'smothing:')],
        ['labels[2].colour', ...placeOf(broken, 'colour:')],
        ['labels[3]', ...placeOf(broken, '42')],
      ]),
    );
  });

  it('errors in the job request are placed at the config field they come from', async () => {
    const broken = config
      .replace(/jobName: "[^"]*"/, 'jobName: "bad_name"')
      .replace('"created-by": "gtkit"', '"created-by": "gtkit",\n    "aws:team": "vision"')
      .replace('timeLimitSeconds: 300', 'timeLimitSeconds: 10')
      .replace(/"intent"\n/, '"in--tent!"\n');
    expect(broken).toContain('"in--tent!"');
    const { findings } = await withFiles({ config: broken });
    expect(findings.map((f) => [f.ruleId, f.message.replace(/:.*/s, ''), f.line, f.column])).toEqual(
      expect.arrayContaining([
        ['job-request', 'LabelingJobName', ...placeOf(broken, 'jobName:')],
        ['job-request', 'Tags[1].Key', ...placeOf(broken, '"aws:team"')],
        ['job-request', 'HumanTaskConfig.TaskTimeLimitInSeconds', ...placeOf(broken, 'timeLimitSeconds:')],
        ['job-request', 'HumanTaskConfig.TaskKeywords[1]', ...placeOf(broken, '"in--tent!"')],
      ]),
    );
  });

  it('a config that is not an object names the problem once, at the value (the finding already names the file)', async () => {
    for (const written of ['import { defineTask } from "gtkit/config";\nexport default defineTask(42 as never);\n', 'export default "x";\n']) {
      const { findings } = await withFiles({ config: written });
      const value = written.includes('42') ? '42' : '"x"';
      expect(findings).toEqual([
        {
          ruleId: 'task-config',
          severity: 'error',
          message: `default export: expected defineTask({...}), got ${value === '42' ? 'number' : 'string'}`,
          file: expect.stringMatching(/gtkit\.config\.ts$/),
          line: placeOf(written, value)[0],
          column: placeOf(written, value)[1],
          hint: expect.stringMatching(/^export the task's fields as an object from .*gtkit\.config\.ts: export default defineTask\(\{ type: …, jobName: …, … \}\)/),
        },
      ]);
      expect(findings[0]?.message).not.toContain('gtkit.config.ts');
    }
  });

  it('a config with a syntax error is a finding at the place the compiler names', async () => {
    const { findings, notes } = await withFiles({ config: `${config}\nexport const x = {;\n` });
    expect(notes.join('\n')).toContain('the ACS answer fields and the job request were not checked: the task config does not load (see its task-config finding)');
    const lines = config.split('\n').length;
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'task-config', line: lines + 1, hint: expect.stringContaining('so that it loads') })]);
    // The place is the finding's; the message keeps the line, not the path again.
    expect(findings[0]?.message).toContain(`line ${lines + 1}: ERROR`);
    expect(findings[0]?.message).not.toContain('gtkit.config.ts');
  });

  // walk150 #8: the fix of a keepFields name no field has is in the config, not the template.
  it('a keepFields name no field of the template has is placed at that name in gtkit.config.ts', async () => {
    const edited = config.replace(/algorithm: "([a-z-]+)"/, 'algorithm: "$1",\n    keepFields: ["category2", "remarks"]');
    const { findings } = await withFiles({ config: edited, template: template.replace('</crowd-form>', '<crowd-text-area name="remarks"></crowd-text-area></crowd-form>') });
    const [line, column] = placeOf(edited, '"category2"');
    expect(findings.filter((f) => f.ruleId === 'kept-field-not-submitted')).toEqual([
      expect.objectContaining({ severity: 'warning', file: shownPath(join(dir, 'gtkit.config.ts')), line, column, message: expect.stringContaining('names "category2", but no field of the template is named "category2"') }),
    ]);
  });
});
