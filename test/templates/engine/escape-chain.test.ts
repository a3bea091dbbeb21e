import { describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate } from '../../../templates/engine/index.ts';
import { caught } from './template-errors.ts';

const render = (template: string, input: unknown = {}) => renderTemplate(template, input);
// Data that holds a character reference as text: the worker must see `a &amp; b`, not `a & b`.
const literal = { x: 'a &amp; b' };

// Helper-52 task 2: `escape` followed by other filters ended the output with escape_once, which
// took a reference that was text in the data for markup: `{{ x | escape | append: "!" }}` showed `a & b!`.
describe('escape followed by other filters: escaped exactly once relative to the data', () => {
  it('upcase, append, truncate, split | join', async () => {
    expect(await render('{{ task.input.x | escape | upcase }}', literal)).toBe('A &amp;AMP; B');
    expect(await render('{{ task.input.x | escape | append: "!" }}', literal)).toBe('a &amp;amp; b!');
    expect(await render('{{ task.input.x | escape | truncate: 8 }}', literal)).toBe('a &amp;am...');
    expect(await render('{{ task.input.x | escape | split: " " | join: "_" }}', literal)).toBe('a_&amp;amp;_b');
  });

  it('escape_once: a reference in the data stands for its character, a bare & is text', async () => {
    const data = { x: 'a &amp; b & c' };
    expect(await render('{{ task.input.x | escape_once | upcase }}', data)).toBe('A &amp; B &amp; C');
    expect(await render('{{ task.input.x | escape_once | append: "!" }}', data)).toBe('a &amp; b &amp; c!');
    expect(await render('{{ task.input.x | escape_once | split: " " | join: "+" }}', data)).toBe('a+&amp;+b+&amp;+c');
  });

  // Reference §3.4: an explicit escape "only makes it more obvious"; it must not change what the worker sees.
  it('the same output as the chain without escape, for data with markup, quotes and references', async () => {
    const data = { x: `<b>it's</b> a &amp; b &nbsp; "q"` };
    const rests = ['upcase', 'downcase', 'capitalize', 'strip', 'append: "&nbsp;"', 'prepend: "<i>"', 'truncate: 12', 'split: " " | join: "_"', 'replace: "&", "and"', 'size', 'to_json', 'url_encode', 'default: "none"', 'upcase | append: "<"'];
    for (const rest of rests) {
      expect(await render(`{{ task.input.x | escape | ${rest} }}`, data), rest).toBe(await render(`{{ task.input.x | ${rest} }}`, data));
      expect(await render(`{% echo task.input.x | escape | ${rest} %}`, data), `echo ${rest}`).toBe(await render(`{{ task.input.x | ${rest} }}`, data));
    }
  });

  it('an entity a filter argument brings in is text, as it is without escape', async () => {
    expect(await render('{{ task.input.x | escape | append: "&nbsp;" }}|{{ task.input.x | append: "&nbsp;" }}', { x: 'a' })).toBe('a&amp;nbsp;|a&amp;nbsp;');
  });
});

// Upcasing HTML upcased its character references too: `&nbsp;` became `&NBSP;`, which no browser
// reads as a reference, so the worker saw `&NBSP;`.
describe('case changes on HTML leave character references as they are', () => {
  it('in a capture and after escape', async () => {
    const t = '{% capture c %}a&nbsp;<b>{{ task.input.s }}</b>&frac12;&#xe9;{% endcapture %}{{ c | upcase }}|{{ c | capitalize }}|{{ task.input.s | escape | upcase }}';
    expect(await render(t, { s: "it's & <x>" })).toBe('A&nbsp;<B>IT&#39;S &amp; &lt;X&gt;</B>&frac12;&#xe9;|A&nbsp;<b>it&#39;s &amp; &lt;x&gt;</b>&frac12;&#xe9;|IT&#39;S &amp; &lt;X&gt;');
  });
});

// Review 67 F1: liquidjs's cycle unwrapped its value before escaping it, so an escaped value or a
// capture was escaped twice; and it applied filters Shopify's cycle drops.
describe('cycle writes its value the way {{ … }} does', () => {
  const data = { x: `<b>&'`, l: ["<'>"] };
  const setup = '{% assign e = task.input.x | escape %}{% capture c %}<i>{{ task.input.x }}</i>{% endcapture %}';

  it('an escaped value and a capture are escaped once', async () => {
    expect(await render(`${setup}{% cycle e, "b" %}|{{ e }}`, data)).toBe('&lt;b&gt;&amp;&#39;|&lt;b&gt;&amp;&#39;');
    expect(await render(`${setup}{% cycle c, "b" %}|{{ c }}`, data)).toBe('<i>&lt;b&gt;&amp;&#39;</i>|<i>&lt;b&gt;&amp;&#39;</i>');
  });

  it('the same output as {{ … }} for every kind of value, also on {% liquid %} lines', async () => {
    for (const value of ['task.input.x', 'task.input.l', 'e', 'c', '"<q>"', 'nil', '3']) {
      const output = await render(`${setup}{{ ${value} }}`, data);
      expect(await render(`${setup}{% cycle ${value} %}`, data), value).toBe(output);
      expect(await render(`${setup}{% liquid\ncycle ${value}\n%}`, data), value).toBe(output);
    }
  });

  it('refuses filters, which Shopify drops there, and says what to write', () => {
    const e = caught(() => compileTemplate('<ul>\n  <li class="{% cycle "odd" | upcase, "even" %}">'));
    expect([e.code, e.line, e.column, e.problem]).toEqual(['syntax', 2, 14, 'cycle takes values, not filters: Shopify Liquid ignores | upcase here; assign the filtered value first ({% assign v = "odd" | upcase %}) and cycle v']);
  });

  it('keeps liquidjs order: one counter per group and list of values', async () => {
    expect(await render('{% for i in (1..5) %}{% cycle "a", "b", "c" %}{% cycle "g": "x", "y" %}{% cycle "h": "x", "y" %}{% endfor %}')).toBe('axxbyycxxayybxx');
  });
});
