import { request } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnswers } from '../../../scaffold/run/answers-file.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { startPreview, type PreviewServer } from '../../../scaffold/preview/server.ts';
import { hasChromium, launchChromium } from '../../helpers/chromium.ts';

if (!hasChromium) console.warn('skipping the browser tests: no Chromium at /usr/bin/chromium (apt-get install chromium)');

let root: string;
let browser: Browser;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-preview-'));
  if (hasChromium) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rm(root, { recursive: true, force: true });
});

async function preview(type: Parameters<typeof initTask>[0]['type'], name: string): Promise<{ server: PreviewServer; dir: string }> {
  const dir = join(root, name);
  await initTask({ dir, type });
  await writeFile(join(dir, 'answers.jsonl'), '');
  const server = await startPreview({ dir, offline: true });
  return { server, dir };
}

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  return page;
}

function submitted(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => document.addEventListener('gtkit:stored', () => resolve(), { once: true })));
}

describe.skipIf(!hasChromium)('gtkit preview in headless Chromium', () => {
  it('text classification: pick a class, type a comment, submit as two workers; answers stored in Ground Truth’s shape', async () => {
    const { server, dir } = await preview('text-classification', 'text');
    try {
      const index = await open(server.url);
      expect(await index.textContent('table')).toContain('isHumanAnnotationRequired: true');
      await index.close();
      for (const [worker, label, comment] of [['alice', 'refund', 'crushed box'], ['bob', 'delivery', '']] as const) {
        const page = await open(`${server.url}item/0?worker=${worker}`);
        expect(await page.textContent('#gtkit-banner')).toContain('stand-ins');
        await page.click(`crowd-classifier [data-label="${label}"]`);
        if (comment) await page.fill('crowd-text-area textarea', comment);
        const stored = submitted(page);
        await page.click('crowd-button button');
        await stored;
        expect(await page.textContent('#gtkit-stored')).toContain(worker);
        await page.close();
      }
      const { answers } = await readAnswers(join(dir, 'answers.jsonl'));
      expect(answers.map((a) => [a.datasetObjectId, a.workerId, a.answerContent])).toEqual([
        ['0', 'alice', { category: { label: 'refund' }, comment: 'crushed box' }],
        ['0', 'bob', { category: { label: 'delivery' } }],
      ]);
      expect(answers[0]?.submissionTime).toMatch(/^\d{4}-/);
    } finally {
      await server.close();
    }
  });

  it('bounding box: draw and resize with the mouse, then submit boxes in image pixels; screenshot for the README', async () => {
    const { server, dir } = await preview('bounding-box', 'boxes');
    try {
      const page = await open(`${server.url}item/0?worker=w1`);
      await page.waitForFunction(() => (document.querySelector('crowd-bounding-box img') as HTMLImageElement | null)?.complete);
      const stage = await page.locator('crowd-bounding-box .gtkit-stage').boundingBox();
      if (!stage) throw new Error('no stage');
      const scale = 640 / stage.width;
      await page.mouse.move(stage.x + 40 / scale, stage.y + 60 / scale);
      await page.mouse.down();
      await page.mouse.move(stage.x + 100 / scale, stage.y + 150 / scale, { steps: 5 });
      await page.mouse.move(stage.x + 150 / scale, stage.y + 220 / scale, { steps: 5 });
      await page.mouse.up();
      // Resize with the corner handle: drag it 20 image pixels right and down.
      const handle = await page.locator('crowd-bounding-box rect[data-handle]').boundingBox();
      if (!handle) throw new Error('no handle');
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      await page.mouse.move(handle.x + handle.width / 2 + 20 / scale, handle.y + handle.height / 2 + 20 / scale, { steps: 4 });
      await page.mouse.up();
      await page.screenshot({ path: join(process.cwd(), 'docs', 'images', 'bounding-box.png') });
      const stored = submitted(page);
      await page.click('crowd-form crowd-button button');
      await stored;
      const { answers } = await readAnswers(join(dir, 'answers.jsonl'));
      const result = answers[0]?.answerContent.annotatedResult as { boundingBoxes: Array<{ label: string; left: number; top: number; width: number; height: number }>; inputImageProperties: { width: number; height: number } };
      expect(result.inputImageProperties).toEqual({ width: 640, height: 480 });
      expect(result.boundingBoxes).toHaveLength(1);
      const [b] = result.boundingBoxes;
      expect(b?.label).toBe('vehicle');
      expect(Math.abs((b?.left ?? 0) - 40)).toBeLessThanOrEqual(2);
      expect(Math.abs((b?.top ?? 0) - 60)).toBeLessThanOrEqual(2);
      expect(Math.abs((b?.width ?? 0) - 130)).toBeLessThanOrEqual(3);
      expect(Math.abs((b?.height ?? 0) - 180)).toBeLessThanOrEqual(3);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('named entity: select a span with the mouse, pick a label, submit with the element’s own button', async () => {
    const { server, dir } = await preview('named-entity', 'ner');
    try {
      const page = await open(`${server.url}item/0?worker=w1`);
      // Select "Ada Lovelace" (code points 0–12) in the text box.
      await page.evaluate(() => {
        const box = document.querySelector('.gtkit-entity-text') as HTMLElement;
        const text = box.firstChild as Text;
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, 12);
        const sel = document.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      });
      await page.click('crowd-entity-annotation [data-label="person"]');
      await page.screenshot({ path: join(process.cwd(), 'docs', 'images', 'named-entity.png') });
      const stored = submitted(page);
      await page.click('crowd-entity-annotation .gtkit-submit');
      await stored;
      const { answers } = await readAnswers(join(dir, 'answers.jsonl'));
      expect(answers[0]?.answerContent).toEqual({ 'crowd-entity-annotation': { entities: [{ label: 'person', startOffset: 0, endOffset: 12 }] } });
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('polygon: click the outline, close on the first point, submit vertices in image pixels', async () => {
    const { server, dir } = await preview('polygon', 'poly');
    try {
      const page = await open(`${server.url}item/0?worker=w1`);
      await page.waitForFunction(() => (document.querySelector('crowd-polygon img') as HTMLImageElement | null)?.complete);
      const stage = await page.locator('crowd-polygon .gtkit-stage').boundingBox();
      if (!stage) throw new Error('no stage');
      const s = stage.width / 640;
      for (const [x, y] of [[40, 60], [150, 60], [150, 220], [40, 220]] as const) await page.mouse.click(stage.x + x * s, stage.y + y * s);
      await page.mouse.click(stage.x + 40 * s, stage.y + 60 * s);
      await page.screenshot({ path: join(process.cwd(), 'docs', 'images', 'polygon.png') });
      const stored = submitted(page);
      await page.click('crowd-form crowd-button button');
      await stored;
      const { answers } = await readAnswers(join(dir, 'answers.jsonl'));
      const result = answers[0]?.answerContent.annotatedResult as { polygons: Array<{ label: string; vertices: Array<{ x: number; y: number }> }> };
      expect(result.polygons).toHaveLength(1);
      expect(result.polygons[0]?.vertices).toHaveLength(4);
      expect(Math.abs((result.polygons[0]?.vertices[2]?.x ?? 0) - 150)).toBeLessThanOrEqual(2);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('shows a render error with file:line:col, then recovers by itself after the fix (live reload)', async () => {
    const { server, dir } = await preview('text-classification', 'broken');
    try {
      const templateFile = join(dir, 'template.liquid.html');
      const good = await readFile(templateFile, 'utf8');
      await writeFile(templateFile, `${good}\n{% if task.input.x %}`);
      await server.nextReload();
      const page = await open(`${server.url}item/0`);
      expect(await page.textContent('#gtkit-error')).toMatch(/template\.liquid\.html:\d+:\d+: tag \{% if task\.input\.x %\} not closed/);
      const reloaded = page.waitForEvent('load');
      await writeFile(templateFile, good.replace('Which label fits the text best?', 'Which intent fits best?'));
      await reloaded;
      await page.waitForSelector('crowd-classifier');
      expect(await page.textContent('crowd-classifier .gtkit-header')).toBe('Which intent fits best?');
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('serves only files under the task’s s3/ folder: no traversal, no listing', async () => {
    const { server } = await preview('image-classification', 'files');
    try {
      const get = (path: string) => fetch(new URL(path, server.url)).then((r) => r.status);
      expect(await get('/__s3/sagemaker-us-east-1-123456789012-groundtruth/files/images/sample-01.png')).toBe(200);
      for (const path of ['/__s3/../gtkit.config.ts', '/__s3/%2e%2e/gtkit.config.ts', '/__s3/x/..%2f..%2fgtkit.config.ts', '/__s3/sagemaker-us-east-1-123456789012-groundtruth/', '/__s3/%00', '/__s3/sagemaker-us-east-1-123456789012-groundtruth/files/../../../gtkit.config.ts']) {
        expect(await get(path), path).toBe(404);
      }
    } finally {
      await server.close();
    }
  });

  it('refuses connections from any address but 127.0.0.1', async () => {
    const { server } = await preview('text-classification', 'loopback');
    try {
      const port = Number(new URL(server.url).port);
      const status = await new Promise<number | string>((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/', localAddress: '127.0.0.2' }, (res) => resolve(res.statusCode ?? 0));
        req.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? 'error'));
        req.end();
      });
      expect(status === 403 || status === 'ECONNRESET').toBe(true);
    } finally {
      await server.close();
    }
  });
});
