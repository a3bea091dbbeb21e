import { describe, expect, it } from 'vitest';
import { caught, rejected } from './template-errors.ts';
import { compileTemplate, createEngine, knownFilters, maxSourceChars, maxTemplateChars, renderTemplate, TemplateError } from '../../../templates/engine/index.ts';


describe('the Ground Truth dialect', () => {
  it('reads hyphenated keys in dot paths and bracket keys', async () => {
    expect(await renderTemplate("{{ task.input.source-ref }} {{ task.input['class-name'] }} {{ task.input.a.b-c[1] }}", { 'source-ref': 's3://b/k', 'class-name': 'cat', a: { 'b-c': [0, 'x'] } })).toBe('s3://b/k cat x');
  });

  it('iterates a hash as [key, value] pairs (the documented internal-color-map loop)', async () => {
    const input = { manifestLine: { 'label-metadata': { 'internal-color-map': { '0': { 'class-name': 'BACKGROUND' }, '1': { 'class-name': 'cat' } } } } };
    const t = "{% for box in task.input.manifestLine.label-metadata.internal-color-map %}{{ box[0] }}={{ box[1]['class-name'] | to_json }};{% endfor %}";
    expect(await renderTemplate(t, input)).toBe('0="BACKGROUND";1="cat";');
  });

  it('exposes the task input as task.input only', async () => {
    expect(await renderTemplate('[{{ input.x }}][{{ task.input.x }}]', { x: 1 })).toBe('[][1]');
  });

  it('renders a missing variable empty, like Ground Truth; strict mode reports it with its place', async () => {
    expect(await renderTemplate('[{{ task.input.nope }}]', {})).toBe('[]');
    const e = await rejected(renderTemplate('line one\n  {{ task.input.nope }}', {}, { file: 't.html', strict: true }));
    expect(e).toMatchObject({ file: 't.html', line: 2, column: 6, code: 'undefined-variable' });
    expect(e.problem).toBe('undefined variable: task.input.nope');
    expect(e.hint).toContain('task.input');
  });

  it('strict mode still lets {% if %} and | default test for missing values', async () => {
    expect(await renderTemplate('{% if task.input.hint %}{{ task.input.hint }}{% endif %}{{ task.input.x | default: "d" }}', {}, { strict: true })).toBe('d');
  });

  it('has the Shopify standard filters and Ground Truth\'s, not liquidjs extras', () => {
    expect(knownFilters).toEqual(expect.arrayContaining(['escape', 'escape_once', 'skip_autoescape', 'to_json', 'grant_read_access', 's3_presign', 'downcase', 'where', 'map']));
    for (const extra of ['json', 'jsonify', 'where_exp', 'slugify', 'inspect', 'raw', 'to_s3_uri']) {
      const e = caught(() => compileTemplate(`{{ "x" | ${extra} }}`));
      expect(e.code, extra).toBe('unknown-filter');
    }
    expect(Object.keys(createEngine().filters).sort()).toEqual([...knownFilters]);
  });

  it('refuses include, render, layout and block: a template is one file', () => {
    for (const tag of ['include "x"', 'render "x"', 'layout "x"', 'block x']) {
      const e = caught(() => compileTemplate(`<p>\n{% ${tag} %}`, { file: 'f.html' }));
      expect(e, tag).toMatchObject({ code: 'unknown-tag', line: 2, column: 1 });
      expect(e.hint).toContain('one file');
    }
  });

  it('a compiled template renders many inputs, and the same input the same way each time', async () => {
    const compiled = compileTemplate('<b>{{ task.input.n }}</b>', { file: 'x.html' });
    expect(compiled.file).toBe('x.html');
    const outputs = await Promise.all([1, 2, 3, 1].map((n) => compiled.render({ n })));
    expect(outputs).toEqual(['<b>1</b>', '<b>2</b>', '<b>3</b>', '<b>1</b>']);
  });
});

describe('errors carry file, line, column, a code frame, a code and a hint', () => {
  it('an unknown filter, at parse time, with a suggestion', () => {
    const e = caught(() => compileTemplate('<p>\n  {{ task.input.x | grant_read_acess }}</p>', { file: 'task.liquid.html' }));
    expect([e.file, e.line, e.column, e.code]).toEqual(['task.liquid.html', 2, 3, 'unknown-filter']);
    expect(e.problem).toBe('undefined filter: grant_read_acess');
    expect(e.hint).toContain('did you mean grant_read_access?');
    expect(e.codeFrame).toContain('>    2 |   {{ task.input.x | grant_read_acess }}</p>');
    expect(e.codeFrame).toMatch(/\n {7}\| {3}\^/);
    expect(e.message).toMatch(/^task\.liquid\.html:2:3: undefined filter: grant_read_acess\n {2}hint: /);
  });

  it('an unclosed block, output or tag', () => {
    expect(caught(() => compileTemplate('a\n{% if x %}\nb', { file: 'f' }))).toMatchObject({ line: 2, column: 1, code: 'syntax' });
    expect(caught(() => compileTemplate('a {{ task.input.x', { file: 'f' }))).toMatchObject({ line: 1, column: 3, code: 'syntax' });
    expect(caught(() => compileTemplate('{% for x in %}{% endfor %}', { file: 'f' })).code).toBe('syntax');
    expect(caught(() => compileTemplate('{% endif %}')).code).not.toBe('render');
  });

  it('a render-time error inside a loop points at the output', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const e = await rejected(renderTemplate('{% for i in (1..2) %}\n  {{ task.input.o | to_json }}{% endfor %}', { o: circular }, { file: 'f' }));
    expect(e).toMatchObject({ file: 'f', line: 2, column: 3, code: 'render' });
    expect(e.problem).toMatch(/circular/i);
  });

  it('a failing presign resolver: code presign, at the output that presigns', async () => {
    const resolver = { resolve: () => Promise.reject(new Error('Could not load credentials from any providers')) };
    const e = await rejected(renderTemplate('<h1>x</h1>\n<img src="{{ task.input.u | grant_read_access }}">', { u: 's3://b/k' }, { file: 't.html', resolver }));
    expect(e).toMatchObject({ file: 't.html', line: 2, column: 11, code: 'presign' });
    expect(e.problem).toContain('Could not load credentials');
    expect(e.hint).toContain('credentials');
  });

  // RenderUiTemplate's 128,000 characters are the preview's limit; a job's is not documented
  // (reference §3.6), so only lint warns. It used to throw "Ground Truth allows 128000".
  it('over RenderUiTemplate\'s 128,000 characters, compiles and renders in full', async () => {
    const filler = `<!-- ${'x'.repeat(maxTemplateChars)} -->`;
    const html = await renderTemplate(`<p>{{ task.input.name }}</p>${filler}<p>{{ task.input.name | upcase }}</p>`, { name: 'a&b' }, { file: 'big.html' });
    expect(html).toBe(`<p>a&amp;b</p>${filler}<p>A&amp;B</p>`);
  });

  it('over gtkit\'s own cap, refused before parsing, as gtkit\'s guard and not Ground Truth\'s limit', () => {
    const e = caught(() => compileTemplate(`{{ ${'x'.repeat(maxSourceChars)}`, { file: 'big.html' }));
    expect(e).toMatchObject({ code: 'template-too-large', line: 1, column: 1 });
    expect(e.problem).toBe(`the template has 1,000,003 characters; gtkit reads at most 1,000,000 (its own guard against runaway files; Ground Truth's preview, RenderUiTemplate, refuses more than 128,000)`);
    expect(e.hint).toBe('move large scripts, styles and instructions to files served from S3 or a CDN');
    expect(() => compileTemplate('x'.repeat(maxSourceChars))).not.toThrow();
  });
});

describe('malformed, empty, huge and hostile input', () => {
  it('an empty template renders empty; so does one with only Liquid comments', async () => {
    expect(await renderTemplate('', {})).toBe('');
    expect(await renderTemplate('{% comment %}{{ x }}{% endcomment %}{% # note %}', {})).toBe('');
  });

  it('any task input shape: null, a string, an array, nested deeply', async () => {
    for (const input of [null, undefined, 'text', 42, [1, 2], {}]) expect(await renderTemplate('[{{ task.input.a.b }}]', input)).toBe('[]');
    let deep: Record<string, unknown> = { v: 'bottom' };
    for (let i = 0; i < 500; i++) deep = { d: deep };
    expect(await renderTemplate(`{{ task.input${'.d'.repeat(500)}.v }}`, deep)).toBe('bottom');
  });

  it('does not read inherited properties (prototype keys, constructor)', async () => {
    expect(await renderTemplate('[{{ task.input.constructor }}][{{ task.input.__proto__ }}][{{ task.input.toString }}][{{ task.input.hasOwnProperty }}]', { l: [1] })).toBe('[][][][]');
    expect(await renderTemplate('{{ task.input.__proto__.x }}', JSON.parse('{"__proto__": {"x": "own"}}'))).toBe('own');
  });

  it('script-like data is escaped, never run', async () => {
    const html = await renderTemplate('<div title="{{ task.input.x }}">{{ task.input.x }}</div>', { x: '"></div><script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toBe('<div title="&quot;&gt;&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;</div>');
  });

  it('a huge task input renders in full', async () => {
    const text = 'é'.repeat(500_000);
    expect((await renderTemplate('{{ task.input.t }}', { t: text })).length).toBe(500_000);
  });

  it('stops a runaway loop or string instead of hanging', async () => {
    expect((await rejected(renderTemplate('{% for i in (1..100000000) %}{{ i }}{% endfor %}', {}))).code).toBe('limit');
    const grow = '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}';
    expect((await rejected(renderTemplate(grow, {}))).code).toBe('limit');
  });

  it('blocks nested as deep as Shopify allows (100) parse and render', async () => {
    const t = `${'{% if true %}'.repeat(100)}deep${'{% endif %}'.repeat(100)}`;
    expect(await renderTemplate(t, {})).toBe('deep');
  });

  it('binary junk and lone delimiters', async () => {
    expect(await renderTemplate('\u0000\u0001{ } %} }} x', {})).toBe('\u0000\u0001{ } %} }} x');
    expect(caught(() => compileTemplate('{{')).code).toBe('syntax');
    expect(caught(() => compileTemplate('a {%% x')).code).toBe('syntax');
    expect(() => compileTemplate(null as unknown as string)).toThrow(TemplateError);
  });
});
