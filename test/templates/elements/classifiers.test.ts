import { afterEach, describe, expect, it } from 'vitest';
import { happyPage, type HappyPage } from './happy-page.ts';

type Form = HTMLElement & { serialize(): Record<string, unknown>; requestSubmit(): Record<string, unknown> | null };

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});
const open = (body: string) => (page = happyPage(body));
const chips = (p: HappyPage, sel: string) => Array.from(p.doc.querySelectorAll<HTMLButtonElement>(`${sel} [data-label]`));

describe('crowd-classifier', () => {
  it('reads categories as JSON or JavaScript-style lists and shows the target and instructions', () => {
    const p = open(`<crowd-form><crowd-classifier name="c" header="Which intent?" categories="['refund', 'delivery', 'other']">
      <classification-target><blockquote>Where is my parcel?</blockquote></classification-target>
      <short-instructions>Pick one.</short-instructions><full-instructions header="How">Long text</full-instructions>
    </crowd-classifier></crowd-form>`);
    expect(chips(p, 'crowd-classifier').map((c) => c.dataset.label)).toEqual(['refund', 'delivery', 'other']);
    expect(p.$('crowd-classifier .gtkit-header').textContent).toBe('Which intent?');
    expect(p.$('crowd-classifier .gtkit-target blockquote').textContent).toBe('Where is my parcel?');
    expect(p.$('crowd-classifier [role="radiogroup"]').getAttribute('aria-labelledby')).toBe(p.$('crowd-classifier .gtkit-header').id);
    expect(p.$('crowd-classifier aside short-instructions').textContent).toBe('Pick one.');
    expect(p.$('crowd-classifier aside dialog full-instructions').textContent).toBe('Long text');
    const json = open(`<crowd-form><crowd-classifier name="c" header="h" categories='["x","y"]'></crowd-classifier></crowd-form>`);
    expect(chips(json, 'crowd-classifier').map((c) => c.dataset.label)).toEqual(['x', 'y']);
  });

  it('answers {label}; a new click replaces the choice; nothing chosen blocks submit', () => {
    const p = open(`<crowd-form><crowd-classifier name="c" header="h" categories="['a', 'b']"></crowd-classifier></crowd-form>`);
    const el = p.$<{ value: unknown }>('crowd-classifier');
    expect(el.value).toBeUndefined();
    expect(p.$<Form>('crowd-form').requestSubmit()).toBeNull();
    expect(p.$('crowd-classifier .gtkit-error').textContent).toBe('Choose a category.');
    chips(p, 'crowd-classifier')[0]?.click();
    chips(p, 'crowd-classifier')[1]?.click();
    expect(el.value).toEqual({ label: 'b' });
    expect(chips(p, 'crowd-classifier').map((c) => c.getAttribute('aria-checked'))).toEqual(['false', 'true']);
    expect(p.$('crowd-classifier .gtkit-error').textContent).toBe('');
    expect(p.$<Form>('crowd-form').requestSubmit()).toEqual({ c: { label: 'b' } });
  });

  it('keyboard: arrows move and pick (one tab stop), number keys pick, Enter submits the form', () => {
    const p = open(`<crowd-form><crowd-classifier name="c" header="h" categories="['a', 'b', 'c']"></crowd-classifier></crowd-form>`);
    const [a, b, c] = chips(p, 'crowd-classifier');
    expect([a?.tabIndex, b?.tabIndex, c?.tabIndex]).toEqual([0, -1, -1]);
    p.key(a as Element, 'ArrowRight');
    expect(p.$<{ value: unknown }>('crowd-classifier').value).toEqual({ label: 'b' });
    expect(p.doc.activeElement).toBe(b);
    expect([a?.tabIndex, b?.tabIndex]).toEqual([-1, 0]);
    p.key(b as Element, 'ArrowLeft');
    p.key(a as Element, 'ArrowLeft');
    expect(p.$<{ value: unknown }>('crowd-classifier').value).toEqual({ label: 'c' });
    p.key(c as Element, '1');
    expect(p.$<{ value: unknown }>('crowd-classifier').value).toEqual({ label: 'a' });
    p.key(a as Element, 'Enter');
    expect(p.answers).toEqual([{ c: { label: 'a' } }]);
  });

  // walk150 #4: Enter submitted past a Submit the page keeps disabled until it is ready.
  it('Enter submits nothing while every submit control of the form is disabled, and submits once one is enabled', () => {
    const p = open(`<crowd-form><crowd-classifier name="c" header="h" categories="['a', 'b']"></crowd-classifier><crowd-button form-action="submit" id="go" disabled>Send</crowd-button></crowd-form>`);
    const [a, b] = chips(p, 'crowd-classifier');
    p.key(a as Element, '2');
    p.key(b as Element, 'Enter');
    expect(p.answers).toEqual([]);
    expect(p.$<{ value: unknown }>('crowd-classifier').value).toEqual({ label: 'b' });
    p.$('#go').removeAttribute('disabled');
    p.key(b as Element, 'Enter');
    expect(p.answers).toEqual([{ c: { label: 'b' } }]);
  });

  it.each([
    ['a loading crowd-button', `<crowd-button form-action="submit" loading>Send</crowd-button>`, 0],
    ['a native submit button in a disabled fieldset', `<fieldset disabled><button type="submit">Send</button></fieldset>`, 0],
    ['one disabled and one enabled submit control', `<crowd-button form-action="submit" disabled>A</crowd-button><input type="submit" value="B">`, 1],
    ['a disabled button that does not submit (the form adds its own Submit)', `<crowd-button disabled>Help</crowd-button>`, 1],
  ])('Enter with %s', (_, controls, submitted) => {
    const p = open(`<crowd-form><crowd-classifier name="c" header="h" categories="['a', 'b']"></crowd-classifier>${controls}</crowd-form>`);
    const [a] = chips(p, 'crowd-classifier');
    p.key(a as Element, 'Enter');
    expect(p.answers).toHaveLength(submitted);
  });

  it('reports a categories attribute that does not parse, inside the element', () => {
    const p = open(`<crowd-form><crowd-classifier name="c" header="h" categories="['a', 'b'"></crowd-classifier></crowd-form>`);
    expect(p.$('crowd-classifier .gtkit-problems').textContent).toMatch(/categories: expected "," or "\]" at character 10.*categories: no categories given/s);
    expect(p.$('crowd-classifier .gtkit-problems').getAttribute('role')).toBe('alert');
  });
});

describe('crowd-classifier-multi-select', () => {
  it('answers {labels} in category order; the exclusion choice stands alone', () => {
    const p = open(`<crowd-form><crowd-classifier-multi-select name="m" header="h" categories="['x', 'y', 'z']" exclusion-category="{ text: 'None of these' }"></crowd-classifier-multi-select></crowd-form>`);
    const [x, y, z, none] = chips(p, 'crowd-classifier-multi-select');
    expect(none?.dataset.label).toBe('None of these');
    expect(p.$('crowd-classifier-multi-select [role="group"]')).not.toBeNull();
    expect(x?.getAttribute('role')).toBe('checkbox');
    expect(p.$<Form>('crowd-form').requestSubmit()).toBeNull();
    expect(p.$('crowd-classifier-multi-select .gtkit-error').textContent).toBe('Choose at least one category (or “None of these”).');
    z?.click();
    x?.click();
    expect(p.$<{ value: unknown }>('crowd-classifier-multi-select').value).toEqual({ labels: ['x', 'z'] });
    x?.click();
    expect(p.$<{ value: unknown }>('crowd-classifier-multi-select').value).toEqual({ labels: ['z'] });
    none?.click();
    expect(p.$<{ value: unknown }>('crowd-classifier-multi-select').value).toEqual({ labels: ['None of these'] });
    expect(chips(p, 'crowd-classifier-multi-select').map((c) => c.getAttribute('aria-checked'))).toEqual(['false', 'false', 'false', 'true']);
    y?.click();
    expect(p.$<{ value: unknown }>('crowd-classifier-multi-select').value).toEqual({ labels: ['y'] });
  });

  it('keyboard: arrows only move focus, Space (a click) toggles', () => {
    const p = open(`<crowd-form><crowd-classifier-multi-select name="m" header="h" categories="['x', 'y']"></crowd-classifier-multi-select></crowd-form>`);
    const [x, y] = chips(p, 'crowd-classifier-multi-select');
    p.key(x as Element, 'ArrowRight');
    expect(p.doc.activeElement).toBe(y);
    expect(p.$<{ value: unknown }>('crowd-classifier-multi-select').value).toEqual({ labels: [] });
    p.key(y as Element, '2');
    expect(p.$<{ value: unknown }>('crowd-classifier-multi-select').value).toEqual({ labels: ['y'] });
  });
});

describe('crowd-image-classifier and -multi-select', () => {
  it('show the image, add workerComment only when one was written', () => {
    const p = open(`<crowd-form>
      <crowd-image-classifier name="i" src="/cat.png" header="What is it?" categories="['Cat', 'Dog']"><worker-comment header="Why?" link-text="Explain" placeholder="optional"></worker-comment></crowd-image-classifier>
      <crowd-image-classifier-multi-select name="m" src="/cat.png" header="All that apply" categories="['Cat', 'Bird']"><worker-comment header="Notes"></worker-comment></crowd-image-classifier-multi-select>
    </crowd-form>`);
    expect(p.$<HTMLImageElement>('crowd-image-classifier img').getAttribute('src')).toBe('/cat.png');
    expect(p.$<HTMLImageElement>('crowd-image-classifier img').alt).toBe('What is it?');
    p.$<HTMLButtonElement>('crowd-image-classifier [data-label="Dog"]').click();
    p.$<HTMLButtonElement>('crowd-image-classifier-multi-select [data-label="Bird"]').click();
    expect(p.$<Form>('crowd-form').serialize()).toEqual({ i: { label: 'Dog' }, m: { labels: ['Bird'] } });
    const open_ = p.$<HTMLButtonElement>('crowd-image-classifier worker-comment button');
    expect(open_.textContent).toBe('Explain');
    expect(open_.getAttribute('aria-expanded')).toBe('false');
    open_.click();
    expect(open_.getAttribute('aria-expanded')).toBe('true');
    const comment = p.$<HTMLTextAreaElement>('crowd-image-classifier textarea');
    expect(comment.placeholder).toBe('optional');
    expect(p.doc.activeElement).toBe(comment);
    comment.value = '  floppy ears ';
    expect(p.$<Form>('crowd-form').serialize().i).toEqual({ label: 'Dog', workerComment: 'floppy ears' });
    comment.value = '   ';
    expect(p.$<Form>('crowd-form').serialize().i).toEqual({ label: 'Dog' });
  });

  it('draw a bounding-box verification overlay; report more than 10 categories', () => {
    const p = open(`<crowd-form><crowd-image-classifier name="v" src="/x.png" header="Good boxes?" categories="['a','b','c','d','e','f','g','h','i','j','k']"
      overlay='{ "boundingBox": { labels: ["bird", "cat"], value: [ { height: 284, label: "bird", left: 230, top: 974, width: 223 }, { height: 69, label: "cat", left: 79, top: 889, width: 247 } ] }, }'></crowd-image-classifier></crowd-form>`);
    const rects = Array.from(p.doc.querySelectorAll('crowd-image-classifier .gtkit-overlay-stage svg rect'));
    expect(rects.map((r) => [r.getAttribute('x'), r.getAttribute('y'), r.getAttribute('width'), r.getAttribute('height'), r.getAttribute('stroke')])).toEqual([
      ['230', '974', '223', '284', '#1f77b4'],
      ['79', '889', '247', '69', '#ff7f0e'],
    ]);
    expect(p.$('crowd-image-classifier .gtkit-problems').textContent).toContain('categories: 11 given, the element accepts up to 10.');
    expect(chips(p, 'crowd-image-classifier')).toHaveLength(11);
  });

  it('show a segmentation overlay image', () => {
    const p = open(`<crowd-form><crowd-image-classifier name="v" src="/x.png" header="h" categories="['good','bad']" overlay='{ "semanticSegmentation": { "labels": ["Cat"], "labelMappings": { "Cat": { "color": "#2ca02c" } }, "src": "/mask.png" } }'></crowd-image-classifier></crowd-form>`);
    expect(p.$<HTMLImageElement>('crowd-image-classifier .gtkit-overlay-img').getAttribute('src')).toBe('/mask.png');
  });
});
