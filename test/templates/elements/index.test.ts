import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { defineCrowdElements, standInList, type Win } from '../../../templates/elements/index.ts';
import { happyPage, type HappyPage } from './happy-page.ts';

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

describe('defineCrowdElements', () => {
  it('defines every stand-in, shows the banner, and fires all-crowd-elements-ready once, after layout', () => {
    const p = (page = happyPage('<crowd-form><crowd-input name="a"></crowd-input></crowd-form><crowd-text-ranking name="r"></crowd-text-ranking>'));
    for (const s of standInList) expect(p.win.customElements.get(s.tag), s.tag).toBeDefined();
    expect(p.events).toEqual(['all-crowd-elements-ready']);
    defineCrowdElements(p.win);
    expect(p.events).toEqual(['all-crowd-elements-ready']);
    const banner = p.$('#gtkit-banner');
    expect(banner.getAttribute('role')).toBe('note');
    expect(banner.textContent).toContain('stand-ins');
    expect(banner.textContent).toContain('No stand-in for <crowd-text-ranking>.');
    expect(p.doc.body.firstElementChild).toBe(banner);
    expect(p.doc.querySelectorAll('#gtkit-banner')).toHaveLength(1);
    expect(p.doc.querySelectorAll('style#gtkit-crowd-stand-in-style')).toHaveLength(1);
  });

  it('waits for the parser when the script runs first, then lays out parents before children and fires ready', () => {
    const window = new Window({ settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
    const win = window as unknown as Win;
    const doc = win.document;
    let state: DocumentReadyState = 'loading';
    Object.defineProperty(doc, 'readyState', { get: () => state, configurable: true });
    const seen: string[] = [];
    doc.addEventListener('all-crowd-elements-ready', () => seen.push(`ready: form wrapped=${doc.querySelector('crowd-form > form > crowd-classifier [data-label="b"]') !== null}`));
    defineCrowdElements(win);
    doc.body.innerHTML = `<crowd-form><crowd-classifier name="c" header="h" categories="['a','b']"></crowd-classifier></crowd-form>`;
    // Still parsing: nothing is laid out yet (the children might not exist).
    expect(doc.querySelector('crowd-form > form')).toBeNull();
    state = 'interactive';
    doc.dispatchEvent(new win.Event('DOMContentLoaded'));
    expect(seen).toEqual(['ready: form wrapped=true']);
    void window.happyDOM.close();
  });

  it('lays out elements added by a script after the page is ready', () => {
    const p = (page = happyPage('<crowd-form></crowd-form>'));
    const input = p.doc.createElement('crowd-input');
    input.setAttribute('name', 'late');
    input.setAttribute('value', 'x');
    p.$('crowd-form form').prepend(input);
    expect(p.$('crowd-input input')).not.toBeNull();
    expect(p.$<{ serialize(): unknown }>('crowd-form').serialize()).toEqual({ late: 'x' });
  });

  it('one broken element shows its problem and the rest of the page still works', () => {
    const p = (page = happyPage(`<crowd-form><crowd-bounding-box name="b" header="h"></crowd-bounding-box><crowd-input name="ok" value="1"></crowd-input></crowd-form>`));
    expect(p.$('crowd-bounding-box .gtkit-problems').textContent).toContain('labels: no labels given');
    expect(p.$('crowd-bounding-box .gtkit-problems').textContent).toContain('src: no image given.');
    expect(p.$<{ serialize(): unknown }>('crowd-form').serialize()).toMatchObject({ ok: '1' });
  });
});
