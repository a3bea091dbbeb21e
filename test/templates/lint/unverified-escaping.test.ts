import { describe, expect, it } from 'vitest';
import { deterministicResolver, localResolver, renderTemplate } from '../../../templates/engine/index.ts';
import { lintTemplate, type LintFinding } from '../../../templates/lint/index.ts';

// Reference §3.4: whether Ground Truth escapes after to_json / grant_read_access is unverified.
// gtkit writes to_json raw and escapes a presigned URL; where the browser reads the text raw
// (a script, a style), the two readings give different pages.

const head = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script><crowd-form><crowd-input name="a" label="A"></crowd-input></crowd-form>\n';
const input = { meta: { k: "O'Neil & <b>" }, taskObject: 's3://bucket/a b.jpg', x: '<img src=x onerror=alert(1)>', objects: ['s3://bucket/k.png'] };
const lint = (body: string, withInput = true) => lintTemplate(head + body, { file: 't.html', ...(withInput ? { taskInputs: [{ origin: 'manifest.jsonl:1', taskInput: input }] } : {}) });
const ruleFindings = async (body: string, rule: string): Promise<LintFinding[]> => (await lint(body)).filter((f) => f.ruleId === rule);
const warned = (body: string) => ruleFindings(body, 'unverified-escaping');

describe('unverified-escaping: where the reading changes the page', () => {
  it.each([
    ['a script', '<script>const meta = {{ task.input.meta | to_json }};</script>'],
    ['a JSON script block', '<script type="application/json" id="meta">{{ task.input.meta | to_json }}</script>'],
    ['a script, inside an if', '<script>{% if task.input.meta %}const meta = {{ task.input.meta | to_json }};{% endif %}</script>'],
    ['a chain that goes on after to_json', '<script>const s = {{ task.input.meta | to_json | append: ";" }}</script>'],
    ['an echo tag', '<script>const meta = {% echo task.input.meta | to_json %};</script>'],
    ['an echo in a liquid tag', '<script>const meta = {% liquid\n  echo task.input.meta | to_json\n%};</script>'],
    ['an xmp block', '<xmp>{{ task.input.meta | to_json }}</xmp>'],
    ['a script with attributes, left open at the end', '<script defer>const meta = {{ task.input.meta | to_json }};'],
    ['a script in SVG foreignObject (HTML again, raw text)', '<svg><foreignObject><script>const meta = {{ task.input.meta | to_json }};</script></foreignObject></svg>'],
  ])('to_json in %s: warned', async (_, body) => {
    const [finding, ...rest] = await warned(body);
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('warning');
    // Named as written: {{ … }}, {% echo … %}, or an echo line of a {% liquid %} tag.
    expect(finding?.message).toMatch(/^(\{\{ |\{% echo |echo )task\.input\.meta \| to_json.*( \}\}| %\})? in a <(script|xmp)>: gtkit writes to_json's JSON unescaped, but whether Ground Truth escapes it is not documented; if it does, the JSON reads \{&quot;…&quot;\} and /);
    expect(finding?.hint).toContain('data-x="{{ … | to_json | escape }}"');
  });

  it('points at the output, names it and gives the chain to write', async () => {
    const [finding] = await warned('<script>\n  const meta = {{ task.input.meta | to_json }};\n</script>');
    expect(finding).toMatchObject({ line: 3, column: 16, file: 't.html' });
    expect(finding?.hint).toBe(
      'pass the JSON in a double-quoted attribute and read it from there: data-x="{{ … | to_json | escape }}", then JSON.parse(element.dataset.x), right under every reading and for any data; for data that is not task input and cannot hold "</script>", {{ task.input.meta | to_json | skip_autoescape }} also writes the same under both readings',
    );
    const [echo] = await warned('<script>const m = {% echo task.input.meta | to_json %};</script>');
    expect(echo?.hint).toContain(', {% echo task.input.meta | to_json | skip_autoescape %} also writes');
    // An echo line of a {% liquid %} tag is named and rewritten as the line it is ({{ }} is no Liquid there).
    const [line] = await warned('<script>const m = {% liquid\n  echo task.input.meta | to_json\n%};</script>');
    expect(line?.message).toMatch(/^echo task\.input\.meta \| to_json in a <script>:/);
    expect(line?.hint).toContain(', echo task.input.meta | to_json | skip_autoescape also writes');
    const [long] = await warned(`<script>const m = {{ task.input.meta | default: "${'x'.repeat(80)}" | to_json }};</script>`);
    expect(long?.message).toMatch(/^\{\{ task\.input\.meta \| default: "x+… \}\} in a <script>/);
  });

  it.each([
    ['grant_read_access in a script', '<script>const url = "{{ task.input.taskObject | grant_read_access }}";</script>', 'grant_read_access', 'the script fails'],
    ['s3_presign in a script', "<script>load('{{ task.input.taskObject | s3_presign }}');</script>", 's3_presign', 'the script fails'],
    ['grant_read_access in a style block', '<style>.bg { background: url({{ task.input.taskObject | grant_read_access }}); }</style>', 'grant_read_access', 'the style rule breaks'],
  ])('%s: warned, with the attribute form as the fix', async (_, body, filter, breaks) => {
    const [finding, ...rest] = await warned(body);
    expect(rest).toEqual([]);
    expect(finding?.message).toContain(`gtkit HTML-escapes the URL ${filter} returns, so its & reads &amp; and ${breaks} in the preview; whether Ground Truth escapes it is not documented`);
    expect(finding?.hint).toBe(
      `read the URL from a double-quoted attribute (src="{{ … | ${filter} }}", or data-url="{{ … | ${filter} | escape }}" for a script), right under every reading; for a URI that is not task input, {{ task.input.taskObject | ${filter} | skip_autoescape }} also writes the same under both readings, since a presigned URL holds no < > " '`,
    );
  });

  it.each([
    ['a single-quoted attribute', `<crowd-classifier name="c" header="h" categories='{{ task.input.labels | to_json }}'></crowd-classifier>`],
    ['a double-quoted attribute with escape after to_json', '<crowd-classifier name="c" header="h" categories="{{ task.input.labels | to_json | escape }}"></crowd-classifier>'],
    ['ordinary text (the browser decodes &quot;)', '<p>{{ task.input.meta | to_json }}</p>'],
    ['a <template> (its content is parsed as markup, entities decoded)', '<template id="t">{{ task.input.meta | to_json }}</template>'],
    ['a textarea (RCDATA: decoded)', '<textarea name="n">{{ task.input.meta | to_json }}</textarea>'],
    ['an image src', '<img src="{{ task.input.taskObject | grant_read_access }}">'],
    ['a script src attribute', '<script src="{{ task.input.taskObject | grant_read_access }}"></script>'],
    ['a script with skip_autoescape already', '<script>const meta = {{ task.input.meta | to_json | skip_autoescape }}; const u = "{{ task.input.taskObject | grant_read_access | skip_autoescape }}";</script>'],
    ['a script with skip_autoescape earlier in the chain', '<script>const meta = {{ task.input.meta | skip_autoescape | to_json }};</script>'],
    ['a script reading an assigned variable with skip_autoescape', '{% assign u = "s3://b/k.png" | grant_read_access %}<script>const u = "{{ u | skip_autoescape }}";</script>'],
    ['a script with other outputs', '<script>const n = {{ task.input.meta.k | size }}; const s = "{{ task.input.taskObject }}";</script>'],
    ['a Liquid raw block and a comment in a script', '<script>{% raw %}const x = "{{ a | to_json }}";{% endraw %}{% comment %}{{ task.input.meta | to_json }}{% endcomment %}</script>'],
    ['an HTML comment', '<!-- {{ task.input.meta | to_json }} -->'],
    ['a style inside SVG (markup, not raw text)', '<svg><style>{{ task.input.meta | to_json }}</style></svg>'],
    ['a script inside SVG (markup: entities decoded)', '<svg><script>const meta = {{ task.input.meta | to_json }};</script></svg>'],
    ['a style in SVG foreignObject, then in SVG again', '<svg><foreignObject><div></div></foreignObject><style>{{ task.input.meta | to_json }}</style></svg>'],
  ])('%s: nothing', async (_, body) => {
    expect(await warned(body)).toEqual([]);
  });

  // Escaped under both readings: broken in the preview and in a real job alike (helper 94, F2).
  it.each([
    ['to_json | escape', '<script>const meta = {{ task.input.meta | to_json | escape }};</script>', 'the escape after to_json escapes its result under every reading, so it reads {&quot;…&quot;} and the script fails, in the preview and in a real job'],
    ['grant_read_access | escape_once', '<script>const u = "{{ task.input.taskObject | grant_read_access | escape_once }}";</script>', 'the escape after grant_read_access escapes its result under every reading, so its & reads &amp; and the script fails, in the preview and in a real job'],
    ['an assigned to_json written plainly', '{% assign json = task.input.meta | to_json %}\n<script>const meta = {{ json }};</script>', 'json holds the JSON to_json returned (assigned at line 2), and an output is HTML-escaped under every reading, so it reads {&quot;…&quot;} and the script fails, in the preview and in a real job'],
    ['an assigned presign written plainly', '{% assign url = task.input.taskObject | s3_presign | skip_autoescape %}\n<style>.bg { background: url({{ url }}) }</style>', 'url holds the URL s3_presign returned (assigned at line 2), and an output is HTML-escaped under every reading, so its & reads &amp; and the style rule breaks, in the preview and in a real job'],
  ])('%s in a script or style: warned as broken under both readings', async (_, body, says) => {
    const [finding, ...rest] = await warned(body);
    expect(rest).toEqual([]);
    expect(finding?.message).toContain(says);
    // The page really is broken that way in gtkit.
    expect(await renderTemplate(body, input)).toMatch(/&quot;|&amp;X-Amz/);
  });

  // The chain is judged by its last to_json, grant_read_access or s3_presign; an escape or
  // escape_once after it escapes it under both readings; skip_autoescape anywhere settles it.
  it.each([
    ['task.input.taskObject | grant_read_access | to_json', "gtkit writes to_json's JSON unescaped"],
    ['task.input.taskObject | default: "x" | s3_presign | upcase', 'gtkit HTML-escapes the URL s3_presign returns'],
    ['task.input.meta | escape | to_json', "gtkit writes to_json's JSON unescaped"],
    ['task.input.meta | to_json | escape_once | append: ";"', 'the escape after to_json escapes its result under every reading'],
    ['task.input.meta | skip_autoescape | to_json', undefined],
    ['task.input.meta | upcase', undefined],
    ['task.input.meta', undefined],
  ])('{{ %s }} in a script', async (chain, says) => {
    const found = await warned(`<script>const v = {{ ${chain} }};</script>`);
    if (says === undefined) expect(found).toEqual([]);
    else expect(found.map((f) => f.message.includes(says))).toEqual([true]);
  });

  it('a variable assigned something else afterwards is no longer followed', async () => {
    expect(await warned('{% assign j = task.input.meta | to_json %}{% assign j = 3 %}<script>const n = {{ j }};</script>')).toEqual([]);
  });

  it('each output is judged on its own, however many a script holds', async () => {
    const outputs = Array.from({ length: 2_000 }, (_, i) => (i % 2 ? `a${i} = {{ task.input.meta | to_json }};` : `b${i} = {{ task.input.meta | to_json | skip_autoescape }};`));
    const findings = await lintTemplate(`${head}<script>${outputs.join('\n')}</script><p>{{ task.input.meta | to_json }}</p><script>{{ task.input.meta | to_json }}</script>`, { file: 't.html' });
    const lines = findings.filter((f) => f.ruleId === 'unverified-escaping').map((f) => f.line);
    expect(lines).toHaveLength(1_001);
    expect(lines.slice(0, 2)).toEqual([3, 5]);
    expect(lines.at(-1)).toBe(2_001);
  });

  it('malformed Liquid or markup: no throw, and the source is still judged', async () => {
    for (const body of ['<script>{{ task.input.meta | to_json ', '<script>{{ | to_json }}</script>', '<script>{{ }}{% %}</script>', '<scr<script>{{ x | to_json }}</scr', '<style>{{ x | grant_read_access }}']) {
      await expect(lint(body, false)).resolves.toBeInstanceOf(Array);
    }
    expect((await lint('<style>{{ x | grant_read_access }}', false)).filter((f) => f.ruleId === 'unverified-escaping')).toHaveLength(1);
  });
});

// walk150 #1: gtkit writes to_json raw, so in a double-quoted attribute its first " ends the
// value; the preview's page breaks, and a real job's too unless Ground Truth escapes it.
describe('unverified-escaping: to_json unescaped in a double-quoted attribute', () => {
  it('an error at the output when the JSON holds task input: its data writes the rest of the tag; the escaped form of the same output is the fix', async () => {
    const [finding, ...rest] = await warned('<crowd-form><p id="meta"\n   data-meta="{{ task.input.meta | to_json }}">x</p></crowd-form>');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', line: 3, column: 15, file: 't.html' });
    expect(finding?.message).toBe(
      '{{ task.input.meta | to_json }} in the double-quoted data-meta="…" of <p>: gtkit writes to_json\'s JSON unescaped, so the first " in the task input\'s data ends the value and the rest of the data becomes attributes of <p> (say " onmouseover="…"), which can run scripts in the worker page; whether Ground Truth escapes it is not documented, and if it does not, a real job is open the same way',
    );
    expect(finding?.hint).toBe('escape the JSON once: data-meta="{{ task.input.meta | to_json | escape }}", then JSON.parse(element.dataset.meta), right under every reading and for any data (the browser decodes the entities)');
    // Through a variable, a loop or a capture, it is task input still.
    for (const body of ['{% assign m = task.input.meta %}<p data-m="{{ m | to_json }}"></p>', '{% for item in task.input.items %}<p data-m="{{ item | to_json }}"></p>{% endfor %}']) {
      expect((await warned(body)).map((f) => f.severity), body).toEqual(['error']);
    }
  });

  it('a warning, about a cut-off value, when the JSON holds no task input', async () => {
    const [finding, ...rest] = await warned('{% assign sizes = "s,m,l" | split: "," %}<p data-sizes="{{ sizes | to_json }}"></p>');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning' });
    expect(finding?.message).toContain('so its first " ends the value and <p> gets a cut-off data-sizes in the preview');
  });

  it.each([
    ['an attribute that is not data-*', '<div title="{{ task.input.meta | to_json }}"></div>', 'escape the JSON once: title="{{ task.input.meta | to_json | escape }}", right under'],
    ['a dashed data-* name', '<div data-item-meta="{{ task.input.meta | to_json }}"></div>', 'JSON.parse(element.dataset.itemMeta)'],
    ['an echo tag', '<div data-m="{% echo task.input.meta | to_json %}"></div>', 'data-m="{% echo task.input.meta | to_json | escape %}"'],
    ['among other text and Liquid in the value', '<div data-m="{% if task.input.meta %}[{{ task.input.meta | to_json }}]{% endif %}"></div>', 'data-m="{% if task.input.meta %}[{{ task.input.meta | to_json | escape }}]{% endif %}", then'],
    ['a long value: only the output', `<div data-m="{{ task.input.meta | to_json }}${'x'.repeat(200)}"></div>`, 'escape the JSON once: {{ task.input.meta | to_json | escape }}, then'],
    ['a crowd element that is no JSON attribute of it', '<crowd-form><crowd-input name="a" label="{{ task.input.meta | to_json }}"></crowd-input></crowd-form>', 'label="{{ task.input.meta | to_json | escape }}"'],
  ])('%s: warned', async (_, body, fix) => {
    const [finding, ...rest] = await warned(body);
    expect(rest).toEqual([]);
    expect(finding?.hint).toContain(fix);
  });

  it.each([
    ['escape after to_json', '<div data-m="{{ task.input.meta | to_json | escape }}"></div>'],
    ['escape_once after to_json', '<div data-m="{{ task.input.meta | to_json | escape_once }}"></div>'],
    ['a filter after to_json (its result is escaped as usual)', '<div data-m="{{ task.input.meta | to_json | append: \'x\' }}"></div>'],
    ['a single-quoted attribute', "<div data-m='{{ task.input.meta | to_json }}'></div>"],
    ['an unquoted attribute', '<div data-m={{ task.input.meta | to_json }}></div>'],
    ['skip_autoescape (the same under both readings; skip-autoescape-task-input judges task input)', '<div data-m="{{ task.input.meta | to_json | skip_autoescape }}"></div>'],
    ['an assigned to_json written plainly (escaped under every reading)', '{% assign j = task.input.meta | to_json %}<div data-m="{{ j }}"></div>'],
    ['a presign in src', '<img src="{{ task.input.taskObject | grant_read_access }}">'],
    ['to_json in the text after the start tag', '<div data-m="x">{{ task.input.meta | to_json }}</div>'],
    ['a double-quoted string inside the Liquid, in a single-quoted attribute', `<div data-m='{{ task.input.meta | default: "a" | to_json }}'></div>`],
  ])('%s: nothing', async (_, body) => {
    expect(await warned(body)).toEqual([]);
  });

  it('the warned form really breaks in gtkit, and the fix parses back to the data', async () => {
    const { parseDocument } = await import('../../../templates/lint/html.ts');
    const read = async (body: string) => parseDocument(await renderTemplate(body, input)).elements[0]?.attrs['data-m'];
    expect(await read('<div data-m="{{ task.input.meta | to_json }}"></div>')).toBe('{');
    expect(JSON.parse((await read('<div data-m="{{ task.input.meta | to_json | escape }}"></div>')) ?? '')).toEqual(input.meta);
  });
});

describe('the forms the hints give work under both readings', () => {
  it('to_json | skip_autoescape is what gtkit writes for to_json, and holds no < > & \' however hostile the data', async () => {
    const hostile = { meta: { k: "</script><script>alert('x')</script>&amp;" } };
    const raw = await renderTemplate('{{ task.input.meta | to_json }}', hostile);
    expect(await renderTemplate('{{ task.input.meta | to_json | skip_autoescape }}', hostile)).toBe(raw);
    expect(raw).not.toMatch(/[<>&']/);
    expect(JSON.parse(raw)).toEqual(hostile.meta);
  });

  it('grant_read_access | skip_autoescape keeps the & of a presigned URL, and a presigned URL holds no < > " \'', async () => {
    const resolver = deterministicResolver();
    const keys = { u: "s3://bucket/O'Brien \"<x>\" (1)*!.png" };
    expect(await renderTemplate('{{ task.input.u | grant_read_access }}', keys, { resolver })).toContain('&amp;X-Amz-Signature');
    const url = await renderTemplate('{{ task.input.u | grant_read_access | skip_autoescape }}', keys, { resolver });
    expect(url).toBe('https://s3.amazonaws.com/bucket/O%27Brien%20%22%3Cx%3E%22%20%281%29%2A%21.png?X-Amz-Expires=3600&X-Amz-Signature=gtkit-test');
    expect(await renderTemplate('{{ task.input.u | grant_read_access | skip_autoescape }}', keys, { resolver: localResolver() })).toBe('/__s3/bucket/O%27Brien%20%22%3Cx%3E%22%20%281%29%2A%21.png');
  });
});

describe('skip-autoescape-task-input after to_json or a presign (helper 94, F1)', () => {
  const xss = (body: string) => ruleFindings(body, 'skip-autoescape-task-input');

  // Ground Truth's to_json may not escape < (reference §3.3), and a value that is not an S3 URI
  // comes back from a presign unchanged: skip_autoescape after them still writes task input raw.
  it.each([
    ['a presign of a value that is not an S3 URI', '<div>{{ task.input.x | grant_read_access | skip_autoescape }}</div>', 'after grant_read_access, which hands a value that is not an S3 URI back unchanged', 'src="{{ … | grant_read_access }}"'],
    ['s3_presign in a script', '<script>const url = "{{ task.input.taskObject | s3_presign | skip_autoescape }}";</script>', 'after s3_presign', 'data-url="{{ … | s3_presign | escape }}"'],
    ['to_json in text', '<p>{{ task.input.x | to_json | skip_autoescape }}</p>', "after to_json: gtkit's to_json writes < as \\u003c, but whether Ground Truth's does is not documented", 'data-x="{{ … | to_json | escape }}"'],
    ['to_json in a script', '<script>const meta = {{ task.input.meta | to_json | skip_autoescape }};</script>', 'after to_json', 'JSON.parse(element.dataset.x)'],
    ['to_json through an assign', '{% assign json = task.input.meta | to_json %}<script>const meta = {{ json | skip_autoescape }};</script>', 'after to_json', 'data-x='],
    ['a presign through a loop variable', '{% for o in task.input.objects %}<img src="{{ o | grant_read_access | skip_autoescape }}">{% endfor %}', 'after grant_read_access', 'src='],
  ])('%s: warned, saying why and giving the attribute form', async (_, body, says, fix) => {
    const [finding, ...rest] = await xss(body);
    expect(rest).toEqual([]);
    expect(finding?.message).toContain(says);
    expect(finding?.hint).toContain(fix);
  });

  it('the XSS is real in gtkit\'s own preview for a presign', async () => {
    expect(await renderTemplate('{{ task.input.x | grant_read_access | skip_autoescape }}', { x: '<img src=x onerror=alert(1)>' })).toBe('<img src=x onerror=alert(1)>');
  });

  it('still quiet for data that is not task input, and for the attribute forms', async () => {
    for (const body of [
      '{% assign u = "s3://bucket/k.png" | grant_read_access %}<script>const url = "{{ u | skip_autoescape }}";</script>',
      '<div data-meta="{{ task.input.meta | to_json | escape }}"></div><img src="{{ task.input.taskObject | grant_read_access }}">',
    ]) {
      expect(await xss(body), body).toEqual([]);
      expect(await warned(body), body).toEqual([]);
    }
  });

  it('a filter after to_json or the presign is reported as before, with the plain message for task input written raw', async () => {
    const [plain] = await xss('<script>const s = "{{ task.input.meta.k | skip_autoescape }}";</script>');
    expect(plain?.message).toBe('task input is written without escaping: its data (say a manifest line holding "<script>…" or "<img onerror=…>") can put HTML and scripts into the worker page');
    expect(plain?.severity).toBe('error');
    for (const body of [
      '<script>const meta = {{ task.input.meta | to_json | replace: "a", "b" | skip_autoescape }};</script>',
      '<script>const u = "{{ task.input.taskObject | grant_read_access | append: task.input.meta.k | skip_autoescape }}";</script>',
      '{% assign json = task.input.meta | to_json | url_decode %}<script>const meta = {{ json | skip_autoescape }};</script>',
    ]) {
      expect(await xss(body), body).toHaveLength(1);
    }
  });
});
