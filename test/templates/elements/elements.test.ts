import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { defineCrowdElements, elementSpecs, standIns } from '../../../templates/elements/index.ts';
import type { Win } from '../../../templates/elements/runtime/dom.ts';

function page(body: string) {
  const window = new Window({ settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true, handleDisabledFileLoadingAsSuccess: true } });
  const win = window as unknown as Win;
  win.document.write(`<!doctype html><html><head></head><body>${body}</body></html>`);
  const events: string[] = [];
  win.document.addEventListener('all-crowd-elements-ready', () => events.push('ready'));
  defineCrowdElements(win);
  const answers: unknown[] = [];
  win.document.addEventListener('gtkit:submit', (e) => {
    e.preventDefault();
    answers.push((e as CustomEvent).detail.answer);
  });
  return { win, doc: win.document, events, answers };
}

const q = <T = HTMLElement & Record<string, unknown>>(doc: Document, sel: string) => doc.querySelector(sel) as unknown as T;
type WithSubmit = { submitAnswer(): Record<string, unknown> | null; serialize(): Record<string, unknown> };

describe('offline Crowd HTML Elements', () => {
  it('defines a stand-in for every element of the spec that takes part in a page', () => {
    for (const tag of Object.keys(elementSpecs)) if (!tag.startsWith('crowd-text-ranking') && !tag.startsWith('crowd-question')) expect(standIns[tag], tag).toBeDefined();
  });

  it('fires all-crowd-elements-ready once and shows the stand-in banner', () => {
    const { doc, events, win } = page('<crowd-form><crowd-input name="a"></crowd-input></crowd-form>');
    defineCrowdElements(win);
    expect(events).toEqual(['ready']);
    expect(doc.getElementById('gtkit-banner')?.textContent).toContain('stand-ins');
  });

  it('crowd-form wraps a real form, adds Submit, serialises every field and writes taskAnswers', () => {
    const { doc, answers } = page(`<crowd-form>
      <crowd-classifier name="intent" categories="['refund', 'delivery']" header="Intent?"><classification-target>Hi</classification-target></crowd-classifier>
      <crowd-input name="note" label="Note"></crowd-input>
      <crowd-input name="empty" label="Empty"></crowd-input>
      <crowd-checkbox name="flags" value="blurry"></crowd-checkbox><crowd-checkbox name="flags" value="dark" checked></crowd-checkbox>
      <input type="hidden" name="extra" value="x">
      <crowd-slider name="score" min="0" max="10" value="7"></crowd-slider>
    </crowd-form>`);
    const form = q<HTMLElement & WithSubmit>(doc, 'crowd-form');
    expect(doc.querySelector('crowd-form > form')).not.toBeNull();
    expect(doc.querySelector('crowd-button[form-action="submit"]')).not.toBeNull();
    (doc.querySelector('[data-label="delivery"]') as HTMLButtonElement).click();
    q<{ value: string }>(doc, 'crowd-input[name="note"]').value = 'both?';
    const answer = form.submitAnswer();
    expect(answer).toEqual({ intent: { label: 'delivery' }, note: 'both?', flags: { blurry: false, dark: true }, extra: 'x', score: 7 });
    expect(answers).toEqual([answer]);
    expect(JSON.parse((doc.querySelector('input[name="taskAnswers"]') as HTMLInputElement).value)).toEqual([answer]);
  });

  it('required fields block submission with a visible message; a submit listener can fill hidden inputs or cancel', () => {
    const { doc, answers } = page('<crowd-form><crowd-text-area name="t" required></crowd-text-area><input type="hidden" name="h"></crowd-form>');
    const form = q<HTMLElement & WithSubmit>(doc, 'crowd-form');
    expect(form.submitAnswer()).toBeNull();
    expect(doc.querySelector('[role="alert"]')?.textContent).toBe('This field is required.');
    q<{ value: string }>(doc, 'crowd-text-area').value = 'line one\nline two';
    form.addEventListener('submit', () => ((doc.querySelector('input[name="h"]') as HTMLInputElement).value = '{"stash":1}'));
    expect(form.submitAnswer()).toEqual({ t: 'line one\nline two', h: '{"stash":1}' });
    form.addEventListener('submit', (e) => e.preventDefault());
    expect(form.submitAnswer()).toBeNull();
    expect(answers).toHaveLength(1);
  });

  it('multi-select classifiers answer {labels}; image classifiers add workerComment only when written', () => {
    const { doc } = page(`<crowd-form>
      <crowd-classifier-multi-select name="m" categories='["a","b","c"]' header="h"></crowd-classifier-multi-select>
      <crowd-image-classifier name="i" src="x.png" categories="['Cat', 'Dog']" header="h"><worker-comment header="Why?"></worker-comment></crowd-image-classifier>
    </crowd-form>`);
    (doc.querySelector('crowd-classifier-multi-select [data-label="a"]') as HTMLButtonElement).click();
    (doc.querySelector('crowd-classifier-multi-select [data-label="c"]') as HTMLButtonElement).click();
    (doc.querySelector('crowd-image-classifier [data-label="Dog"]') as HTMLButtonElement).click();
    expect(q<WithSubmit>(doc, 'crowd-form').serialize()).toEqual({ m: { labels: ['a', 'c'] }, i: { label: 'Dog' } });
    (doc.querySelector('crowd-image-classifier textarea') as HTMLTextAreaElement).value = 'ears';
    expect(q<WithSubmit>(doc, 'crowd-form').serialize().i).toEqual({ label: 'Dog', workerComment: 'ears' });
  });

  it('crowd-bounding-box answers in image pixels and reports initialValueModified', () => {
    const { doc } = page(`<crowd-form><crowd-bounding-box name="b" src="x.png" header="h" labels="['car', 'person']" initial-value='[{"label":"car","left":10,"top":20,"width":30,"height":40}]'></crowd-bounding-box></crowd-form>`);
    const box = q<HTMLElement & { setImageSize(w: number, h: number): void; value: unknown; pick(i: number): void }>(doc, 'crowd-bounding-box');
    box.setImageSize(640, 480);
    expect(box.value).toEqual({ boundingBoxes: [{ label: 'car', left: 10, top: 20, width: 30, height: 40 }], inputImageProperties: { width: 640, height: 480 }, initialValueModified: false });
    box.pick(1);
    const stage = doc.querySelector('.gtkit-stage') as HTMLElement;
    stage.dispatchEvent(new (doc.defaultView as unknown as Win).KeyboardEvent('keydown', { key: 'n' }));
    expect((box.value as { boundingBoxes: unknown[] }).boundingBoxes).toHaveLength(2);
    expect((box.value as { boundingBoxes: Array<{ label: string }> }).boundingBoxes[1]?.label).toBe('person');
    expect((box.value as { initialValueModified: boolean }).initialValueModified).toBe(true);
    stage.dispatchEvent(new (doc.defaultView as unknown as Win).KeyboardEvent('keydown', { key: 'Delete' }));
    expect((box.value as { boundingBoxes: unknown[] }).boundingBoxes).toHaveLength(1);
  });

  it('crowd-entity-annotation answers code-point offsets with an exclusive end and submits on its own', () => {
    const { doc, answers } = page(`<crowd-entity-annotation name="ner" header="h" text="😀 Ada Lovelace met Babbage" labels="[{label: 'person', shortDisplayName: 'per'}]"></crowd-entity-annotation>`);
    const el = q<HTMLElement & { addEntity(l: string, s: number, e: number): void; value: unknown }>(doc, 'crowd-entity-annotation');
    el.addEntity('person', 2, 14);
    expect(el.value).toEqual({ entities: [{ label: 'person', startOffset: 2, endOffset: 14 }] });
    expect(doc.querySelector('mark')?.textContent).toBe('Ada Lovelaceper');
    (doc.querySelector('crowd-entity-annotation .gtkit-submit') as HTMLButtonElement).click();
    expect(answers).toEqual([{ ner: { entities: [{ label: 'person', startOffset: 2, endOffset: 14 }] } }]);
  });

  it('radio buttons, toggles and containers', () => {
    const { doc } = page(`<crowd-form><crowd-radio-group><crowd-radio-button name="r1" value="yes">Yes</crowd-radio-button><crowd-radio-button name="r2" value="no">No</crowd-radio-button></crowd-radio-group>
      <crowd-toggle-button name="t" value="ok" checked></crowd-toggle-button>
      <crowd-tabs><crowd-tab header="A"><crowd-input name="inA"></crowd-input></crowd-tab><crowd-tab header="B"></crowd-tab></crowd-tabs>
      <crowd-alert type="warning" dismissible>Careful</crowd-alert><crowd-instructions link-text="How?"><short-summary>s</short-summary></crowd-instructions></crowd-form>`);
    (doc.querySelector('crowd-radio-button[value="yes"] input') as HTMLInputElement).click();
    expect(q<WithSubmit>(doc, 'crowd-form').serialize()).toEqual({ r1: { yes: true }, r2: { no: false }, t: { ok: true } });
    expect(doc.querySelector('crowd-instructions summary')?.textContent).toBe('How?');
    expect(doc.querySelectorAll('crowd-tabs [role="tab"]')).toHaveLength(2);
  });
});
