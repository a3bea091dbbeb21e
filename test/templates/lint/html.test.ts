import { describe, expect, it } from 'vitest';
import { closestAncestor, parseDocument } from '../../../templates/lint/html.ts';
import { lintTemplate } from '../../../templates/lint/index.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>';

describe('parseDocument: each element points at its parent', () => {
  it('nests as a browser does, sharing the parent objects rather than copying the ancestors', () => {
    const [form, div, input, p] = parseDocument('<crowd-form><div><crowd-input name="a" /><p>x</p></div></crowd-form>').elements;
    expect([form?.tag, div?.tag, input?.tag, p?.tag]).toEqual(['crowd-form', 'div', 'crowd-input', 'p']);
    expect(form?.parent).toBeUndefined();
    expect(div?.parent).toBe(form);
    // `<crowd-input />` does not close itself: the <p> ends up inside it.
    expect(input?.parent).toBe(div);
    expect(p?.parent).toBe(input);
  });

  it('closestAncestor finds the nearest enclosing tag of a set, whatever order elements are asked in', () => {
    const elements = parseDocument('<crowd-form><crowd-tabs><crowd-tab><div><span><b>x</b></span></div></crowd-tab></crowd-tabs></crowd-form><i>y</i>').elements;
    const by = (tag: string) => elements.find((e) => e.tag === tag);
    const [b, span, tab, form, i] = [by('b'), by('span'), by('crowd-tab'), by('crowd-form'), by('i')];
    if (!b || !span || !tab || !form || !i) throw new Error('parse');
    // Ask the inner element first, then one higher up the same chain, then the reverse order.
    expect(closestAncestor(span, 'crowd-form')).toBe(form);
    expect(closestAncestor(b, 'crowd-form')).toBe(form);
    expect(closestAncestor(b, ['crowd-tab', 'crowd-tabs'])).toBe(tab);
    expect(closestAncestor(tab, ['crowd-tab', 'crowd-tabs'])?.tag).toBe('crowd-tabs');
    expect(closestAncestor(form, 'crowd-form')).toBeUndefined();
    expect(closestAncestor(i, 'crowd-form')).toBeUndefined();
    expect(closestAncestor(b, 'svg')).toBeUndefined();
  });

  // Before the parent chain, each element copied its ancestors: 25,000 unclosed <div>s (125 KB,
  // under Ground Truth's limit) took ~10 s and 2.7 GB, and three renders ran out of heap.
  it('lints a template ending in 25,000 unclosed <div>s quickly, with renders too', async () => {
    const deep = `${script}<crowd-form><crowd-input name="a" value="{{ task.input.v }}"></crowd-input></crowd-form>${'<div>'.repeat(25_000)}`;
    const findings = await lintTemplate(deep, { file: 't.html', taskInputs: [1, 2, 3].map((v) => ({ origin: `manifest.jsonl:${v}`, taskInput: { v } })) });
    expect(findings).toEqual([]);
    // What kept memory at depth²: each element held a copy of its ancestors. Now each points at
    // its parent, one shared object: checked here by the structure, not by a time bound.
    const elements = parseDocument(deep).elements;
    expect(elements.filter((e) => Object.hasOwn(e, 'ancestors'))).toEqual([]);
    const divs = elements.filter((e) => e.tag === 'div');
    expect(divs).toHaveLength(25_000);
    expect(divs.every((e, i) => e.parent === (i === 0 ? undefined : divs[i - 1]))).toBe(true);
    const last = elements.at(-1);
    expect(last && closestAncestor(last, 'crowd-form')).toBeUndefined();
  }, 20_000);
});

describe('parseDocument: Liquid in script and style text', () => {
  it('is collected only when asked for (the masked source), not for every rendered page', () => {
    const masked = '<script>const m = \u0002\u0002;</script><p>\u0002</p>';
    expect(parseDocument(masked, undefined, { rawTextLiquid: true }).rawTextLiquid).toEqual([{ tag: 'script', begin: 8, end: 21 }]);
    expect(parseDocument(masked).rawTextLiquid).toBeUndefined();
  });
});
