import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../templates/engine/index.ts';

const render = (template: string, input: unknown = {}) => renderTemplate(template, input);

// Review 43 F8: Shopify's `contains` calls Ruby's include?, which on a Hash tests its keys;
// liquidjs said false for every hash.
describe('contains on a hash tests its keys', () => {
  it('finds a key, not a value', async () => {
    const t = '{% if task.input.flags contains "urgent" %}urgent{% else %}normal{% endif %}';
    expect(await render(t, { flags: { urgent: true } })).toBe('urgent');
    expect(await render(t, { flags: { other: 'urgent' } })).toBe('normal');
    expect(await render(t, { flags: {} })).toBe('normal');
  });

  it('own keys only: inherited names are not keys, a JSON "__proto__" key is', async () => {
    const t = '{% if task.input.h contains "toString" %}T{% endif %}{% if task.input.h contains "constructor" %}C{% endif %}{% if task.input.h contains "__proto__" %}P{% endif %}';
    expect(await render(t, { h: { a: 1 } })).toBe('');
    expect(await render(t, JSON.parse('{"h": {"__proto__": 1}}'))).toBe('P');
  });

  it('keys are text: a number is not found (Ruby: {"1" => x}.include?(1) is false)', async () => {
    expect(await render('{% if task.input.h contains 1 %}yes{% else %}no{% endif %}|{% if task.input.h contains "1" %}yes{% endif %}', { h: { 1: 'x' } })).toBe('no|yes');
  });

  it('strings and arrays keep working', async () => {
    expect(await render('{% if task.input.s contains "ell" %}S{% endif %}{% if task.input.a contains 2 %}A{% endif %}{% if task.input.a contains "2" %}X{% endif %}', { s: 'hello', a: [1, 2] })).toBe('SA');
  });
});
