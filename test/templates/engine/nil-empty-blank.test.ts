import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../templates/engine/index.ts';

const render = (template: string, input: unknown = {}) => renderTemplate(template, input);

// Review 43 F2: liquidjs's nil / empty / blank are Drops, and gtkit's output and JSON printed the
// object itself: `[object Object]` in the page and `{}` from to_json.
describe('nil, empty and blank', () => {
  it('write nothing, as literals and as variables assigned from them', async () => {
    expect(await render('[{{ nil }}] [{{ empty }}] [{{ blank }}]')).toBe('[] [] []');
    expect(await render('{% assign sel = nil %}<crowd-input name="x" value="{{ sel }}"></crowd-input>')).toBe('<crowd-input name="x" value=""></crowd-input>');
  });

  it('the "reset, then maybe set" idiom leaves an answer field empty, not "[object Object]"', async () => {
    const t = '{% assign sel = nil %}{% for l in task.input.labels %}{% if l.preset %}{% assign sel = l.name %}{% endif %}{% endfor %}<crowd-input name="answer" value="{{ sel }}"></crowd-input>';
    expect(await render(t, { labels: [{ name: 'a' }, { name: 'b' }] })).toBe('<crowd-input name="answer" value=""></crowd-input>');
    expect(await render(t, { labels: [{ name: 'a' }, { name: 'b', preset: true }] })).toBe('<crowd-input name="answer" value="b"></crowd-input>');
  });

  it('through filters that make text: default, escape, escape_once, url_encode, url_decode, echo', async () => {
    expect(await render('[{{ task.input.missing | default: nil }}] [{{ nil | escape }}] [{{ empty | escape_once }}] [{{ nil | url_encode }}] [{{ blank | url_decode }}] [{% echo nil %}]')).toBe('[] [] [] [] [] []');
  });

  it('to_json: nil is null (Ruby nil.to_json); empty and blank are "" (their value, the empty string)', async () => {
    expect(await render('{{ nil | to_json }} {% assign x = nil %}{{ x | to_json }} {{ task.input.missing | to_json }}')).toBe('null null null');
    expect(await render('{{ empty | to_json }} {{ blank | to_json }}')).toBe('"" ""');
  });

  it('still compare as before', async () => {
    expect(await render('{% if task.input.s == empty %}E{% endif %}{% if task.input.w == blank %}B{% endif %}{% if task.input.gone == nil %}N{% endif %}', { s: '', w: '  ' })).toBe('EBN');
  });
});
