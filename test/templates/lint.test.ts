import { describe, expect, it } from 'vitest';
import { formatFindings, lintRules, lintTemplate } from '../../templates/lint/index.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>\n';
const input = [{ origin: 'manifest.jsonl:1', taskInput: { taskObject: 's3://b/k.jpg', labels: ['cat', 'dog'], text: 'hi' } }];
const lint = (body: string, withInputs = true) => lintTemplate(script + body, { file: 't.html', ...(withInputs ? { taskInputs: input } : {}) });

// One failing template per rule: [rule id, severity, template body (after the script tag)].
const failing: Array<[string, 'error' | 'warning', string]> = [
  ['liquid-syntax', 'error', '<crowd-form>{% if task.input.x %}</crowd-form>'],
  ['unknown-filter', 'error', '<crowd-form><p>{{ task.input.text | to_s3_uri }}</p></crowd-form>'],
  ['task-input-path', 'error', '<crowd-form><p>{{ task.input.sourceRef }}</p><crowd-input name="a"></crowd-input></crowd-form>'],
  ['no-crowd-form', 'error', '<crowd-input name="a"></crowd-input>'],
  ['field-name', 'error', '<crowd-form><crowd-input label="no name"></crowd-input></crowd-form>'],
  ['field-name', 'error', '<crowd-form><crowd-input name="a"></crowd-input><crowd-text-area name="a"></crowd-text-area></crowd-form>'],
  ['field-name', 'warning', '<crowd-form><input type="text"></crowd-form>'],
  ['element-inside-crowd-form', 'error', "<crowd-form><crowd-entity-annotation name=\"e\" header=\"h\" text=\"t\" labels='[{\"label\":\"p\"}]'></crowd-entity-annotation></crowd-form>"],
  ['unknown-element', 'error', '<crowd-form><crowd-bounding-boxes name="b"></crowd-bounding-boxes></crowd-form>'],
  ['required-attribute', 'error', '<crowd-form><crowd-bounding-box name="b" header="h"></crowd-bounding-box></crowd-form>'],
  ['required-attribute', 'warning', "<crowd-form><crowd-classifier name=\"c\" categories='[\"a\",\"b\"]'></crowd-classifier></crowd-form>"],
  ['too-many-labels', 'error', `<crowd-form><crowd-bounding-box name="b" header="h" src="{{ task.input.taskObject | grant_read_access }}" labels='${JSON.stringify(Array.from({ length: 11 }, (_, i) => `l${i}`))}'></crowd-bounding-box></crowd-form>`],
  ['s3-uri-not-presigned', 'error', '<crowd-form><img src="{{ task.input.taskObject }}"><crowd-input name="a"></crowd-input></crowd-form>'],
  ['s3-uri-not-presigned', 'error', '<crowd-form><img src="s3://bucket/static.png"><crowd-input name="a"></crowd-input></crowd-form>'],
  ['skip-autoescape-task-input', 'warning', '<crowd-form><div>{{ task.input.text | skip_autoescape }}</div><crowd-input name="a"></crowd-input></crowd-form>'],
  ['module-script', 'error', '<script type="module">import x from "./x.js";</script><crowd-form><crowd-input name="a"></crowd-input></crowd-form>'],
  ['unparseable-attribute', 'error', "<crowd-form><crowd-classifier name=\"c\" header=\"h\" categories=\"{{ task.input.labels }}\"></crowd-classifier></crowd-form>"],
  ['unparseable-attribute', 'error', "<crowd-form><crowd-classifier name=\"c\" header=\"h\" categories=\"['a', 'b'\"></crowd-classifier></crowd-form>"],
  ['self-closing-element', 'error', '<crowd-form><crowd-input name="a" /><p>swallowed</p></crowd-form>'],
];

describe('lint rules', () => {
  it.each(failing)('%s (%s)', async (ruleId, severity, body) => {
    const findings = await lint(body);
    const hit = findings.find((f) => f.ruleId === ruleId && f.severity === severity);
    expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
    expect(hit?.file).toBe('t.html');
    expect(hit?.line).toBeGreaterThanOrEqual(1);
    expect(hit?.column).toBeGreaterThanOrEqual(1);
    expect(hit?.hint.length).toBeGreaterThan(0);
  });

  it('flags a template without the crowd script', async () => {
    const findings = await lintTemplate('<crowd-form><crowd-input name="a"></crowd-input></crowd-form>', { file: 'x.html' });
    expect(findings.map((f) => f.ruleId)).toEqual(['missing-crowd-script']);
  });

  it('flags a template over the size limit', async () => {
    const findings = await lintTemplate(`${script}<crowd-form><crowd-input name="a"></crowd-input></crowd-form><!--${'x'.repeat(128_000)}-->`, { file: 'x.html' });
    expect(findings.map((f) => f.ruleId)).toContain('template-too-large');
  });

  it('suggests the nearest element name', async () => {
    const [finding] = (await lint('<crowd-form><crowd-clasifier name="c"></crowd-clasifier></crowd-form>')).filter((f) => f.ruleId === 'unknown-element');
    expect(finding?.message).toContain('did you mean <crowd-classifier>?');
  });

  it('points at the line and column in the template source', async () => {
    const [finding] = await lintTemplate(`${script}<crowd-form>\n  <p>{{ task.input.missing }}</p>\n<crowd-input name="a"></crowd-input></crowd-form>`, { file: 't.html', taskInputs: input });
    expect(finding).toMatchObject({ ruleId: 'task-input-path', line: 3, column: 9 });
    expect(finding?.message).toContain('(first: manifest.jsonl:1)');
  });

  it('every registered rule has an id and a description', () => {
    for (const rule of lintRules) expect(rule.id).toMatch(/^[a-z0-9-]+$/);
  });

  it('formats findings for people and as JSON', async () => {
    const findings = await lint('<crowd-input name="a"></crowd-input>');
    expect(formatFindings(findings)).toMatch(/^t\.html:\d+:\d+ error no-crowd-form: .*\n  fix: /);
    expect(JSON.parse(formatFindings(findings, { json: true }))).toMatchObject({ errors: 1, warnings: 0 });
  });
});

describe('tolerated idioms (no false alarms on templates written like AWS documentation)', () => {
  it.each([
    ['JavaScript-style single-quoted arrays', "<crowd-form><crowd-image-classifier name=\"c\" header=\"h\" src=\"{{ task.input.taskObject | grant_read_access }}\" categories=\"['Cat', 'Dog']\"></crowd-image-classifier></crowd-form>"],
    ['an exclusion-category object literal', "<crowd-form><crowd-classifier-multi-select name=\"c\" header=\"h\" categories=\"['a','b']\" exclusion-category=\"{ text: 'None' }\"></crowd-classifier-multi-select></crowd-form>"],
    ['Liquid inside attributes', "<crowd-form><crowd-bounding-box name=\"b\" header=\"Box the {{ task.input.labels[0] }}\" src=\"{{ task.input.taskObject | grant_read_access }}\" labels='{{ task.input.labels | to_json }}'></crowd-bounding-box></crowd-form>"],
    ['a script that waits for all-crowd-elements-ready', "<crowd-form><crowd-input name=\"a\" label=\"A\"></crowd-input></crowd-form><script>document.addEventListener('all-crowd-elements-ready', () => { document.querySelector('crowd-input').value = ''; });</script>"],
    ['a hidden input filled on submit', "<crowd-form><input type=\"hidden\" name=\"extra\"><crowd-input name=\"a\"></crowd-input></crowd-form><script>document.querySelector('crowd-form').onsubmit = () => { document.querySelector('input[name=extra]').value = JSON.stringify({}); };</script>"],
    ['radio buttons and checkboxes sharing a name', '<crowd-form><crowd-checkbox name="q" value="blurry"></crowd-checkbox><crowd-checkbox name="q" value="dark"></crowd-checkbox><input type="radio" name="r" value="1"><input type="radio" name="r" value="2"></crowd-form>'],
    ['crowd-entity-annotation on its own, without crowd-form', "<crowd-entity-annotation name=\"e\" header=\"h\" text=\"{{ task.input.text }}\" labels=\"[{'label': 'person'}]\"></crowd-entity-annotation>"],
    ['a presigned path-style https URL', "<crowd-form><img src=\"{{ 'https://s3.amazonaws.com/bucket/x.png' | grant_read_access }}\"><crowd-input name=\"a\"></crowd-input></crowd-form>"],
    ['paths guarded by if', '<crowd-form>{% if task.input.hint %}<p>{{ task.input.hint }}</p>{% endif %}<crowd-input name="a"></crowd-input></crowd-form>'],
  ])('%s', async (_name, body) => {
    const findings = await lint(body);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
