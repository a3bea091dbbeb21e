import { describe, expect, it } from 'vitest';
import { lintTemplate } from '../../../templates/lint/index.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>\n';
const inputs = [
  { origin: 'manifest.jsonl:1', taskInput: { taskObject: 's3://bucket/k.jpg', labels: ['Cat', 'Dog'], text: "O'Neil & Sons", hint: 'look left', kind: 'a', items: [{ name: 'x' }] } },
  { origin: 'manifest.jsonl:2', taskInput: { taskObject: 's3://bucket/j.jpg', labels: ['Cat'], text: 'plain', kind: 'b', items: [] } },
];

// One valid template per idiom AWS's documentation uses; lint must not report anything for them.
const idioms: Array<[string, string]> = [
  [
    'JavaScript-style single-quoted arrays in attributes',
    `<crowd-form><crowd-image-classifier name="animal" header="Which animal?" src="{{ task.input.taskObject | grant_read_access }}" categories="['Cat', 'Dog', 'Bird']"></crowd-image-classifier></crowd-form>`,
  ],
  [
    'an object literal with unquoted keys (exclusion-category)',
    `<crowd-form><crowd-classifier-multi-select name="topics" header="Topics?" categories="['Sports', 'Politics']" exclusion-category="{ text: 'None of these' }"><classification-target>{{ task.input.text }}</classification-target></crowd-classifier-multi-select></crowd-form>`,
  ],
  [
    'Liquid inside attributes: text around an output, to_json in a single-quoted attribute',
    `<crowd-form><crowd-bounding-box name="boxes" header="Box every {{ task.input.labels | first | downcase }}" src="{{ task.input.taskObject | grant_read_access }}" labels='{{ task.input.labels | to_json }}'></crowd-bounding-box></crowd-form>`,
  ],
  [
    'Liquid tags around attributes',
    `<crowd-form><crowd-keypoint name="points" header="Mark it" src="{{ task.input.taskObject | grant_read_access }}" {% if task.input.hint %}labels='["nose", "{{ task.input.hint }}"]'{% else %}labels='["nose"]'{% endif %}></crowd-keypoint></crowd-form>`,
  ],
  [
    'an inline script that waits for all-crowd-elements-ready',
    `<crowd-form><crowd-input name="note" label="Note"></crowd-input></crowd-form>
<script>
  document.addEventListener('all-crowd-elements-ready', () => {
    const input = document.querySelector('crowd-input');
    if (input.value === '' && 1 < 2) input.value = '{{ task.input.text | escape }}';
  });
</script>`,
  ],
  [
    'a hidden input filled on submit',
    `<crowd-form>
  <crowd-polygon name="shapes" header="Outline" src="{{ task.input.taskObject | grant_read_access }}" labels="{{ task.input.labels | to_json | escape }}"></crowd-polygon>
  <input type="hidden" name="extra" id="extra">
</crowd-form>
<script>
  document.querySelector('crowd-form').addEventListener('submit', () => {
    document.getElementById('extra').value = JSON.stringify({ seen: Date.now() });
  });
</script>`,
  ],
  ['crowd-entity-annotation on its own, with no crowd-form', `<crowd-entity-annotation name="crowd-entity-annotation" header="Tag names" text="{{ task.input.text }}" labels="[{'label': 'person', 'shortDisplayName': 'per'}]"></crowd-entity-annotation>`],
  ['checkboxes and radios that share a name', '<crowd-form><crowd-checkbox name="issues" value="blurry">Blurry</crowd-checkbox><crowd-checkbox name="issues" value="dark">Dark</crowd-checkbox><input type="radio" name="ok" value="yes"><input type="radio" name="ok" value="no"></crowd-form>'],
  ['the same field name in two branches of an if', '<crowd-form>{% if task.input.kind == "a" %}<crowd-input name="answer" label="A"></crowd-input>{% else %}<crowd-text-area name="answer" label="B"></crowd-text-area>{% endif %}</crowd-form>'],
  ['fields with names built by Liquid in a loop', '<crowd-form>{% for l in task.input.labels %}<crowd-input name="count-{{ l }}" label="{{ l }}"></crowd-input>{% endfor %}</crowd-form>'],
  [
    'paths that may be missing, tested on purpose',
    '<crowd-form>{% if task.input.hint %}<p>{{ task.input.hint }}</p>{% endif %}{% unless task.input.hint %}<p>no hint</p>{% endunless %}<p>{{ task.input.note | default: "no note" }}</p>{% case task.input.mode %}{% when "x" %}x{% endcase %}{% for i in task.input.extras %}{{ i }}{% else %}none{% endfor %}<crowd-input name="a" label="A"></crowd-input></crowd-form>',
  ],
  ['filters that read item properties that may be absent', '<crowd-form><p>{{ task.input.items | map: "nick" | compact | join: ", " }}{{ task.input.items | where: "flag", true | size }}</p><crowd-input name="a" label="A"></crowd-input></crowd-form>'],
  ['a presigned path-style https URL and a public https image', `<crowd-form><img src="{{ 'https://s3.amazonaws.com/bucket/x.png' | grant_read_access }}" alt="x"><img src="https://example.com/logo.png" alt="logo"><crowd-input name="a" label="A"></crowd-input></crowd-form>`],
  ['an s3:// URI shown as text, not loaded', '<crowd-form><p>Object: {{ task.input.taskObject }}</p><crowd-input name="a" label="A"></crowd-input></crowd-form>'],
  [
    'an s3:// address in a script, a <template> or the title, and one the template writes itself',
    `<title>{{ task.input.taskObject }}</title><crowd-form><p>s3://bucket/readme.txt</p><template><p>{{ task.input.taskObject }}</p></template><crowd-input name="a" label="A"></crowd-input></crowd-form><script type="text/plain" id="key">{{ task.input.taskObject }}</script>`,
  ],
  [
    'comments closed every way a browser closes them, and text-only elements closed',
    `<!-- a --><!----><!--><!---><!-- b --!><!-- <crowd-form> inside a comment --><crowd-form><textarea name="note"></textarea><iframe src="https://example.com/x"></iframe><crowd-input name="a" label="A"></crowd-input></crowd-form><style>p { color: red }</style><script>const s = "<!--";</script>{% comment %}<!-- {% endcomment %}<svg><title/><style/><rect width="1" height="1"/></svg>`,
  ],
  ['skip_autoescape on trusted text the template wrote itself', '<crowd-form>{% capture intro %}<b>Read</b> {{ task.input.text }}{% endcapture %}{{ intro | skip_autoescape }}{{ "<hr>" | skip_autoescape }}{% assign safe = task.input.text | escape %}{{ safe | skip_autoescape }}<crowd-input name="a" label="A"></crowd-input></crowd-form>'],
  ['svg shapes written self-closing, and the author\'s own custom elements', '<crowd-form><svg width="10" height="10"><path d="M0 0 L10 10"/><circle r="2"/></svg><my-widget></my-widget><crowd-input name="a" label="A"></crowd-input></crowd-form>'],
  ['Liquid comments and raw blocks that hold markup', '{% comment %}<crowd-bogus></crowd-bogus>{{ task.input.nope }}{% endcomment %}{% raw %}<p>{{ not liquid }}</p>{% endraw %}<crowd-form><crowd-input name="a" label="A"></crowd-input></crowd-form>'],
  ['a submit button and plain buttons without names', '<crowd-form><crowd-input name="a" label="A"></crowd-input><input type="submit"><button type="button">Help</button><crowd-button form-action="submit" variant="primary">Send</crowd-button></crowd-form>'],
  ['crowd-instructions with its regions', '<crowd-form><crowd-instructions link-text="Instructions" link-type="button"><short-summary>Do it</short-summary><detailed-instructions>All of it</detailed-instructions><positive-example>Yes</positive-example><negative-example>No</negative-example></crowd-instructions><crowd-text-area name="t" label="T"></crowd-text-area></crowd-form>'],
  [
    'radio buttons in their group, each wrapped for layout (as AWS samples do)',
    '<crowd-form><p>Which?</p><crowd-radio-group><div><crowd-radio-button name="cat" value="cat">Cat</crowd-radio-button></div><label><crowd-radio-button name="dog" value="dog">Dog</crowd-radio-button></label></crowd-radio-group></crowd-form>',
  ],
  ['tabs in their tab set, with fields in a tab', '<crowd-form><crowd-tabs><crowd-tab header="Read"><p>{{ task.input.text }}</p></crowd-tab><crowd-tab header="Answer"><crowd-input name="a" label="A"></crowd-input></crowd-tab></crowd-tabs></crowd-form>'],
  [
    'a classification-target holding a video, inside the classifier',
    `<crowd-form><crowd-classifier name="action" header="What happens?" categories="{{ task.input.labels | to_json | escape }}"><classification-target><video width="100%" controls><source src="{{ task.input.taskObject | grant_read_access }}" type="video/mp4"></video></classification-target><full-instructions header="How">Watch it.</full-instructions><short-instructions>Pick one</short-instructions></crowd-classifier></crowd-form>`,
  ],
  [
    'keypoint initial-value using labels the PRE provides',
    `<crowd-form><crowd-keypoint name="points" header="Adjust" src="{{ task.input.taskObject | grant_read_access }}" labels="{{ task.input.labels | to_json | escape }}" initial-value="[{label: 'Cat', x: 10, y: 20}]"></crowd-keypoint></crowd-form>`,
  ],
  ['keypoint initial-value written out with its labels', `<crowd-form><crowd-keypoint name="points" header="Mark" src="{{ task.input.taskObject | grant_read_access }}" labels="['Item A', 'Item B']" initial-value="[{label: 'Item A', x: 10, y: 20}, {label: 'Item B', x: 1, y: 2}]"></crowd-keypoint></crowd-form>`],
  [
    'page controls outside crowd-form: unnamed inputs for the page, and named fields in a <template> a script clones in',
    `<div class="toolbar"><input type="range" id="zoom" min="1" max="4"><select id="theme"><option>light</option></select><button type="button">Reset</button></div>
<template id="row"><crowd-input name="extra" label="Extra"></crowd-input></template>
<crowd-form><crowd-input name="a" label="A"></crowd-input><div id="rows"></div></crowd-form>`,
  ],
  [
    'V2 elements with the V2 script, beside crowd-form, crowd-tabs, short-instructions and crowd-button',
    `<script src="https://assets.crowd.aws/crowd-html-elements-v2.js"></script>
<link rel="stylesheet" href="https://assets.crowd.aws/css/crowd-html-elements-v2.css">
<crowd-form><short-instructions>Rank the responses.</short-instructions><crowd-tabs><crowd-tab header="Rank"><crowd-text-ranking name="ranking" text="{{ task.input.text }}" responses="{{ task.input.labels | to_json | escape }}" ordinal-ranking-dimensions='[{"name":"Clarity","allowTie":true}]'></crowd-text-ranking></crowd-tab></crowd-tabs><crowd-button form-action="submit">Submit</crowd-button></crowd-form>`,
  ],
  ['the script loaded protocol-relative', '<crowd-form><crowd-input name="a" label="A"></crowd-input></crowd-form>'],
  [
    'optional fields read through a variable tested before use, or looped over (an empty loop renders nothing)',
    '<crowd-form>{% assign h = task.input.hint %}{% if h %}<p>{{ h }}</p>{% endif %}{% assign n = task.input.note %}<p>{{ n | default: "no note" }}</p><ul>{% for x in task.input.extras %}<li>{{ x }}</li>{% endfor %}</ul>{% liquid\n  assign e = task.input.extra\n  if e\n    echo e\n  endif\n%}<crowd-input name="a" label="A"></crowd-input></crowd-form>',
  ],
  [
    'crowd-entity-annotation with extra questions inside it and no crowd-form (AWS sample: a script moves them into its form)',
    `<crowd-entity-annotation name="crowd-entity-annotation" header="Tag names" text="{{ task.input.text }}" labels="[{'label': 'person', 'shortDisplayName': 'per'}]"><div id="additionalQuestions"><crowd-radio-group><crowd-radio-button name="tech" value="tech">Technology</crowd-radio-button><crowd-radio-button name="politics" value="politics">Politics</crowd-radio-button></crowd-radio-group></div></crowd-entity-annotation>
<script>document.addEventListener('all-crowd-elements-ready', () => { document.querySelector('crowd-entity-annotation').shadowRoot.querySelector('crowd-form').form.appendChild(additionalQuestions); });</script>`,
  ],
  [
    'a crowd-* component the page defines itself',
    `<script>class Skeleton extends HTMLElement {}\ncustomElements.define('crowd-2d-skeleton', Skeleton);</script><crowd-form><crowd-2d-skeleton img-src="{{ task.input.taskObject | grant_read_access }}"></crowd-2d-skeleton><crowd-input name="a" label="A"></crowd-input></crowd-form>`,
  ],
  [
    'one crowd-form per branch of an if',
    '{% if task.input.kind == "a" %}<crowd-form><crowd-input name="a" label="A"></crowd-input></crowd-form>{% else %}<crowd-form><crowd-text-area name="a" label="B"></crowd-text-area></crowd-form>{% endif %}',
  ],
];

/** The v1 script, protocol-relative for that idiom; none for a body that loads its own (the V2 one). */
const headFor = (name: string, body: string) =>
  name === 'the script loaded protocol-relative' ? '<script src="//assets.crowd.aws/crowd-html-elements.js"></script>\n' : body.startsWith('<script src=') ? '' : script;

describe('tolerated idioms: templates written the way AWS documents them lint clean', () => {
  it.each(idioms)('%s', async (name, body) => {
    const head = headFor(name, body);
    const findings = await lintTemplate(head + body, { file: 't.html', taskInputs: inputs });
    expect(findings).toEqual([]);
  });

  it('and lint clean without task inputs too', async () => {
    for (const [name, body] of idioms) {
      const head = headFor(name, body);
      expect(await lintTemplate(head + body, { file: 't.html' }), name).toEqual([]);
    }
  });
});

// helper-54: escaped task input is safe as it is, but a filter that reads it as text decodes it
// first (html-filters.ts), so after such a filter skip_autoescape writes the raw input again.
describe('skip_autoescape after task input was escaped, then read as text', () => {
  const form = (body: string) => `<script src="https://assets.crowd.aws/crowd-html-elements.js"></script><crowd-form>${body}<crowd-input name="a" label="A"></crowd-input></crowd-form>`;
  const warned = async (body: string) => (await lintTemplate(form(body), { file: 't.html' })).filter((f) => f.ruleId === 'skip-autoescape-task-input').length;

  it('warns for a capture, an escaped assign or an escape put through truncate, replace or split', async () => {
    expect(await warned('{% capture c %}{{ task.input.s }}{% endcapture %}{{ c | truncate: 200 | skip_autoescape }}')).toBe(1);
    expect(await warned('{% assign e = task.input.s | escape %}{{ e | replace: "x", "y" | skip_autoescape }}')).toBe(1);
    expect(await warned('{{ task.input.s | escape | truncate: 50 | skip_autoescape }}')).toBe(1);
    expect(await warned('{% capture c %}<b>{{ task.input.s }}</b>{% endcapture %}{% assign d = c | split: "," | join: "" %}{{ d | skip_autoescape }}')).toBe(1);
  });

  it('stays quiet while only filters that keep HTML follow the escape', async () => {
    expect(await warned('{% capture c %}{{ task.input.s }}{% endcapture %}{{ c | upcase | append: "!" | skip_autoescape }}')).toBe(0);
    expect(await warned('{{ task.input.s | truncate: 50 | escape | skip_autoescape }}')).toBe(0);
    expect(await warned('{% capture c %}<b>static</b>{% endcapture %}{{ c | truncate: 5 | skip_autoescape }}')).toBe(0);
  });
});
