import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { taskTemplates } from '../../templates/catalog/index.ts';
import { parseLenientValue } from '../../templates/elements/attributes.ts';
import { elementSpecs } from '../../templates/elements/spec.ts';
import { localResolver, maxTemplateChars, renderTemplate } from '../../templates/engine/index.ts';
import { lintTemplate } from '../../templates/lint/index.ts';

function dom(html: string) {
  const window = new Window({ settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true, handleDisabledFileLoadingAsSuccess: true } });
  window.document.write(`<!doctype html><html><body>${html}</body></html>`);
  return window.document;
}

describe.each(Object.values(taskTemplates))('catalog template $type', (t) => {
  it('renders with its sample input, holds its element with the right name and parseable attributes, under the size limit', async () => {
    expect(t.source.length).toBeLessThan(maxTemplateChars / 10);
    const html = await renderTemplate(t.source, t.sampleTaskInputs[0], { resolver: localResolver() });
    const doc = dom(html);
    const element = doc.querySelector(t.element);
    expect(element, `<${t.element}> in ${t.type}`).not.toBeNull();
    expect(element?.getAttribute('name')).toBe(t.answerField);
    const spec = elementSpecs[t.element];
    for (const attr of spec?.required ?? []) expect(element?.hasAttribute(attr), `${t.element} ${attr}`).toBe(true);
    for (const attr of [...(spec?.arrayAttributes ?? []), ...(spec?.objectAttributes ?? [])]) {
      const value = element?.getAttribute(attr);
      if (value !== null && value !== undefined) expect(parseLenientValue(value).ok, `${attr}=${value}`).toBe(true);
    }
    expect(doc.querySelector('short-instructions')).not.toBeNull();
    expect(doc.querySelector('full-instructions')).not.toBeNull();
    expect(doc.querySelector('script[src="https://assets.crowd.aws/crowd-html-elements.js"]')).not.toBeNull();
    expect(Boolean(element?.closest('crowd-form'))).toBe(t.insideCrowdForm);
    // Task data is escaped, never injected as markup.
    expect(html).not.toMatch(/<refund>|<b>/);
    // Every s3:// object is presigned (here: mapped to the preview's local URL).
    expect(html).not.toMatch(/src="s3:\/\//);
  });

  it('lints clean against its sample input', async () => {
    const findings = await lintTemplate(t.source, { file: t.type, taskInputs: t.sampleTaskInputs.map((taskInput, i) => ({ origin: `sample ${i}`, taskInput })) });
    expect(findings).toEqual([]);
  });
});
