import { describe, expect, it } from 'vitest';
import { rejected } from './template-errors.ts';
import { renderTemplate } from '../../../templates/engine/index.ts';

const render = (template: string, input: unknown = {}) => renderTemplate(template, input);

// Review 43 F7: Shopify (lib/liquid/tags/for.rb) renders the else branch when the segment left
// after offset and limit is empty; liquidjs only when the whole collection was.
describe('for … else when offset / limit leave nothing', () => {
  it('an array: offset past the end, limit 0', async () => {
    const items = { items: ['a', 'b'], max: 0 };
    expect(await render('{% for item in task.input.items offset: 2 %}{{ item }}{% else %}no more items{% endfor %}', items)).toBe('no more items');
    expect(await render('{% for item in task.input.items limit: task.input.max %}{{ item }}{% else %}nothing to show{% endfor %}', items)).toBe('nothing to show');
  });

  it('a hash and a range the same way; a segment with items still loops', async () => {
    expect(await render('{% for p in task.input.h offset: 1 %}{{ p[0] }}{% else %}E{% endfor %}|{% for p in task.input.h offset: 3 %}{{ p[0] }}{% else %}E{% endfor %}', { h: { a: 1, b: 2 } })).toBe('b|E');
    expect(await render('{% for i in (1..3) offset: 3 %}{{ i }}{% else %}E{% endfor %}|{% for i in (1..3) offset: 2 limit: 5 %}{{ i }}{% else %}E{% endfor %}')).toBe('E|3');
  });

  it('offset: continue after the last page takes the else branch', async () => {
    const t = '{% for x in task.input.l limit: 2 %}{{ x }}{% endfor %}|{% for x in task.input.l offset: continue limit: 2 %}{{ x }}{% else %}done{% endfor %}';
    expect(await render(t, { l: ['a', 'b'] })).toBe('ab|done');
    expect(await render(t, { l: ['a', 'b', 'c'] })).toBe('ab|c');
  });

  it('an empty or missing collection takes it as before', async () => {
    expect(await render('{% for x in task.input.l %}x{% else %}none{% endfor %}|{% for x in task.input.gone limit: 1 %}x{% else %}none{% endfor %}', { l: [] })).toBe('none|none');
  });
});

// Review 43 F6: Shopify's RangeLookup makes both bounds integers; liquidjs counted up from the
// lower bound in steps of 1 while <= the upper, so (1..2.5) gave 1, 2, 3 and (1.5..3.7) gave 4.5.
describe('range bounds are integers, as Shopify reads them', () => {
  it('a number is truncated toward zero', async () => {
    expect(await render('{% for i in (1..task.input.n) %}{{ i }},{% endfor %}', { n: 2.5 })).toBe('1,2,');
    expect(await render('{% for i in (1.5..3.7) %}{{ i }},{% endfor %}|{% for i in (-2.7..0) %}{{ i }},{% endfor %}')).toBe('1,2,3,|-2,-1,0,');
  });

  it('text by its leading integer (Ruby String#to_i): "2.5" is 2, "abc" and nil are 0', async () => {
    expect(await render('{% for i in (1..task.input.n) %}{{ i }},{% endfor %}', { n: '2.5' })).toBe('1,2,');
    expect(await render('{% for i in (" 2x"..task.input.n) %}{{ i }}{% endfor %}|{% for i in (1..task.input.s) %}{{ i }}{% else %}none{% endfor %}|{% for i in (task.input.gone..1) %}{{ i }}{% endfor %}', { n: '4', s: 'abc' })).toBe(
      '234|none|01',
    );
  });

  it('with limit and offset too, and a page count from divided_by', async () => {
    expect(await render('{% for i in (1..task.input.n) offset: 1 limit: 5 %}{{ i }}{% endfor %}', { n: 3.9 })).toBe('23');
    expect(await render('{% assign pages = task.input.total | divided_by: 10 %}{% for p in (1..pages) %}[{{ p }}]{% endfor %}', { total: 25 })).toBe('[1][2]');
  });

  it('true, an array or a hash is Shopify\'s "invalid integer", at the for tag', async () => {
    const e = await rejected(renderTemplate('<ul>\n  {% for i in (1..task.input.n) %}{{ i }}{% endfor %}', { n: true }, { file: 't.html' }));
    expect(e).toMatchObject({ line: 2, column: 3, code: 'render', problem: 'invalid integer: a range bound must be a whole number, got true' });
    expect(e.hint).toContain('whole numbers');
    expect((await rejected(render('{% for i in (1..task.input.n) %}{% endfor %}', { n: [3] }))).problem).toContain('got an array');
  });
});

// Review 67 F7: tablerow walked ranges and captures the liquidjs way, unlike for.
describe('tablerow walks what for walks (tablerow-tag.ts)', () => {
  it('a huge range with a limit builds only the window', async () => {
    expect(await render('{% tablerow i in (1..100000000) offset: 1 limit: 2 %}{{ i }}{% endtablerow %}')).toBe('<tr class="row1"><td class="col1">2</td><td class="col2">3</td></tr>');
  });

  it('text offsets and limits are numbers, for ranges and arrays alike', async () => {
    const expected = '<tr class="row1"><td class="col1">2</td><td class="col2">3</td></tr>';
    expect(await render('{% tablerow i in (1..5) offset: "1" limit: "2" %}{{ i }}{% endtablerow %}')).toBe(expected);
    expect(await render('{% tablerow i in task.input.n offset: "1" limit: "2" %}{{ i }}{% endtablerow %}', { n: [1, 2, 3, 4, 5] })).toBe(expected);
  });

  it('a capture is one item, written as HTML', async () => {
    expect(await render('{% capture c %}<i>{{ task.input.x }}</i>{% endcapture %}{% tablerow i in c %}{{ i }}{% endtablerow %}', { x: '<b>' })).toBe('<tr class="row1"><td class="col1"><i>&lt;b&gt;</i></td></tr>');
  });

  it('keeps liquidjs layout: cols, tablerowloop, hashes as pairs, escaped items', async () => {
    expect(await render('{% tablerow i in (1..7) cols: 2 limit: 3 offset: 2 %}{{ i }}{{ tablerowloop.index }}{{ tablerowloop.col_last }}{% endtablerow %}')).toBe('<tr class="row1"><td class="col1">31false</td><td class="col2">42true</td></tr><tr class="row2"><td class="col1">53false</td></tr>');
    expect(await render('{% tablerow p in task.input.h %}{{ p[0] }}{% endtablerow %}|{% tablerow i in task.input.l %}{{ i }}{% endtablerow %}', { h: { x: 1, y: 2 }, l: ['<a>'] })).toBe('<tr class="row1"><td class="col1">x</td><td class="col2">y</td></tr>|<tr class="row1"><td class="col1">&lt;a&gt;</td></tr>');
  });
});
