import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildCrowdElementsBundle } from '../../../templates/elements/bundle.ts';
import { hasChromium, launchChromium, missingChromium } from '../../helpers/chromium.ts';
import { testPicture } from '../../helpers/png.ts';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.ts';

/** Where screenshots go: docs/images when GTKIT_UPDATE_SCREENSHOTS=1, else a temporary folder. */
export const screenshotDir = process.env.GTKIT_UPDATE_SCREENSHOTS === '1' ? join(process.cwd(), 'docs', 'images') : join(tmpdir(), 'gtkit-element-shots');
mkdirSync(screenshotDir, { recursive: true });

/** The test picture: 800 × 600, shown smaller than that next to the side panel. */
export const picture = { width: 800, height: 600 };

export interface OpenPage {
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  /** Answers the page handed over with gtkit:submit (cancelled, as the preview does). */
  answers(): Promise<Array<Record<string, unknown>>>;
  /** Where a tool's picture is on screen, and screen pixels per image pixel. */
  stage(tag: string): Promise<{ x: number; y: number; width: number; height: number; scale: number; at(ix: number, iy: number): [number, number] }>;
}

export interface ElementsFixture {
  open(body: string, options?: { scriptAtEnd?: boolean; cancelSubmit?: boolean; viewport?: { width: number; height: number } }): Promise<OpenPage>;
  close(): Promise<void>;
}

/**
 * Headless Chromium and a loopback server that serves the stand-ins bundle, a test picture and
 * one page per test. The bundle sits where a template loads Amazon's script (top of the page)
 * unless `scriptAtEnd`.
 */
export async function startElementsFixture(): Promise<ElementsFixture> {
  const bundle = await buildCrowdElementsBundle();
  const server: StaticServer = await startStaticServer({
    '/elements.js': bundle,
    '/img.png': { body: testPicture(picture.width, picture.height, [
      { left: 100, top: 120, width: 260, height: 180, rgb: [205, 70, 60] },
      { left: 480, top: 260, width: 150, height: 280, rgb: [60, 110, 200] },
    ]) },
    '/favicon.ico': { body: '', status: 204 },
  });
  const browser: Browser = await launchChromium();
  let n = 0;
  return {
    async open(body, options = {}) {
      const path = `/page-${++n}.html`;
      const capture = options.cancelSubmit === false ? '' : "document.addEventListener('gtkit:submit', (e) => { e.preventDefault(); window.answers.push(e.detail.answer); });";
      const script = '<script src="/elements.js"></script>';
      server.set(path, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>test</title>${options.scriptAtEnd ? '' : script}
<script>window.answers = []; window.readyCount = 0; document.addEventListener('all-crowd-elements-ready', () => window.readyCount++); ${capture}</script></head>
<body style="margin:8px">${body}${options.scriptAtEnd ? script : ''}</body></html>`);
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1000, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(server.url(path));
      await page.waitForFunction(() => (window as unknown as { readyCount: number }).readyCount === 1);
      return {
        page,
        errors,
        answers: () => page.evaluate(() => (window as unknown as { answers: Array<Record<string, unknown>> }).answers),
        async stage(tag) {
          await page.waitForFunction((t) => (document.querySelector(`${t} .gtkit-stage img`) as HTMLImageElement | null)?.naturalWidth, tag);
          const box = await page.locator(`${tag} .gtkit-stage`).boundingBox();
          if (!box) throw new Error(`${tag} has no stage on screen`);
          const scale = box.width / picture.width;
          return { ...box, scale, at: (ix, iy) => [box.x + ix * scale, box.y + iy * scale] };
        },
      };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The fixture for one test file: started before its tests and closed after them, or never where
 * Chromium is missing (the file's tests are skipped then, with this warning).
 */
export function useElementsFixture(): Pick<ElementsFixture, 'open'> {
  let fixture: ElementsFixture | undefined;
  if (!hasChromium) console.warn(`skipping the stand-in browser tests: ${missingChromium}`);
  beforeAll(async () => {
    if (hasChromium) fixture = await startElementsFixture();
  });
  afterAll(async () => {
    await fixture?.close();
  });
  return {
    open(body, options) {
      if (!fixture) throw new Error('the elements fixture is not started (no Chromium?)');
      return fixture.open(body, options);
    },
  };
}

/** Drags with the mouse from one screen point to another in small steps, as a hand would. */
export async function dragMouse(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 8 });
  await page.mouse.up();
}

/** The centre of an element on screen. */
export async function centreOf(page: Page, selector: string): Promise<[number, number]> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return [box.x + box.width / 2, box.y + box.height / 2];
}
