import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../templates/engine/index.ts';

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
