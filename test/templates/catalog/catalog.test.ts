import { existsSync, readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { taskTypes } from '../../../lambdas/task-types/registry.ts';
import { taskTypeNames } from '../../../lambdas/task-types/names.ts';
import { taskTemplates, type CatalogTemplate } from '../../../templates/catalog/index.ts';
import { parseLenientValue } from '../../../templates/elements/attributes.ts';
import { elementSpecs } from '../../../templates/elements/spec.ts';
import { localResolver, maxTemplateChars, renderTemplate } from '../../../templates/engine/index.ts';
import { lintTemplate } from '../../../templates/lint/index.ts';

const resolver = localResolver('/__s3/');

/** The rendered page in happy-dom, with no script loaded or run (we check the markup). */
function dom(html: string) {
  const window = new Window({ settings: { disableJavaScriptFileLoading: true, disableJavaScriptEvaluation: true, disableCSSFileLoading: true, handleDisabledFileLoadingAsSuccess: true } });
  window.document.write(`<!doctype html><html><body>${html}</body></html>`);
  return window.document;
}

const inputOf = (taskInput: unknown) => taskInput as { taskObject: string; labels?: unknown[]; prompt?: string };
const cases = (Object.values(taskTemplates) as CatalogTemplate[]).flatMap((t) => t.sampleTaskInputs.map((taskInput, i) => ({ t, taskInput: inputOf(taskInput), name: `${t.type} sample ${i}` })));

describe('the catalog registry', () => {
  it('has one template per task type, keyed by its name, with the same answer field as the Lambda side', () => {
    expect(Object.keys(taskTemplates).sort()).toEqual([...taskTypeNames].sort());
    for (const [name, t] of Object.entries(taskTemplates)) {
      expect(t.type).toBe(name);
      expect(t.answerField, name).toBe(taskTypes[t.type].answerField);
      expect(t.sampleTaskInputs.length, name).toBeGreaterThan(0);
      expect(t.title.length).toBeGreaterThan(0);
    }
  });

  it('reads each template from a plain .liquid.html file a user can copy', () => {
    for (const t of Object.values(taskTemplates)) {
      expect(t.file.endsWith(`${t.type}.liquid.html`)).toBe(true);
      expect(existsSync(t.file)).toBe(true);
      expect(readFileSync(t.file, 'utf8')).toBe(t.source);
    }
  });

  it('keeps crowd-entity-annotation (and only it) outside crowd-form', () => {
    for (const t of Object.values(taskTemplates)) expect(t.insideCrowdForm, t.type).toBe(!elementSpecs[t.element]?.outsideCrowdForm);
  });
});

describe.each(cases)('$name', ({ t, taskInput }) => {
  it('renders far under the size limit and holds its element with the expected name and attributes', async () => {
    expect(t.source.length).toBeLessThan(maxTemplateChars / 20);
    const html = await renderTemplate(t.source, taskInput, { resolver });
    expect(html.length).toBeLessThan(maxTemplateChars);
    const doc = dom(html);
    const element = doc.querySelector(t.element);
    expect(element, `<${t.element}>`).not.toBeNull();
    expect(doc.querySelectorAll(t.element).length).toBe(1);
    expect(element?.getAttribute('name')).toBe(t.answerField);
    expect(Boolean(element?.closest('crowd-form'))).toBe(t.insideCrowdForm);
    const spec = elementSpecs[t.element];
    for (const attr of spec?.required ?? []) expect(element?.getAttribute(attr), `${t.element} ${attr}`).toBeTruthy();
    for (const attr of [...(spec?.arrayAttributes ?? []), ...(spec?.objectAttributes ?? [])]) {
      const value = element?.getAttribute(attr);
      if (value !== null && value !== undefined) expect(parseLenientValue(value).ok, `${attr}=${value}`).toBe(true);
    }
    // The labels arrive exactly as the PRE gave them, whatever quotes and markup they hold.
    const labelAttribute = spec?.labelAttribute;
    if (labelAttribute && taskInput.labels) expect(JSON.parse(element?.getAttribute(labelAttribute) ?? 'null')).toEqual(taskInput.labels);
  });

  it('shows the task object as given: presigned when it is in S3, escaped text otherwise', async () => {
    const html = await renderTemplate(t.source, taskInput, { resolver });
    const doc = dom(html);
    const object = taskInput.taskObject;
    if (/^(s3:\/\/|https:\/\/s3\.amazonaws\.com\/)/.test(object)) {
      const expected = resolver.resolve(object) as string;
      const sources = [...doc.querySelectorAll('[src]')].map((e) => e.getAttribute('src'));
      expect(sources).toContain(expected);
      expect(html).not.toMatch(/src="s3:\/\//);
    } else if (t.element === 'crowd-entity-annotation') {
      expect(doc.querySelector(t.element)?.getAttribute('text')).toBe(object);
    } else {
      expect(doc.querySelector('blockquote')?.textContent).toBe(object);
    }
    if (taskInput.prompt !== undefined) expect([...doc.querySelectorAll('h3')].map((h) => h.textContent)).toContain(taskInput.prompt);
    // Only the crowd script: nothing in the data became markup.
    expect([...doc.querySelectorAll('script')].map((s) => s.getAttribute('src'))).toEqual(['https://assets.crowd.aws/crowd-html-elements.js']);
    expect(doc.querySelector('b')).toBeNull();
  });

  it('has short and full instructions', async () => {
    const doc = dom(await renderTemplate(t.source, taskInput, { resolver }));
    const short = doc.querySelector('short-instructions') ?? doc.querySelector('crowd-instructions short-summary');
    const full = doc.querySelector('full-instructions') ?? doc.querySelector('crowd-instructions detailed-instructions');
    expect(short?.textContent?.trim().length).toBeGreaterThan(20);
    expect(full?.textContent?.trim().length).toBeGreaterThan(50);
  });

  it('works with the keyboard: says how, players have controls, nothing is mouse-only or out of tab order', async () => {
    const doc = dom(await renderTemplate(t.source, taskInput, { resolver }));
    expect(doc.body.textContent).toMatch(/Keyboard: .*Tab/);
    for (const media of doc.querySelectorAll('video, audio')) expect(media.hasAttribute('controls')).toBe(true);
    for (const e of doc.querySelectorAll('*')) {
      expect(e.hasAttribute('onclick'), e.tagName).toBe(false);
      expect(Number(e.getAttribute('tabindex') ?? 0)).toBeLessThanOrEqual(0);
    }
    for (const img of doc.querySelectorAll('img')) expect(img.getAttribute('alt')?.length).toBeGreaterThan(0);
  });

  it('lints clean: no errors and no warnings', async () => {
    expect(await lintTemplate(t.source, { file: `${t.type}.liquid.html`, taskInputs: [{ origin: 'sample', taskInput }] })).toEqual([]);
  });
});

describe.each(Object.values(taskTemplates))('$type with the default PRE of the Lambda side', (t) => {
  it('lints clean with what buildTaskInput makes of manifest lines', async () => {
    // Text kept in S3 (source-ref) is shown by the classifiers; crowd-entity-annotation needs the text itself.
    const lines =
      t.type === 'named-entity'
        ? [{ source: "Ada's text & <more>" }]
        : t.type === 'text-classification' || t.type === 'text-classification-multilabel'
          ? [{ source: "Ada's text & <more>" }, { 'source-ref': 's3://gtkit-samples/x/doc 1.txt' }]
          : [{ 'source-ref': 's3://gtkit-samples/x/item 1.jpg' }, { source: 'inline text' }];
    const labels = [{ label: 'first', shortDisplayName: '1st' }, { label: "it's" }];
    const taskInputs = lines.map((line, i) => ({ origin: `manifest.jsonl:${i + 1}`, taskInput: taskTypes[t.type].buildTaskInput(line, labels) }));
    expect(await lintTemplate(t.source, { file: 'template.liquid.html', taskInputs })).toEqual([]);
  });
});
