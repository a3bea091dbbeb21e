import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCrowdElementsBundle } from '../../../templates/elements/bundle.ts';
import { samplePng } from '../../../scaffold/init/png.ts';
import { hasChromium, launchChromium } from '../../helpers/chromium.ts';

// One page per test, served from 127.0.0.1; the stand-ins replace Amazon's script.
let server: Server;
let base: string;
let browser: Browser;
const pages = new Map<string, string>();
const png = samplePng(400, 300, [{ left: 100, top: 80, width: 120, height: 90, rgb: [200, 60, 60] }]);

beforeAll(async () => {
  if (!hasChromium) return;
  const bundle = await buildCrowdElementsBundle();
  server = createServer((req, res) => {
    if (req.url === '/elements.js') return res.writeHead(200, { 'content-type': 'application/javascript' }).end(bundle);
    if (req.url === '/img.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    const body = pages.get(req.url ?? '');
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"></head><body><script src="/elements.js"></script>${body}</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

async function open(path: string, body: string): Promise<Page> {
  pages.set(path, body);
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + path);
  await page.evaluate(() => {
    (window as unknown as { answers: unknown[] }).answers = [];
    document.addEventListener('gtkit:submit', (e) => {
      e.preventDefault();
      (window as unknown as { answers: unknown[] }).answers.push((e as CustomEvent).detail.answer);
    });
  });
  expect(errors).toEqual([]);
  return page;
}

const answers = (page: Page) => page.evaluate(() => (window as unknown as { answers: unknown[] }).answers);
async function stage(page: Page, tag: string) {
  await page.waitForFunction((t) => (document.querySelector(`${t} img`) as HTMLImageElement | null)?.complete, tag);
  const box = await page.locator(`${tag} .gtkit-stage`).boundingBox();
  if (!box) throw new Error('no stage');
  return { ...box, s: box.width / 400 };
}

describe.skipIf(!hasChromium)('stand-ins used by a person in Chromium', () => {
  it('keypoints: click to place, arrow keys nudge, submit in image pixels', async () => {
    const page = await open('/kp', `<crowd-form><crowd-keypoint name="kp" src="/img.png" header="Mark" labels="['nose', 'eye']"></crowd-keypoint></crowd-form>`);
    const st = await stage(page, 'crowd-keypoint');
    await page.mouse.click(st.x + 100 * st.s, st.y + 80 * st.s);
    await page.click('crowd-keypoint [data-label="eye"]');
    await page.mouse.click(st.x + 220 * st.s, st.y + 170 * st.s);
    await page.focus('crowd-keypoint .gtkit-stage');
    await page.keyboard.press('ArrowRight');
    await page.click('crowd-button button');
    const [a] = (await answers(page)) as Array<{ kp: { keypoints: Array<{ label: string; x: number; y: number }>; inputImageProperties: unknown } }>;
    expect(a?.kp.inputImageProperties).toEqual({ width: 400, height: 300 });
    expect(a?.kp.keypoints.map((p) => p.label)).toEqual(['nose', 'eye']);
    expect(Math.abs((a?.kp.keypoints[1]?.x ?? 0) - 221)).toBeLessThanOrEqual(2);
    await page.close();
  });

  it('bounding box with the keyboard only: N adds, Shift+arrows resize, Delete removes', async () => {
    const page = await open('/bbk', `<crowd-form><crowd-bounding-box name="b" src="/img.png" header="Box" labels="['car']"></crowd-bounding-box></crowd-form>`);
    await stage(page, 'crowd-bounding-box');
    await page.focus('crowd-bounding-box .gtkit-stage');
    await page.keyboard.press('n');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('n');
    await page.keyboard.press('Delete');
    await page.click('crowd-button button');
    const [a] = (await answers(page)) as Array<{ b: { boundingBoxes: Array<{ width: number; height: number }> } }>;
    expect(a?.b.boundingBoxes).toEqual([{ label: 'car', left: 160, top: 120, width: 81, height: 60 }]);
    await page.close();
  });

  it('form fields: classifier, multi-select, input, text area, checkbox, toggle, radio, slider; required blocks with a message', async () => {
    const page = await open(
      '/fields',
      `<crowd-form>
        <crowd-classifier name="c" header="Pick" categories="['a', 'b']"><classification-target>Text</classification-target></crowd-classifier>
        <crowd-classifier-multi-select name="m" header="Pick all" categories='["x","y","z"]'></crowd-classifier-multi-select>
        <crowd-input name="i" label="Name" required></crowd-input>
        <crowd-text-area name="t" label="Notes"></crowd-text-area>
        <crowd-checkbox name="flags" value="blurry">Blurry</crowd-checkbox>
        <crowd-toggle-button name="ok" value="confident"></crowd-toggle-button>
        <crowd-radio-group><crowd-radio-button name="yes" value="yes">Yes</crowd-radio-button><crowd-radio-button name="no" value="no">No</crowd-radio-button></crowd-radio-group>
        <crowd-slider name="s" min="0" max="10" value="2"></crowd-slider>
      </crowd-form>`,
    );
    await page.click('crowd-classifier [data-label="b"]');
    await page.click('crowd-classifier-multi-select [data-label="x"]');
    await page.click('crowd-classifier-multi-select [data-label="z"]');
    await page.click('crowd-button button');
    expect(await page.textContent('[role="alert"]')).toBe('This field is required.');
    expect(await answers(page)).toEqual([]);
    await page.fill('crowd-input input', 'Ada');
    await page.fill('crowd-text-area textarea', 'two\nlines');
    await page.check('crowd-checkbox input');
    await page.check('crowd-toggle-button input');
    await page.check('crowd-radio-button[value="no"] input');
    await page.fill('crowd-slider input', '7');
    await page.click('crowd-button button');
    expect(await answers(page)).toEqual([{ c: { label: 'b' }, m: { labels: ['x', 'z'] }, i: 'Ada', t: 'two\nlines', flags: { blurry: true }, ok: { confident: true }, yes: { yes: false }, no: { no: true }, s: 7 }]);
    await page.close();
  });

  it('semantic segmentation: paint with the brush, submit a PNG mask and the label mapping', async () => {
    const page = await open('/seg', `<crowd-form><crowd-semantic-segmentation name="seg" src="/img.png" header="Paint" labels="['road', 'sky']"></crowd-semantic-segmentation></crowd-form>`);
    const st = await stage(page, 'crowd-semantic-segmentation');
    await page.mouse.move(st.x + 50 * st.s, st.y + 50 * st.s);
    await page.mouse.down();
    await page.mouse.move(st.x + 150 * st.s, st.y + 60 * st.s, { steps: 8 });
    await page.mouse.up();
    await page.click('crowd-button button');
    const [a] = (await answers(page)) as Array<{ seg: { labelMappings: Record<string, { color: string }>; labeledImage: { pngImageData: string }; inputImageProperties: unknown } }>;
    expect(a?.seg.labelMappings).toEqual({ road: { color: '#1f77b4' } });
    expect(a?.seg.inputImageProperties).toEqual({ width: 400, height: 300 });
    const bytes = Buffer.from(a?.seg.labeledImage.pngImageData ?? '', 'base64');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(400);
    await page.close();
  });

  it('lines and polylines: a line ends after two clicks, a polyline on Enter', async () => {
    const page = await open('/lines', `<crowd-form><crowd-line name="l" src="/img.png" header="Line" labels="['lane']"></crowd-line><crowd-polyline name="p" src="/img.png" header="Polyline" labels="['edge']"></crowd-polyline></crowd-form>`);
    const line = await stage(page, 'crowd-line');
    await page.mouse.click(line.x + 10 * line.s, line.y + 20 * line.s);
    await page.mouse.click(line.x + 300 * line.s, line.y + 40 * line.s);
    const poly = await stage(page, 'crowd-polyline');
    for (const [x, y] of [[10, 10], [100, 50], [200, 20]] as const) await page.mouse.click(poly.x + x * poly.s, poly.y + y * poly.s);
    await page.focus('crowd-polyline .gtkit-stage');
    await page.keyboard.press('Enter');
    await page.click('crowd-button button');
    const [a] = (await answers(page)) as Array<{ l: { lines: Array<{ label: string; vertices: unknown[] }> }; p: { polylines: Array<{ vertices: unknown[] }>; inputImageProperties: unknown } }>;
    expect(a?.l.lines).toHaveLength(1);
    expect(a?.l.lines[0]?.vertices).toHaveLength(2);
    expect(a?.p.polylines[0]?.vertices).toHaveLength(3);
    expect(a?.p.inputImageProperties).toEqual({ width: 400, height: 300 });
    await page.close();
  });

  it('image classifier: pick with the keyboard, add a worker comment', async () => {
    const page = await open('/imgcls', `<crowd-form><crowd-image-classifier name="c" src="/img.png" header="What is it?" categories="['Cat', 'Dog']"><worker-comment header="Why?" link-text="Comment"></worker-comment></crowd-image-classifier></crowd-form>`);
    await page.focus('crowd-image-classifier [data-label="Cat"]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.fill('crowd-image-classifier textarea', 'floppy ears');
    await page.click('crowd-button button');
    expect(await answers(page)).toEqual([{ c: { label: 'Dog', workerComment: 'floppy ears' } }]);
    await page.close();
  });

  it('instance segmentation: each instance gets its own colour; the mask is a PNG', async () => {
    const page = await open('/inst', `<crowd-form><crowd-instance-segmentation name="seg" src="/img.png" header="Paint each car" labels="['car']"></crowd-instance-segmentation></crowd-form>`);
    const st = await stage(page, 'crowd-instance-segmentation');
    const stroke = async (x: number) => {
      await page.mouse.move(st.x + x * st.s, st.y + 100 * st.s);
      await page.mouse.down();
      await page.mouse.move(st.x + (x + 40) * st.s, st.y + 120 * st.s, { steps: 5 });
      await page.mouse.up();
    };
    await stroke(50);
    await page.focus('crowd-instance-segmentation .gtkit-stage');
    await page.keyboard.press('i');
    await stroke(250);
    await page.click('crowd-button button');
    const [a] = (await answers(page)) as Array<{ seg: { instances: Array<{ color: string; label: string }>; labeledImage: { pngImageData: string } } }>;
    expect(a?.seg.instances).toEqual([{ color: '#1f77b4', label: 'car' }, { color: '#ff7f0e', label: 'car' }]);
    expect(Buffer.from(a?.seg.labeledImage.pngImageData ?? '', 'base64').subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });
});
