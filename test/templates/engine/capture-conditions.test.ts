import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../templates/engine/index.ts';

const render = (template: string, input: unknown = {}) => renderTemplate(template, input);
const yes = (condition: string) => `{% if ${condition} %}T{% else %}F{% endif %}`;
// A capture of an output: its HTML is `a &amp; b`, the text it stands for `a & b` (what Shopify, which does not escape, would hold).
const captured = '{% capture c %}{{ task.input.s }}{% endcapture %}';
const ab = { s: 'a & b', list: ['x', 'a & b'], lt: '<' };

// Helper-52 task 1: conditions read a capture as its HTML, so `{% if c == "a & b" %}` was false
// for a capture that shows `a & b`, and `c contains "amp"` was true.
describe('conditions compare a capture by the text it stands for, as Shopify', () => {
  it('== and != against a literal and against the data it was made from, either way round', async () => {
    expect(await render(`${captured}${yes('c == "a & b"')}${yes('"a & b" == c')}${yes('c == task.input.s')}${yes('c != "a & b"')}${yes('c == "a &amp; b"')}`, ab)).toBe('TTTFF');
  });

  it('two captures of the same text are equal', async () => {
    expect(await render(`${captured}{% capture d %}a &amp; b{% endcapture %}${yes('c == d')}${yes('c != d')}`, ab)).toBe('TF');
  });

  it('contains: a capture contains a string, and a string or an array contains a capture', async () => {
    const t = `${captured}${yes('c contains "&"')}${yes('c contains "amp"')}${yes('"xa & by" contains c')}${yes('task.input.list contains c')}`;
    expect(await render(t, ab)).toBe('TFTT');
  });

  it('case / when, with the capture on either side', async () => {
    const t = `${captured}{% case c %}{% when "a &amp; b" %}html{% when "x", "a & b" %}text{% else %}none{% endcase %}|{% case task.input.s %}{% when c %}text{% else %}none{% endcase %}`;
    expect(await render(t, ab)).toBe('text|text');
  });

  it('< > <= >= compare the text (`<` is after `;`, its HTML `&lt;` is before), numbers as before', async () => {
    const lt = '{% capture c %}{{ task.input.lt }}{% endcapture %}';
    expect(await render(`${lt}${yes('c > ";"')}${yes('c >= ";"')}${yes('";" < c')}${yes('c <= ";"')}`, ab)).toBe('TTTF');
    expect(await render(`{% capture n %}{{ 10 }}{% endcapture %}${yes('n > 9')}${yes('n < 9')}${yes('n == "10"')}`)).toBe('TFT');
  });

  it('blank, empty and nil: a capture of nothing is empty, of spaces blank, never nil', async () => {
    const t = (body: string) => `{% capture c %}${body}{% endcapture %}${yes('c == empty')}${yes('c == blank')}${yes('c == nil')}${yes('c')}`;
    expect(await render(t(''))).toBe('TTFT');
    expect(await render(t('{{ task.input.w }}'), { w: ' \n' })).toBe('FTFT');
    expect(await render(t('{{ task.input.s }}'), ab)).toBe('FFFT');
  });

  it('unless, elsif and and/or read it the same way', async () => {
    const t = `${captured}{% unless c == "a & b" %}U{% endunless %}{% if false %}{% elsif c == "a & b" and c contains "&" %}E{% endif %}${yes('c == "x" or c == "a & b"')}`;
    expect(await render(t, ab)).toBe('ET');
  });
});
