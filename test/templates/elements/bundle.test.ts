import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { buildCrowdElementsBundle } from '../../../templates/elements/bundle.ts';

describe('buildCrowdElementsBundle', () => {
  it('builds one self-contained browser script, once per process', async () => {
    const first = buildCrowdElementsBundle();
    expect(buildCrowdElementsBundle()).toBe(first);
    const code = await first;
    expect(code.startsWith('/* gtkit offline stand-ins for the Crowd HTML Elements')).toBe(true);
    expect(code).toMatch(/^\/\*[^]*?\*\/\n\(\(\)=>\{/);
    expect(code).not.toMatch(/\bimport\s*[({"'`]|\brequire\(/);
    expect(code).toContain('all-crowd-elements-ready');
    expect(code.length).toBeLessThan(200_000);
  });

  it('defines the stand-ins when a page runs it', async () => {
    const code = await buildCrowdElementsBundle();
    // The bundle is our own code; happy-dom runs inline scripts only when asked to.
    const window = new Window({ settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
    const doc = window.document;
    doc.write(`<!doctype html><html><head></head><body><crowd-form><crowd-input name="a" value="x"></crowd-input></crowd-form></body></html>`);
    const ready: string[] = [];
    doc.addEventListener('all-crowd-elements-ready', () => ready.push('ready'));
    const script = doc.createElement('script');
    script.textContent = code;
    doc.body.append(script);
    expect(window.customElements.get('crowd-bounding-box')).toBeDefined();
    expect(doc.querySelector('crowd-form > form crowd-input input')).not.toBeNull();
    expect(ready).toEqual(['ready']);
    await window.happyDOM.close();
  });
});
