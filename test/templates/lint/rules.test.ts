import { describe, expect, it } from 'vitest';
import { lintRules, lintTemplate, type AnswerFieldExpectation, type LintFinding } from '../../../templates/lint/index.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>\n';
const inputs = [
  { origin: 'manifest.jsonl:1', taskInput: { taskObject: 's3://bucket/k.jpg', labels: ['cat', 'dog'], text: 'hi', items: [{ name: 'a' }, { name: 'b' }] } },
  { origin: 'manifest.jsonl:2', taskInput: { taskObject: 's3://bucket/j.jpg', labels: Array.from({ length: 12 }, (_, i) => `l${i}`), text: "it's", items: [{ name: 'c' }, {}] } },
];
const lint = (body: string, withInputs = true, answerFields?: AnswerFieldExpectation[], knownLabels?: string[], keptFields?: string[]) =>
  lintTemplate(script + body, { file: 't.html', ...(withInputs ? { taskInputs: inputs } : {}), ...(answerFields ? { answerFields } : {}), ...(knownLabels ? { knownLabels } : {}), ...(keptFields ? { keptFields } : {}) });
const categoryReader: AnswerFieldExpectation[] = [{ name: 'category', reader: 'the text-classification ACS' }];
/** As answerFieldsOf gives them: the type's own ACS, and a hand-written acs.ts that lists the type's field. */
const categoryDecoded: AnswerFieldExpectation[] = [{ ...categoryReader[0]!, decodes: { shape: { kind: 'object', keys: ['label'] }, by: 'the text-classification ACS', certain: true } }];
const categoryMaybeDecoded: AnswerFieldExpectation[] = [{ name: 'category', reader: 'acs.ts (consolidation.answerFields in the config)', decodes: { shape: { kind: 'object', keys: ['label'] }, by: 'the text-classification task type', certain: false } }];
const field = '<crowd-input name="a" label="A"></crowd-input>';
const v2 = '<script src="https://assets.crowd.aws/crowd-html-elements-v2.js"></script><link rel="stylesheet" href="https://assets.crowd.aws/css/crowd-html-elements-v2.css">\n';

interface Case {
  rule: string;
  severity: 'error' | 'warning';
  /** The template body, after the script line (so the body starts on line 2). */
  body: string;
  /** Where the finding points: [line, column]. */
  at: [number, number];
  /** Something the message says. */
  says: string;
  withInputs?: boolean;
  /** Leave out the crowd script line (the body starts on line 1). */
  noScript?: boolean;
  /** What the ACS reads (the ACS cross-check). */
  answerFields?: AnswerFieldExpectation[];
  /** The task's labels (the config's), which label lists in the template are checked against. */
  knownLabels?: string[];
  /** The config's consolidation.keepFields. */
  keptFields?: string[];
}

// One failing template per rule (and per distinct way a rule fires).
const cases: Case[] = [
  { rule: 'liquid-syntax', severity: 'error', body: `<crowd-form>${field}\n{% if task.input.text %}</crowd-form>`, at: [3, 1], says: 'not closed' },
  { rule: 'liquid-syntax', severity: 'error', body: `<crowd-form>${field}{% include "header" %}</crowd-form>`, at: [2, 59], says: 'tag "include" not found' },
  { rule: 'unknown-filter', severity: 'error', body: `<crowd-form>${field}<p>{{ task.input.text | to_s3_uri }}</p></crowd-form>`, at: [2, 83], says: 'unknown filter "to_s3_uri"' },
  { rule: 'unknown-filter', severity: 'error', body: `<crowd-form>${field}<img src="{{ task.input.taskObject | grant_read_acess }}"></crowd-form>`, at: [2, 96], says: 'did you mean "grant_read_access"?' },
  // walk150 #8: other dialects' names for a filter Ground Truth has.
  { rule: 'unknown-filter', severity: 'error', body: `<crowd-form>${field}<p data-x='{{ task.input.text | jsonify }}'></p></crowd-form>`, at: [2, 91], says: 'unknown filter "jsonify"; did you mean "to_json"?' },
  { rule: 'unknown-filter', severity: 'error', body: `<crowd-form>${field}<p>{{ task.input.text | safe }}</p></crowd-form>`, at: [2, 83], says: 'unknown filter "safe"; did you mean "skip_autoescape"?' },
  { rule: 'task-input-path', severity: 'error', body: `<crowd-form>${field}\n  <p>{{ task.input.sourceRef }}</p></crowd-form>`, at: [3, 9], says: 'task.input.sourceRef is not in the PRE output for any of the 2 sample line(s) (first: manifest.jsonl:1)' },
  { rule: 'task-input-path', severity: 'error', body: `<crowd-form>${field}{% for item in task.input.items %}<i>{{ item.name }}</i>{% endfor %}</crowd-form>`, at: [2, 96], says: 'task.input.items[1].name is not in the PRE output for 1 of 2' },
  { rule: 'task-input-path', severity: 'error', body: `<crowd-form>${field}{% assign t = task.input.txt %}<p>{{ t }}</p></crowd-form>`, at: [2, 73], says: 'task.input.txt' },
  { rule: 'task-input-path', severity: 'error', body: `<crowd-form>${field}{{ task.inputs.text }}</crowd-form>`, at: [2, 62], says: 'task.inputs' },
  { rule: 'render-error', severity: 'error', body: `<crowd-form>${field}{% for i in (1..100000000) %}{{ i }}{% endfor %}</crowd-form>`, at: [2, 59], says: 'rendering for manifest.jsonl:1 fails' },
  { rule: 'missing-crowd-script', severity: 'error', body: `<crowd-form>${field}</crowd-form>`, at: [1, 1], says: 'does not load their script', noScript: true },
  { rule: 'missing-crowd-script', severity: 'error', body: `{% if task.input.v1 %}${script}{% endif %}<crowd-form>${field}</crowd-form>`, at: [1, 23], says: 'Liquid leaves this <script> out of the page when rendered for manifest.jsonl:1, so none of the Crowd HTML Elements on that page works', noScript: true },
  { rule: 'template-too-large', severity: 'warning', body: `<crowd-form>${field}</crowd-form>\n<!--${'x'.repeat(128_000)}-->`, at: [3, 127857], says: "Ground Truth's preview (RenderUiTemplate, as the console and the API use it) refuses more than 128,000, and whether a labeling job accepts a longer one is not documented" },
  { rule: 'template-too-large', severity: 'error', body: `<crowd-form>${field}</crowd-form>\n<!--${'x'.repeat(1_000_000)}-->`, at: [3, 999857], says: 'gtkit reads at most 1,000,000 (its own guard against runaway files' },
  { rule: 'module-script', severity: 'error', body: `<script type="module">import x from './x.js';</script><crowd-form>${field}</crowd-form>`, at: [2, 1], says: 'type="module"' },
  { rule: 'no-crowd-form', severity: 'error', body: field, at: [1, 1], says: 'no <crowd-form>' },
  { rule: 'no-crowd-form', severity: 'error', body: `{% if task.input.ready %}<crowd-form>{% endif %}${field}{% if task.input.ready %}</crowd-form>{% endif %}`, at: [2, 26], says: 'Liquid leaves this <crowd-form> out of the page when rendered for manifest.jsonl:1, so workers cannot submit an answer' },
  { rule: 'multiple-crowd-forms', severity: 'error', body: `<crowd-form>${field}</crowd-form>\n<crowd-form><crowd-input name="b"></crowd-input></crowd-form>`, at: [3, 1], says: 'a second <crowd-form>; the first is at 2:1. Each form submits only the fields inside it' },
  { rule: 'multiple-crowd-forms', severity: 'error', body: `{% for l in task.input.labels %}<crowd-form><crowd-input name="{{ l }}"></crowd-input></crowd-form>{% endfor %}`, at: [2, 33], says: 'this <crowd-form> is on the page more than once when rendered for manifest.jsonl:1 (it sits in a loop)' },
  { rule: 'element-inside-crowd-form', severity: 'error', body: `<crowd-form>\n  <crowd-entity-annotation name="e" header="h" text="t" labels='[{"label":"p"}]'></crowd-entity-annotation></crowd-form>`, at: [3, 3], says: '<crowd-entity-annotation> is inside <crowd-form>' },
  { rule: 'unknown-element', severity: 'error', body: `<crowd-form>${field}<crowd-clasifier name="c"></crowd-clasifier></crowd-form>`, at: [2, 59], says: 'did you mean <crowd-classifier>?' },
  { rule: 'unknown-element', severity: 'error', body: `<crowd-form>${field}<crowd-sparkle></crowd-sparkle></crowd-form>`, at: [2, 59], says: '<crowd-sparkle> is not a Crowd HTML Element' },
  { rule: 'unknown-element', severity: 'warning', body: `<crowd-form>${field}<short-instuctions>x</short-instuctions></crowd-form>`, at: [2, 59], says: 'did you mean <short-instructions>?' },
  { rule: 'unknown-element', severity: 'warning', body: `<script src="https://example.com/widgets.js"></script><crowd-form>${field}<crowd-sparkle name="s"></crowd-sparkle></crowd-form>`, at: [2, 113], says: '<crowd-sparkle> is not a Crowd HTML Element; <script src="https://example.com/widgets.js"> may define it' },
  { rule: 'unknown-element', severity: 'error', body: `<script src="https://example.com/widgets.js"></script><crowd-form>${field}<crowd-clasifier name="c"></crowd-clasifier></crowd-form>`, at: [2, 113], says: '<crowd-clasifier> is not a Crowd HTML Element; did you mean <crowd-classifier>?' },
  { rule: 'self-closing-element', severity: 'error', body: '<crowd-form><crowd-input name="a" /><p>swallowed</p></crowd-form>', at: [2, 13], says: 'not closed by browsers' },
  { rule: 'self-closing-element', severity: 'warning', body: `<crowd-form>${field}<crowd-button form-action="submit" /></crowd-form>`, at: [2, 59], says: 'not closed by browsers' },
  // Inside SVG `/>` closes, but <foreignObject> is HTML again.
  { rule: 'self-closing-element', severity: 'error', body: '<crowd-form><svg><foreignObject><crowd-input name="a" /></foreignObject></svg><p>swallowed</p></crowd-form>', at: [2, 33], says: 'not closed by browsers' },
  { rule: 'required-attribute', severity: 'error', body: `<crowd-form><crowd-bounding-box name="b" header="h" labels='["a"]'></crowd-bounding-box></crowd-form>`, at: [2, 13], says: 'has no src attribute' },
  { rule: 'required-attribute', severity: 'error', body: `<crowd-form><crowd-bounding-box name="b" header="h" labels='["a"]' {% if task.input.nope %}src="{{ task.input.taskObject | grant_read_access }}"{% endif %}></crowd-bounding-box></crowd-form>`, at: [2, 13], says: 'has no src attribute when rendered for manifest.jsonl:1' },
  { rule: 'required-attribute', severity: 'error', body: `<crowd-form><crowd-keypoint name="k" header="h" labels='["a"]' src="{{ task.input.gone | grant_read_access | default: '' }}"></crowd-keypoint></crowd-form>`, at: [2, 64], says: 'src of <crowd-keypoint> is empty when rendered for manifest.jsonl:1' },
  { rule: 'recommended-attribute', severity: 'warning', body: `<crowd-form><crowd-classifier name="c" categories='["a","b"]'><classification-target>x</classification-target></crowd-classifier></crowd-form>`, at: [2, 13], says: 'has no header' },
  { rule: 'missing-field-name', severity: 'error', body: '<crowd-form><crowd-input label="no name"></crowd-input></crowd-form>', at: [2, 13], says: 'has no name, so its answer is not submitted' },
  { rule: 'missing-field-name', severity: 'error', body: '<crowd-form><crowd-text-area name="{{ task.input.nothing }}"></crowd-text-area></crowd-form>', at: [2, 13], says: 'has an empty name when rendered for manifest.jsonl:1' },
  { rule: 'missing-field-name', severity: 'warning', body: `<crowd-form>${field}<input type="text" placeholder="x"></crowd-form>`, at: [2, 59], says: 'inside crowd-form has no name' },
  { rule: 'duplicate-field-name', severity: 'error', body: '<crowd-form><crowd-input name="a"></crowd-input>\n<crowd-text-area name="a"></crowd-text-area></crowd-form>', at: [3, 1], says: 'name "a" is used by <crowd-input> (at 2:13) and <crowd-text-area>; one answer overwrites the other' },
  { rule: 'duplicate-field-name', severity: 'error', body: '<crowd-form>{% for l in task.input.labels %}<crowd-input name="same"></crowd-input>{% endfor %}</crowd-form>', at: [2, 45], says: 'name "same" is used by <crowd-input> (at 2:45) and <crowd-input> when rendered for manifest.jsonl:1' },
  { rule: 'duplicate-field-name', severity: 'warning', body: `<crowd-form>${field}<select name="_"><option>x</option></select>\n<input type="hidden" name="_" value="_"></crowd-form>`, at: [3, 1], says: 'name "_" is used by <select> (at 2:59) and <input>; names starting with "_" are usually page helpers that AWS samples share on purpose, but whether Ground Truth leaves them out of the answer is not documented' },
  { rule: 'duplicate-field-name', severity: 'error', body: '<crowd-form><input type="radio" name="q" value="1"><input type="checkbox" name="q" value="2"></crowd-form>', at: [2, 52], says: 'name "q"' },
  { rule: 'unparseable-attribute', severity: 'error', body: `<crowd-form><crowd-classifier name="c" header="h" categories="['a', 'b'"></crowd-classifier></crowd-form>`, at: [2, 51], says: 'categories of <crowd-classifier> does not parse' },
  { rule: 'unparseable-attribute', severity: 'error', body: '<crowd-form><crowd-classifier name="c" header="h" categories="{{ task.input.labels }}"></crowd-classifier></crowd-form>', at: [2, 51], says: 'when rendered for manifest.jsonl:1' },
  { rule: 'unparseable-attribute', severity: 'error', body: `<crowd-form><crowd-classifier name="c" header="h" categories='{{ task.input.text | to_json | prepend: "[" }}'></crowd-classifier></crowd-form>`, at: [2, 51], says: 'does not parse when rendered' },
  { rule: 'unparseable-attribute', severity: 'error', body: `<crowd-form><crowd-classifier-multi-select name="c" header="h" categories='["a"]' exclusion-category="None"></crowd-classifier-multi-select></crowd-form>`, at: [2, 83], says: 'exclusion-category' },
  { rule: 'unparseable-attribute', severity: 'error', body: `<crowd-form><crowd-classifier name="c" header="h" categories='{"a": 1}'></crowd-classifier></crowd-form>`, at: [2, 51], says: 'expected a list, got object' },
  { rule: 'too-many-labels', severity: 'error', body: `<crowd-form><crowd-bounding-box name="b" header="h" src="{{ task.input.taskObject | grant_read_access }}" labels="{{ task.input.labels | to_json | escape }}"></crowd-bounding-box></crowd-form>`, at: [2, 107], says: 'gets 12 labels when rendered for manifest.jsonl:2; it allows at most 10' },
  { rule: 'no-labels', severity: 'error', body: `<crowd-form><crowd-classifier name="c" header="h" categories="[]"><classification-target>x</classification-target></crowd-classifier></crowd-form>`, at: [2, 51], says: '<crowd-classifier> gets an empty categories list: workers have nothing to choose' },
  { rule: 'no-labels', severity: 'error', body: `<crowd-form><crowd-polygon name="p" header="h" src="x.png" labels='[{% for l in task.input.labels %}{% if l == "none" %}"{{ l }}"{% endif %}{% endfor %}]'></crowd-polygon></crowd-form>`, at: [2, 60], says: 'gets an empty labels list when rendered for manifest.jsonl:1' },
  // A list chosen by {% if %} inside the start tag is judged on each page: line 1 gets the empty one.
  { rule: 'no-labels', severity: 'error', body: `<crowd-form><crowd-classifier name="c" header="h" {% if task.input.text == "none" %} categories='["a"]' {% else %} categories='[]' {% endif %}><classification-target>x</classification-target></crowd-classifier></crowd-form>`, at: [2, 86], says: 'gets an empty categories list when rendered for manifest.jsonl:1' },
  { rule: 'too-many-labels', severity: 'error', body: `<crowd-form><crowd-image-classifier name="c" header="h" src="x.png" categories="[${Array.from({ length: 11 }, (_, i) => `'c${i}'`).join(', ')}]"></crowd-image-classifier></crowd-form>`, at: [2, 69], says: 'gets 11 categories; it allows at most 10' },
  { rule: 's3-uri-not-presigned', severity: 'error', body: `<crowd-form>${field}<img src="{{ task.input.taskObject }}"></crowd-form>`, at: [2, 64], says: 'src of <img> is s3://bucket/k.jpg when rendered for manifest.jsonl:1' },
  { rule: 's3-uri-not-presigned', severity: 'error', body: `<crowd-form>${field}<video src="s3://bucket/static.mp4"></video></crowd-form>`, at: [2, 66], says: 'src of <video> is s3://bucket/static.mp4' },
  { rule: 's3-uri-not-presigned', severity: 'error', body: `<crowd-form>${field}<a href="{{ task.input.taskObject }}">open</a></crowd-form>`, at: [2, 62], says: 'href of <a> is s3://bucket/k.jpg when rendered for manifest.jsonl:1, which a browser cannot follow' },
  { rule: 's3-uri-as-text', severity: 'warning', body: `<crowd-form>${field}<blockquote>{{ task.input.taskObject }}</blockquote></crowd-form>`, at: [2, 71], says: '<blockquote> shows the address s3://bucket/k.jpg when rendered for manifest.jsonl:1, not the object' },
  { rule: 's3-uri-as-text', severity: 'warning', body: `<crowd-entity-annotation name="e" header="h" labels='[{"label":"p"}]' text="{{ task.input.taskObject }}"></crowd-entity-annotation>`, at: [2, 71], says: 'text of <crowd-entity-annotation> is the address s3://bucket/k.jpg when rendered for manifest.jsonl:1, so workers label the address' },
  { rule: 'never-closed', severity: 'error', body: `<crowd-form><crowd-classifier name="c" header="h" categories='["a","b"]'><!-- the text\n<classification-target>{{ task.input.text }}</classification-target></crowd-classifier></crowd-form>`, at: [2, 74], says: '<!-- is never closed with -->, so a browser reads the rest of the page into the comment: <classification-target> (at 3:1) and everything after it never show' },
  { rule: 'never-closed', severity: 'error', body: `<crowd-form><textarea name="note" />\n${field}</crowd-form>`, at: [2, 13], says: '<textarea> has no </textarea>, so a browser reads the rest of the page into its text: <crowd-input> (at 3:1)' },
  { rule: 'never-closed', severity: 'error', body: `<crowd-form>${field}</crowd-form>\n<script>document.title = 'x';`, at: [3, 1], says: '<script> has no </script>, so a browser never runs it' },
  { rule: 'never-closed', severity: 'error', body: `<crowd-form>${field}<!-- note {% if task.input.nope %}-->{% endif %}<p>{{ task.input.text }}</p></crowd-form>`, at: [2, 59], says: '<!-- is never closed with --> when rendered for manifest.jsonl:1, so a browser reads the rest of the page into the comment: <p> (at 2:107)' },
  { rule: 'never-closed', severity: 'warning', body: `<crowd-form>${field}</crowd-form>\n<!-- end`, at: [3, 1], says: 'nothing is lost yet, but whatever is added after it will not show' },
  { rule: 'stray-quote', severity: 'error', body: '<crowd-form><crowd-input name="a label="A"></crowd-input></crowd-form>', at: [2, 41], says: '<crowd-input> has an attribute named a": a quote is missing or doubled before it, so name is "a label="' },
  { rule: 'no-crowd-form', severity: 'error', body: `<!-- header\n<crowd-form>${field}</crowd-form>`, at: [1, 1], says: 'a browser sees no <crowd-form>, so workers cannot submit an answer: the <!-- at 2:1 is never closed and takes in the <crowd-form> after it' },
  { rule: 'skip-autoescape-task-input', severity: 'error', body: `<crowd-form>${field}<div>{{ task.input.text | skip_autoescape }}</div></crowd-form>`, at: [2, 64], says: 'without escaping' },
  { rule: 'skip-autoescape-task-input', severity: 'error', body: `<crowd-form>${field}{% assign html = task.input.text %}<div>{{ html | upcase | skip_autoescape }}</div></crowd-form>`, at: [2, 99], says: 'without escaping', withInputs: false },
  { rule: 'skip-autoescape-task-input', severity: 'error', body: `<crowd-form>${field}{% for item in task.input.items %}{{ item.name | skip_autoescape }}{% endfor %}</crowd-form>`, at: [2, 93], says: 'without escaping' },
  { rule: 'unverified-escaping', severity: 'warning', body: `<crowd-form>${field}</crowd-form>\n<script>\n  const meta = {{ task.input.items | to_json }};</script>`, at: [4, 16], says: "{{ task.input.items | to_json }} in a <script>: gtkit writes to_json's JSON unescaped, but whether Ground Truth escapes it is not documented; if it does, the JSON reads {&quot;…&quot;} and the script fails in a real job" },
  { rule: 'unverified-escaping', severity: 'warning', body: `<crowd-form>${field}</crowd-form><script>const url = "{{ task.input.taskObject | grant_read_access }}";</script>`, at: [2, 93], says: 'in a <script>: gtkit HTML-escapes the URL grant_read_access returns, so its & reads &amp; and the script fails in the preview' },
  { rule: 'unverified-escaping', severity: 'warning', body: `<crowd-form>${field}</crowd-form><style>.bg { background: url({{ task.input.taskObject | s3_presign }}) }</style>`, at: [2, 101], says: 'in a <style>: gtkit HTML-escapes the URL s3_presign returns, so its & reads &amp; and the style rule breaks in the preview' },
  { rule: 'field-outside-crowd-form', severity: 'error', body: `<crowd-form>${field}</crowd-form>\n<crowd-checkbox name="sure">Sure</crowd-checkbox>`, at: [3, 1], says: '<crowd-checkbox> is outside <crowd-form>, so its answer is never submitted' },
  { rule: 'field-outside-crowd-form', severity: 'error', body: `<crowd-form>${field}</crowd-form><input type="hidden" name="extra">`, at: [2, 72], says: '<input name="extra"> is outside <crowd-form>, so its value is never submitted' },
  { rule: 'initial-value-label', severity: 'error', body: `<crowd-form><crowd-keypoint name="k" header="h" src="x.png" labels="['nose', 'eye']" initial-value="[{label: 'ear', x: 1, y: 2}]"></crowd-keypoint></crowd-form>`, at: [2, 86], says: `initial-value of <crowd-keypoint> uses label "ear", which is not in its labels ("nose", "eye")` },
  { rule: 'initial-value-label', severity: 'error', body: `<crowd-form><crowd-keypoint name="k" header="h" src="x.png" labels='${JSON.stringify(Array.from({ length: 12 }, (_, i) => `k${i}`))}' initial-value='${JSON.stringify(Array.from({ length: 12 }, (_, i) => ({ label: `u${i}`, x: 1, y: 2 })))}'></crowd-keypoint></crowd-form>`, at: [2, 134], says: 'uses labels "u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9" and 2 more, which are not in its labels ("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9" and 2 more)' },
  { rule: 'initial-value-label', severity: 'error', body: `<crowd-form><crowd-keypoint name="k" header="h" src="x.png" labels="{{ task.input.labels | to_json | escape }}" initial-value="[{label: 'cat', x: 1, y: 2}]"></crowd-keypoint></crowd-form>`, at: [2, 113], says: 'uses label "cat" when rendered for manifest.jsonl:2' },
  { rule: 'initial-value-label', severity: 'warning', body: `<crowd-form><crowd-bounding-box name="b" header="h" src="x.png" labels="['car']" initial-value="[{label: 'bus', left: 1, top: 2, width: 3, height: 4}]"></crowd-bounding-box></crowd-form>`, at: [2, 82], says: 'initial-value of <crowd-bounding-box> uses label "bus", which is not in its labels ("car"); workers cannot pick that label' },
  { rule: 'initial-value-label', severity: 'warning', body: `<crowd-form><crowd-line name="l" header="h" src="x.png" labels="['lane']" initial-value='{"lines": [{"label": "kerb", "vertices": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]}]}'></crowd-line></crowd-form>`, at: [2, 75], says: 'initial-value of <crowd-line> uses label "kerb"' },
  { rule: 'initial-value-label', severity: 'warning', body: `<crowd-form><crowd-semantic-segmentation name="s" header="h" src="x.png" labels="['sky']" initial-value='{"src": "m.png", "labelMappings": {"road": {"color": "#2ca02c"}}}'></crowd-semantic-segmentation></crowd-form>`, at: [2, 91], says: 'initial-value of <crowd-semantic-segmentation> uses label "road"' },
  { rule: 'label-mismatch', severity: 'error', body: `<crowd-form><crowd-classifier name="category" header="h" categories='["refund", "shipping", "other"]'><classification-target>x</classification-target></crowd-classifier></crowd-form>`, at: [2, 58], says: `<crowd-classifier> offers label "shipping", not among the task's labels (categories offers "refund", "shipping", "other"; the task's labels are "refund", "delivery", "other"): the text-classification ACS knows only the task's labels, so it sets aside each answer that chooses it`, answerFields: categoryDecoded, knownLabels: ['refund', 'delivery', 'other'] },
  { rule: 'label-mismatch', severity: 'warning', body: `<crowd-form><crowd-classifier name="category" header="h" categories='["refund", "shipping", "other"]'><classification-target>x</classification-target></crowd-classifier></crowd-form>`, at: [2, 58], says: `<crowd-classifier> never offers the task's label "delivery" (categories offers "refund", "shipping", "other"; the task's labels are "refund", "delivery", "other"): workers can never choose it`, answerFields: categoryDecoded, knownLabels: ['refund', 'delivery', 'other'] },
  { rule: 'label-mismatch', severity: 'error', body: `<crowd-form><crowd-bounding-box name="annotatedResult" header="h" src="x.png" labels="{{ task.input.labels | to_json | escape }}"></crowd-bounding-box></crowd-form>`, at: [2, 79], says: `<crowd-bounding-box> offers labels "cat", "dog", not among the task's labels (labels offers "cat", "dog" when rendered for manifest.jsonl:1; the task's labels are "car", "pedestrian")`, knownLabels: ['car', 'pedestrian'] },
  { rule: 'element-outside-parent', severity: 'error', body: `<crowd-form>\n<crowd-radio-button name="yes" value="yes">Yes</crowd-radio-button></crowd-form>`, at: [3, 1], says: '<crowd-radio-button> is not inside <crowd-radio-group>' },
  { rule: 'element-outside-parent', severity: 'error', body: `<crowd-form>${field}<crowd-tab header="A">a</crowd-tab></crowd-form>`, at: [2, 59], says: '<crowd-tab> is not inside <crowd-tabs>' },
  { rule: 'element-outside-parent', severity: 'error', body: `<crowd-form>${field}<classification-target>x</classification-target></crowd-form>`, at: [2, 59], says: '<classification-target> is not inside <crowd-classifier> or <crowd-classifier-multi-select>' },
  { rule: 'element-outside-parent', severity: 'error', body: `<crowd-form>${field}<worker-comment header="Problem?"></worker-comment></crowd-form>`, at: [2, 59], says: '<worker-comment> is not inside <crowd-image-classifier> or <crowd-image-classifier-multi-select>; only an image classifier submits the comment' },
  { rule: 'element-outside-parent', severity: 'warning', body: `<crowd-form>${field}<short-summary>Pick one.</short-summary></crowd-form>`, at: [2, 59], says: '<short-summary> is not inside <crowd-instructions>' },
  { rule: 'unsupported-attribute', severity: 'warning', body: `<crowd-form><crowd-radio-group><crowd-radio-button name="ok" value="ok" required>OK</crowd-radio-button></crowd-radio-group></crowd-form>`, at: [2, 73], says: '<crowd-radio-button> does not support required, so workers can submit without choosing' },
  { rule: 'missing-crowd-script', severity: 'error', body: `<crowd-form>\n<crowd-text-ranking name="r" responses='["a","b"]' ordinal-ranking-dimensions='[{"name":"Clarity","allowTie":true}]'></crowd-text-ranking></crowd-form>`, at: [3, 1], says: '<crowd-text-ranking> is a V2 element, but the template loads only the v1 script' },
  { rule: 'missing-crowd-script', severity: 'error', body: `${v2}<crowd-form>${field}</crowd-form>`, at: [2, 13], says: '<crowd-input> needs the v1 script (crowd-html-elements.js), but the template loads only the V2 one', noScript: true },
  { rule: 'missing-crowd-script', severity: 'warning', body: `<script src="https://assets.crowd.aws/crowd-html-elements-v2.js"></script>\n<crowd-form>\n<crowd-text-ranking name="r" responses='["a","b"]' ordinal-ranking-dimensions='[{"name":"Clarity","allowTie":true}]'></crowd-text-ranking></crowd-form>`, at: [3, 1], says: 'loads the V2 script but not the V2 stylesheet', noScript: true },
  { rule: 'v2-element-mix', severity: 'error', body: `${v2}<crowd-form><crowd-text-ranking name="r" responses='["a","b"]' ordinal-ranking-dimensions='[{"name":"Clarity","allowTie":true}]'></crowd-text-ranking>\n${field}</crowd-form>`, at: [3, 1], says: '<crowd-input> is mixed with the V2 element <crowd-text-ranking> (line 2)', noScript: true },
  { rule: 'answer-shape', severity: 'error', body: `<crowd-form>\n  <select name="category">{% for l in task.input.labels %}<option>{{ l }}</option>{% endfor %}</select></crowd-form>`, at: [3, 3], says: '<select name="category"> submits a string, but the text-classification ACS decodes answerContent.category as {"label": …}, so every object fails consolidation', answerFields: categoryDecoded },
  { rule: 'answer-shape', severity: 'warning', body: `<crowd-form>\n  <crowd-input name="category"></crowd-input></crowd-form>`, at: [3, 3], says: 'every object fails consolidation if acs.ts (consolidation.answerFields in the config) decodes it that way', answerFields: categoryMaybeDecoded },
  { rule: 'answer-field', severity: 'error', body: `<crowd-form>\n<crowd-classifier name="intent" header="h" categories='["a","b"]'><classification-target>x</classification-target></crowd-classifier></crowd-form>`, at: [2, 1], says: 'no field is named "category" when rendered for manifest.jsonl:1, but the text-classification ACS reads the answer from answerContent.category', answerFields: categoryReader },
  { rule: 'kept-field-not-submitted', severity: 'warning', body: `<crowd-form>\n<crowd-classifier name="category" header="h" categories='["a","b"]'><classification-target>x</classification-target></crowd-classifier></crowd-form>`, at: [2, 1], says: 'consolidation.keepFields in gtkit.config.ts names "coment", but no field of the template is named "coment" on any rendered page', answerFields: categoryReader, keptFields: ['coment'] },
  { rule: 'unkept-field', severity: 'warning', body: `<crowd-form>\n<crowd-classifier name="category" header="h" categories='["a","b"]'><classification-target>x</classification-target></crowd-classifier>\n<crowd-text-area name="comment"></crowd-text-area></crowd-form>`, at: [4, 1], says: 'the template submits "comment" (<crowd-text-area>), but the ACS consolidates only "category" and does not keep "comment"', answerFields: categoryReader },
];

describe('one failing template per rule', () => {
  it.each(cases)('$rule ($severity): $says', async ({ rule, severity, body, at, says, withInputs, noScript, answerFields, knownLabels, keptFields }) => {
    const findings = noScript ? await lintTemplate(body, { file: 't.html', taskInputs: inputs }) : await lint(body, withInputs ?? true, answerFields, knownLabels, keptFields);
    const hit = findings.find((f) => f.ruleId === rule && f.severity === severity);
    expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
    const f = hit as LintFinding;
    expect(f.message).toContain(says);
    expect([f.line, f.column]).toEqual(at);
    expect(f.file).toBe('t.html');
    expect(f.hint.length).toBeGreaterThan(10);
  });

  it('every registered rule has a failing template here', () => {
    const covered = new Set(cases.map((c) => c.rule));
    for (const rule of lintRules) expect(covered.has(rule.id), rule.id).toBe(true);
  });

  it('rule ids are unique, kebab-case and described', () => {
    const ids = lintRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of lintRules) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description.length).toBeGreaterThan(10);
    }
  });
});

describe('what each finding says', () => {
  it('over RenderUiTemplate\'s limit: a warning where the limit falls, and every other rule still runs', async () => {
    const source = `${script}<crowd-form>${field}<crowd-bogus></crowd-bogus></crowd-form>\n<!--${'x'.repeat(128_000)}-->`;
    const findings = await lintTemplate(source, { file: 'big.html', taskInputs: inputs });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['unknown-element', 'error'],
      ['template-too-large', 'warning'],
    ]);
    const finding = findings[1];
    expect(finding).toMatchObject({ line: 3, column: 128_000 - source.indexOf('<!--') + 1 });
    expect(finding?.message).toBe(`the template has ${source.length.toLocaleString('en-US')} characters; Ground Truth's preview (RenderUiTemplate, as the console and the API use it) refuses more than 128,000, and whether a labeling job accepts a longer one is not documented (this is where the limit falls)`);
    expect(finding?.hint).toBe('move large scripts, styles and instructions to files served from S3 or a CDN, to preview it in the console and to be safe in a job');
    // At the limit, nothing.
    const fits = `${script}<crowd-form>${field}</crowd-form>`;
    expect(await lintTemplate(fits + ' '.repeat(128_000 - fits.length), { file: 'fits.html' })).toEqual([]);
  });

  it('over gtkit\'s own cap: one error, at the character where the cap falls, and no other rule', async () => {
    const huge = `${script}<crowd-form><crowd-bogus></crowd-bogus></crowd-form>\n<!--${'x'.repeat(1_300_000)}-->`;
    const findings = await lintTemplate(huge, { file: 'huge.html' });
    expect(findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([['template-too-large', 'error', 3]]);
    expect(findings[0]?.message).toContain(`the template has ${huge.length.toLocaleString('en-US')} characters; gtkit reads at most 1,000,000`);
    expect(findings[0]?.column).toBe(1_000_000 - huge.indexOf('<!--') + 1);
  });

  it('a problem found in several renders is reported once, naming the first line', async () => {
    const findings = await lint(`<crowd-form>${field}<img src="{{ task.input.taskObject }}"></crowd-form>`);
    expect(findings.filter((f) => f.ruleId === 's3-uri-not-presigned')).toHaveLength(1);
  });

  it('a missing path read in a loop is one finding for the place, not one per item', async () => {
    const findings = await lint(`<crowd-form>${field}{% for item in task.input.items %}{{ item.nick }}{% endfor %}</crowd-form>`);
    const paths = findings.filter((f) => f.ruleId === 'task-input-path');
    expect(paths).toHaveLength(1);
    expect(paths[0]?.message).toContain('task.input.items[0].nick is not in the PRE output for any of the 2 sample line(s)');
  });

  it('without task inputs the PRE cross-check is skipped, the rest still runs', async () => {
    const findings = await lint(`<crowd-form>${field}<p>{{ task.input.sourceRef }}</p><crowd-bogus></crowd-bogus></crowd-form>`, false);
    expect(findings.map((f) => f.ruleId)).toEqual(['unknown-element']);
  });

  it('a template that does not parse still gets its HTML checked', async () => {
    const findings = await lintTemplate('<crowd-form><crowd-input></crowd-input>{% if x %}</crowd-form>', { file: 'x.html', taskInputs: inputs });
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['liquid-syntax', 'missing-crowd-script', 'missing-field-name']);
  });

  it('the ACS cross-check: any element or input with the name counts; a Liquid name waits for renders; the hint lists what is submitted', async () => {
    const classifier = (name: string) => `<crowd-form><crowd-classifier name="${name}" header="h" categories='["a"]'><classification-target>x</classification-target></crowd-classifier></crowd-form>`;
    expect(await lint(classifier('category'), true, categoryReader)).toEqual([]);
    // The other field, "a", is not consolidated: only unkept-field speaks.
    expect((await lint(`<crowd-form>${field}<input type="hidden" name="category"></crowd-form>`, true, categoryReader)).map((f) => f.ruleId)).toEqual(['unkept-field']);
    expect(await lint(classifier('{{ task.input.field }}'), false, categoryReader)).toEqual([]);
    const [finding] = await lint(classifier('intent'), false, categoryReader);
    expect(finding).toMatchObject({ ruleId: 'answer-field', message: expect.not.stringContaining('rendered for') });
    expect(finding?.hint).toContain('(the template submits "intent")');
    expect(await lint(classifier('intent'), true)).toEqual([]);
  });

  it('a field outside crowd-form is reported only when there is a crowd-form; without one, no-crowd-form says it once', async () => {
    const outside = '<crowd-checkbox name="sure">Sure</crowd-checkbox><input name="note">';
    expect((await lint(outside)).map((f) => f.ruleId)).toEqual(['no-crowd-form']);
    const findings = await lint(`<crowd-form>${field}</crowd-form>${outside}`);
    expect(findings.map((f) => [f.ruleId, f.message, f.hint])).toEqual([
      ['field-outside-crowd-form', '<crowd-checkbox> is outside <crowd-form>, so its answer is never submitted', 'move it inside <crowd-form> … </crowd-form>'],
      ['field-outside-crowd-form', '<input name="note"> is outside <crowd-form>, so its value is never submitted', 'move it inside <crowd-form> … </crowd-form>, or drop its name if the value is for the page only'],
    ]);
  });

  it('without a crowd-form, a named native field beside crowd-entity-annotation (which submits only its own form) is reported as a crowd element there is', async () => {
    const entity = (inside = '') => `<crowd-entity-annotation name="e" header="h" text="t" labels='[{"label":"p"}]'>${inside}</crowd-entity-annotation>`;
    const findings = await lint(`${entity()}\n<input name="note">`);
    expect(findings.map((f) => [f.ruleId, f.severity, f.line, f.column, f.message, f.hint])).toEqual([
      [
        'no-crowd-form',
        'error',
        3,
        1,
        'the template has no <crowd-form>, so <input name="note"> is never submitted: only <crowd-entity-annotation> has a form of its own, and it submits what sits inside it',
        'move it inside <crowd-entity-annotation> … </crowd-entity-annotation>, whose form then submits it',
      ],
    ]);
    // The same judgement as field-outside-crowd-form: a crowd-input there was already reported; inside the element, or without a name, nothing is lost.
    expect((await lint(`${entity()}\n<crowd-input name="note"></crowd-input>`)).map((f) => [f.ruleId, f.message])).toEqual([
      ['no-crowd-form', 'the template has no <crowd-form>, so <crowd-input> is never submitted: only <crowd-entity-annotation> has a form of its own, and it submits what sits inside it'],
    ]);
    expect(await lint(entity('<input name="note">'))).toEqual([]);
    expect(await lint(`${entity()}<input placeholder="for the page only">`)).toEqual([]);
  });

  it('a crowd-form or script left out by any Liquid block (a for over an empty list, an unless) is named as such, not as an {% if %}', async () => {
    const loop = await lint(`{% for x in task.input.none %}<crowd-form>{% endfor %}${field}{% for x in task.input.none %}</crowd-form>{% endfor %}`);
    expect(loop.map((f) => [f.ruleId, f.line, f.column, f.message, f.hint])).toEqual([
      ['no-crowd-form', 2, 31, 'Liquid leaves this <crowd-form> out of the page when rendered for manifest.jsonl:1, so workers cannot submit an answer', 'move the <crowd-form> (its start and end tags) out of the Liquid block (if, unless, case or for) around it'],
    ]);
    const unless = await lintTemplate(`{% unless task.input.text %}${script}{% endunless %}<crowd-form>${field}</crowd-form>`, { file: 't.html', taskInputs: inputs });
    expect(unless.map((f) => [f.ruleId, f.message, f.hint])).toEqual([
      ['missing-crowd-script', 'Liquid leaves this <script> out of the page when rendered for manifest.jsonl:1, so none of the Crowd HTML Elements on that page works', 'move the <script> out of the Liquid block (if, unless, case or for) around it'],
    ]);
  });

  it('keypoint initial-value labels: one finding per element, naming the labels to add', async () => {
    const findings = await lint(`<crowd-form><crowd-keypoint name="k" header="h" src="{{ task.input.taskObject | grant_read_access }}" labels="['nose']" initial-value="[{label: 'ear', x: 1, y: 2}, {label: 'eye', x: 3, y: 4}, {label: 'nose', x: 5, y: 6}]"></crowd-keypoint></crowd-form>`);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'initial-value-label',
        message: 'initial-value of <crowd-keypoint> uses labels "ear", "eye", which are not in its labels ("nose"); initial labels must be among the labels',
        hint: 'add "ear", "eye" to labels, or use only labels listed there in initial-value',
      }),
    ]);
    // Read as the stand-ins read them: numbers as their text, a missing label as "".
    const kp = (labels: string, initial: string) => lint(`<crowd-form><crowd-keypoint name="k" header="h" src="{{ task.input.taskObject | grant_read_access }}" labels="${labels}" initial-value="${initial}"></crowd-keypoint></crowd-form>`);
    expect(await kp('[1, 2]', "[{label: '1', x: 1, y: 2}, {label: 2, x: 3, y: 4}]")).toEqual([]);
    expect((await kp("['nose']", '[{x: 1, y: 2}]')).map((f) => f.message)).toEqual(['initial-value of <crowd-keypoint> uses label "", which is not in its labels ("nose"); initial labels must be among the labels']);
  });

  it('valid look-alikes of the parent, initial-value and V2 stylesheet checks stay clean', async () => {
    const clean = [
      `<crowd-form><crowd-image-classifier name="c" header="h" src="x.png" categories="['a']"><worker-comment header="Problem?"></worker-comment></crowd-image-classifier></crowd-form>`,
      `<crowd-form>${field}<crowd-instructions link-text="Help"><short-summary>Pick one.</short-summary><detailed-instructions>More.</detailed-instructions><positive-example>Yes</positive-example><negative-example>No</negative-example></crowd-instructions></crowd-form>`,
      `<crowd-form><crowd-bounding-box name="b" header="h" src="x.png" labels="['car', 'bus']" initial-value="[{label: 'bus', left: 1, top: 2, width: 3, height: 4}]"></crowd-bounding-box></crowd-form>`,
      `<crowd-form><crowd-polygon name="p" header="h" src="x.png" labels="['roof']" initial-value='[{"label": "roof", "vertices": [{"x": 1, "y": 2}, {"x": 3, "y": 4}, {"x": 5, "y": 1}]}]'></crowd-polygon></crowd-form>`,
      `<crowd-form><crowd-polyline name="p" header="h" src="x.png" labels="['lane']" initial-value='{"polylines": [{"label": "lane", "vertices": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]}]}'></crowd-polyline></crowd-form>`,
      `<crowd-form><crowd-semantic-segmentation name="s" header="h" src="x.png" labels="['sky']" initial-value='{"src": "m.png", "labelMappings": {"sky": {"color": "#2ca02c"}}}'></crowd-semantic-segmentation></crowd-form>`,
    ];
    for (const body of clean) expect(await lint(body, false), body).toEqual([]);
    const ranking = `<crowd-form><crowd-text-ranking name="r" responses='["a","b"]' ordinal-ranking-dimensions='[{"name":"Clarity","allowTie":true}]'></crowd-text-ranking></crowd-form>`;
    expect(await lintTemplate(v2 + ranking, { file: 't.html' })).toEqual([]);
  });

  it('polygon initial-value labels: the whole message', async () => {
    const shape = '{"label": "door", "vertices": [{"x": 1, "y": 2}, {"x": 3, "y": 4}, {"x": 5, "y": 1}]}';
    const findings = await lint(`<crowd-form><crowd-polygon name="p" header="h" src="x.png" labels="['roof']" initial-value='[${shape}, ${shape}]'></crowd-polygon></crowd-form>`, false);
    expect(findings.map((f) => [f.ruleId, f.severity, f.message, f.hint])).toEqual([
      ['initial-value-label', 'warning', 'initial-value of <crowd-polygon> uses label "door", which is not in its labels ("roof"); workers cannot pick that label, and what Ground Truth does with such a shape is not documented', 'add "door" to labels, or use only labels listed there in initial-value'],
    ]);
  });

  it('V2 elements with no script at all: the hint names the V2 script', async () => {
    const findings = await lintTemplate(`<crowd-form><crowd-text-ranking name="r" ordinal-ranking-dimensions='[{"name":"C","allowTie":true}]'></crowd-text-ranking></crowd-form>`, { file: 't.html' });
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'missing-crowd-script', hint: expect.stringContaining('crowd-html-elements-v2.js') })]);
  });

  it('findings come sorted by line and column, errors first', async () => {
    const findings = await lint(`<crowd-form><crowd-input></crowd-input>\n<crowd-bogus></crowd-bogus><crowd-classifier name="c" categories="['a']"><classification-target>x</classification-target></crowd-classifier></crowd-form>`);
    const places = findings.map((f) => [f.line, f.column]);
    expect(places).toEqual([...places].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)));
    expect(findings.map((f) => f.ruleId)).toEqual(['missing-field-name', 'unknown-element', 'recommended-attribute']);
  });
});
