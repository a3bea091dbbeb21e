import { describe, expect, it } from 'vitest';
import { taskTemplates } from '../../../templates/catalog/index.ts';
import { renderTemplate } from '../../../templates/engine/index.ts';
import { parseDocument } from '../../../templates/lint/html.ts';
import { scanLiquid } from '../../../templates/lint/liquid-scan.ts';
import { traceTemplate } from '../../../templates/lint/trace.ts';

describe('traced renders', () => {
  it('give exactly the HTML a plain render gives, for every catalog template and sample', async () => {
    for (const t of Object.values(taskTemplates)) {
      const traced = traceTemplate(t.source, t.type);
      for (const input of t.sampleTaskInputs) expect((await traced.render(input, 'x')).html).toBe(await renderTemplate(t.source, input));
    }
  });

  it('map every rendered element back to where it is written, through loops, ifs and trimmed whitespace', async () => {
    const source = '<ul>\n{% for l in task.input.labels -%}\n  <li data-l="{{ l }}">{{ l }}</li>\n{%- endfor %}\n</ul>{% if task.input.labels.size > 1 %}<p>many</p>{% endif %}';
    const page = await traceTemplate(source, 'f').render({ labels: ['a', 'bb', 'ccc'] }, 'o');
    const elements = parseDocument(page.html, page.toSource).elements;
    const li = source.indexOf('<li');
    expect(elements.map((e) => [e.tag, e.offset])).toEqual([['ul', 0], ['li', li], ['li', li], ['li', li], ['p', source.indexOf('<p>')]]);
  });

  it('point elements written by an output at that output', async () => {
    const source = 'x {{ task.input.html | skip_autoescape }}';
    const page = await traceTemplate(source, 'f').render({ html: '<b>hi</b>' }, 'o');
    expect(parseDocument(page.html, page.toSource).elements[0]?.offset).toBe(2);
  });

  it('note missing task.input reads with the path, the place and the origin', async () => {
    const source = '{{ task.input.a }}\n{{ task.input.b.c }}\n{% for x in task.input.list %}{{ x.name }}{% endfor %}{{ task.input["odd key"] }}';
    const page = await traceTemplate(source, 'f').render({ a: 1, b: {}, list: [{ name: 'n' }, { other: 1 }] }, 'manifest.jsonl:4');
    expect(page.missingReads).toEqual([
      { path: 'task.input.b.c', offset: source.indexOf('task.input.b.c'), origin: 'manifest.jsonl:4' },
      { path: 'task.input.list[1].name', offset: source.indexOf('{{ x.name }}'), origin: 'manifest.jsonl:4' },
      { path: 'task.input["odd key"]', offset: source.indexOf('task.input["odd key"]'), origin: 'manifest.jsonl:4' },
    ]);
  });

  it('do not count reads that test on purpose, or that filters make', async () => {
    const source = [
      '{% if task.input.x %}{{ task.input.x }}{% endif %}',
      '{% unless task.input.y.z %}u{% endunless %}',
      '{% case task.input.kind %}{% when 1 %}1{% endcase %}',
      '{{ task.input.d | default: "d" }}',
      '{% assign e = task.input.e | default: 0 %}',
      '{% for i in task.input.none %}{{ i }}{% else %}empty{% endfor %}',
      '{{ task.input.list | map: "nick" | join }}{{ task.input.list | where: "flag" | size }}{{ task.input.list | sort: "rank" | size }}',
      '{{ task.input.list.size }}{{ task.input.list.first.a }}{{ task.input.list.last.a }}',
    ].join('\n');
    const page = await traceTemplate(source, 'f').render({ list: [{ a: 1 }, { a: 2 }] }, 'o');
    expect(page.missingReads).toEqual([]);
  });

  it('count an optional path as tested when a for loops over it, or a variable holding it is tested before use', async () => {
    const source = [
      '{% for h in task.input.hints %}{{ h }}{% endfor %}',
      '{% for h in task.input["more"].list %}{{ h }}{% endfor %}',
      '{% assign note = task.input.note %}{% if note != blank %}{{ note }}{% endif %}',
      '{% assign tip = task.input.tip %}{% unless tip %}none{% endunless %}',
      '{% assign kind = task.input.kind %}{% case kind %}{% when "a" %}a{% endcase %}',
      '{% assign alt = task.input.alt %}{{ alt | default: "x" }}',
      '{% assign rows = task.input.rows %}{% for r in rows %}{{ r }}{% endfor %}',
      '{% liquid\n  assign extra = task.input.extra\n  if extra\n    echo extra\n  endif\n%}',
    ].join('\n');
    expect((await traceTemplate(source, 'f').render({}, 'o')).missingReads).toEqual([]);
  });

  it('judge a read inside a capture by the guards an assign has: the captured variable tested before use', async () => {
    const source = [
      '{% capture note %}{{ task.input.note }}{% endcapture %}{% if note != blank %}{{ note }}{% endif %}',
      '{% capture tip %}<b>{{ task.input.tip.text }}</b>{% endcapture %}{{ tip | default: "none" }}',
      '{% capture "quoted" %}{% assign q = task.input.q %}{{ q }}{% endcapture %}{% unless quoted == "" %}{{ quoted }}{% endunless %}',
      '{% capture outer %}{% capture inner %}{{ task.input.deep }}{% endcapture %}{{ inner }}{% endcapture %}{% case outer %}{% when "" %}none{% endcase %}',
    ].join('\n');
    expect((await traceTemplate(source, 'f').render({}, 'o')).missingReads).toEqual([]);
    // A capture is a string, never nil, and "" is true: a bare truth test lets an empty one through (helper-54).
    for (const bare of ['{% if note %}<p>Note: {{ note }}</p>{% endif %}', '{% unless note %}-{% else %}{{ note }}{% endunless %}', '{% if x %}{% elsif note %}{{ note }}{% endif %}']) {
      const t = traceTemplate(`{% capture note %}{{ task.input.note }}{% endcapture %}${bare}`, 't.html');
      expect((await t.render({}, 'l1')).missingReads.map((r) => r.path)).toEqual(['task.input.note']);
    }
    // Used before it is tested: the read counts, inside the capture as outside it.
    const used = '{% capture t %}{{ task.input.title }}{% endcapture %}<h1>{{ t }}</h1>{% if t %}x{% endif %}';
    expect((await traceTemplate(used, 'f').render({}, 'o')).missingReads).toEqual([{ path: 'task.input.title', offset: used.indexOf('task.input.title'), origin: 'o' }]);
  });

  it("still count a variable used before it is tested, and a loop's limit read from a missing path", async () => {
    const source = '{% assign t = task.input.title %}<h1>{{ t }}</h1>{% if t %}x{% endif %}\n{% for i in task.input.items limit: task.input.max %}{{ i }}{% endfor %}';
    const page = await traceTemplate(source, 'f').render({ items: [1] }, 'o');
    // (liquidjs looks the limit up more than once; task-input-path reports a place and path once.)
    expect([...new Set(page.missingReads.map((r) => `${r.path}@${r.offset}`))]).toEqual([`task.input.title@${source.indexOf('task.input.title')}`, `task.input.max@${source.indexOf('task.input.max')}`]);
  });

  it('list every unknown filter with its place, not only the first', () => {
    const source = '{{ a | nope }}\n{{ b | upcase | jsonify }}{% assign c = d | where_exp: "x", "x" %}';
    expect(traceTemplate(source, 'f').unknownFilters).toEqual([
      { name: 'nope', offset: source.indexOf('nope') },
      { name: 'jsonify', offset: source.indexOf('jsonify') },
      { name: 'where_exp', offset: source.indexOf('where_exp') },
    ]);
  });

  it('render one input after another without mixing them up', async () => {
    const traced = traceTemplate('{{ task.input.a }}', 'f');
    const [one, two] = [await traced.render({}, 'one'), await traced.render({ a: 1 }, 'two')];
    expect(one.missingReads.map((r) => r.origin)).toEqual(['one']);
    expect(two.missingReads).toEqual([]);
  });
});

describe('scanLiquid', () => {
  it('masks Liquid with characters of the same count, keeping lines', () => {
    const source = 'a {{ x }} b\n{% if y %}\nc{% endif %}';
    const { masked, tokens } = scanLiquid(source);
    expect(masked.length).toBe(source.length);
    expect(masked.split('\n').map((l) => l.length)).toEqual(source.split('\n').map((l) => l.length));
    expect(masked).toBe('a \u0001\u0001\u0001\u0001\u0001\u0001\u0001 b\n\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\nc\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002');
    expect(tokens.map((t) => [t.kind, t.name, t.markup])).toEqual([['output', '', 'x'], ['tag', 'if', 'y'], ['tag', 'endif', '']]);
  });

  it('blanks comments, keeps raw content as text, and reads {% liquid %} lines as tags', () => {
    const source = '{% comment %}<x>{{ y }}{% endcomment %}{% raw %}<p>{{ z }}</p>{% endraw %}{% liquid\nassign a = task.input.b\necho a %}';
    const { masked, tokens } = scanLiquid(source);
    expect(masked.startsWith(' '.repeat(source.indexOf('{% raw')))).toBe(true);
    expect(masked).toContain('<p>{{ z }}</p>');
    expect(tokens.map((t) => [t.kind, t.name, t.markup])).toEqual([['tag', 'assign', 'a = task.input.b'], ['output', '', 'a']]);
    // Each line at its own place, so a rule can tell which comes first.
    expect(tokens.map((t) => source.slice(t.begin, t.end))).toEqual(['assign a = task.input.b', 'echo a']);
  });

  it('lists every echo as an output, saying how it was written, so rules that read outputs test one kind', () => {
    const source = '{{ a }}{% echo b %}{%- echo c -%}{% liquid\necho d %}';
    expect(scanLiquid(source).tokens.map((t) => [t.kind, t.name, t.markup, t.echo])).toEqual([
      ['output', '', 'a', undefined],
      ['output', '', 'b', 'tag'],
      ['output', '', 'c', 'tag'],
      ['output', '', 'd', 'line'],
    ]);
  });

  it('knows which places never render together', () => {
    const source = '{% if a %}A{% elsif b %}B{% else %}C{% endif %}D{% case k %}{% when 1 %}E{% when 2 %}F{% endcase %}{% for i in l %}G{% else %}H{% endfor %}';
    const { exclusive } = scanLiquid(source);
    const at = (s: string) => source.indexOf(s);
    expect(exclusive(at('A'), at('B'))).toBe(true);
    expect(exclusive(at('A'), at('C'))).toBe(true);
    expect(exclusive(at('A'), at('D'))).toBe(false);
    expect(exclusive(at('E'), at('F'))).toBe(true);
    expect(exclusive(at('G'), at('H'))).toBe(true);
    expect(exclusive(at('A'), at('A'))).toBe(false);
  });

  it('never throws on broken Liquid', () => {
    for (const source of ['{{', '{%', '{% if %}{% endif', '}}{{}}', '{% comment %}never closed', '{% raw %}x', '{%%}', '']) {
      const { masked } = scanLiquid(source);
      expect(masked.length).toBe(source.length);
    }
  });
});
