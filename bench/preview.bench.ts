import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { TaskTypeName } from '../lambdas/task-types/names.ts';
import { initTask } from '../scaffold/init/init-task.ts';
import { startPreview, type PreviewServer } from '../scaffold/preview/server.ts';
import { hasChromium, launchChromium } from '../test/helpers/chromium.ts';
import { fmt } from './measure.ts';
import type { BenchResult } from './types.ts';

/**
 * The preview's two speeds a template author feels:
 * - serving an item page (PRE results are ready; the template renders per request), over HTTP;
 * - saving the template until the open page shows the edit: file event, debounce (25 ms),
 *   new snapshot (config, PRE re-run, compile, lint), SSE `reload`, page refetch. Measured in
 *   headless Chromium when it is installed (until the reloaded page's `load` event, then checked
 *   to show the edit), and over HTTP (SSE event + refetch) always. Saving pre.ts is reported too
 *   (it re-bundles and re-imports the PRE).
 */

const pageLoads = 50;
const saves = 15;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? Number.NaN };
};

async function servePage(server: PreviewServer): Promise<number[]> {
  const url = `${server.url}item/0`;
  for (let i = 0; i < 5; i++) await (await fetch(url)).text(); // warm-up: JIT, the stand-in bundle
  const times: number[] = [];
  for (let i = 0; i < pageLoads; i++) {
    const t0 = performance.now();
    await (await fetch(url)).text();
    times.push(performance.now() - t0);
  }
  return times;
}

/** Save → SSE reload event → page refetched and showing the edit. */
async function saveOverHttp(server: PreviewServer, file: string, edit: (text: string, i: number) => string, shows: (html: string, i: number) => Promise<boolean> | boolean): Promise<number[]> {
  const source = await readFile(file, 'utf8');
  const url = `${server.url}item/0`;
  const times: number[] = [];
  for (let i = 0; i < saves; i++) {
    const reloaded = server.nextReload();
    const t0 = performance.now();
    await writeFile(file, edit(source, i));
    await reloaded;
    const html = await (await fetch(url)).text();
    times.push(performance.now() - t0);
    if (!(await shows(html, i))) throw new Error(`${file}: the reloaded page does not show save ${i}`);
  }
  await writeFile(file, source);
  await server.nextReload();
  return times;
}

/** Save → the open Chromium page has fired `load` again (stand-ins upgraded, images in), checked to show the edit. */
async function saveInBrowser(browser: Browser, server: PreviewServer, file: string, edit: (text: string, i: number) => string, marker: (i: number) => string): Promise<number[]> {
  const source = await readFile(file, 'utf8');
  const page = await browser.newPage();
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
  await page.goto(`${server.url}item/0`);
  await page.waitForSelector('#gtkit-task');
  const times: number[] = [];
  for (let i = 0; i < saves; i++) {
    const loaded = page.waitForEvent('load');
    const t0 = performance.now();
    await writeFile(file, edit(source, i));
    await loaded;
    times.push(performance.now() - t0);
    // Untimed: the page that loaded must be the edited one (Playwright's polling would add its own latency).
    if (!(await page.evaluate((text) => document.getElementById('gtkit-task')?.textContent?.includes(text) === true, marker(i)))) throw new Error(`${file}: the reloaded page does not show save ${i}`);
  }
  await page.close();
  await writeFile(file, source);
  await server.nextReload();
  return times;
}

async function benchTask(type: TaskTypeName, root: string, browser: Browser | undefined) {
  const dir = join(root, type);
  await initTask({ dir, type });
  const server = await startPreview({ dir, offline: true });
  try {
    const template = join(dir, 'template.liquid.html');
    const editTemplate = (t: string, i: number) => t.replace('</crowd-form>', `<p>edit ${i}</p></crowd-form>`);
    const templateMarker = (i: number) => `edit ${i}`;
    const pre = join(dir, 'pre.ts');
    const editPre = (t: string, i: number) => t.replace(/taskInput: (\w+TaskInputOf)\(line, labels\),/, `taskInput: { ...$1(line, labels), header: 'pre edit ${i}' },`);
    const serve = stats(await servePage(server));
    const http = stats(await saveOverHttp(server, template, editTemplate, (html, i) => html.includes(templateMarker(i))));
    const chromium = browser ? stats(await saveInBrowser(browser, server, template, editTemplate, templateMarker)) : undefined;
    // The edit is in task.input; not every template prints that key, so check what the page was rendered from.
    const preSave = stats(await saveOverHttp(server, pre, editPre, async (_html, i) => JSON.stringify((await server.snapshot()).items[0]?.taskInput).includes(`pre edit ${i}`)));
    return { type, serve, http, chromium, preSave, items: (await server.snapshot()).items.length };
  } finally {
    await server.close();
  }
}

export async function run(): Promise<BenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'gtkit-bench-preview-'));
  const browser = hasChromium ? await launchChromium() : undefined;
  try {
    const results = [];
    for (const type of ['text-classification', 'bounding-box'] as const) results.push(await benchTask(type, root, browser));
    const ms = (x: number) => fmt(x, 1);
    const rows = results.map((r) => [r.type, r.items, ms(r.serve.median), ms(r.serve.p95), ms(r.http.median), ms(r.http.max), r.chromium ? ms(r.chromium.median) : 'n/a', r.chromium ? ms(r.chromium.max) : 'n/a', ms(r.preSave.median)]);
    const main = results[0];
    if (!main) throw new Error('no results');
    const reload = main.chromium ?? main.http;
    const how = main.chromium ? 'headless Chromium' : 'HTTP (no Chromium installed)';
    return {
      name: 'preview',
      tables: [{
        title: `Preview (stand-ins, local S3): item page ${pageLoads}× and ${saves} saves per task; ms`,
        columns: ['task', 'items', 'serve item median', 'serve p95', 'save→page HTTP median', 'HTTP max', 'save→page Chromium median', 'Chromium max', 'save pre.ts→page median'],
        rows,
      }],
      metrics: Object.fromEntries(results.flatMap((r) => {
        const k = r.type.replace(/-/g, '_');
        return [
          [`${k}_serve_item_median_ms`, r.serve.median],
          [`${k}_serve_item_p95_ms`, r.serve.p95],
          [`${k}_save_to_page_http_median_ms`, r.http.median],
          ...(r.chromium ? [[`${k}_save_to_page_chromium_median_ms`, r.chromium.median], [`${k}_save_to_page_chromium_max_ms`, r.chromium.max]] : []),
          [`${k}_save_pre_to_page_median_ms`, r.preSave.median],
        ];
      })),
      targets: [{ what: `save template → reloaded page (${main.type}, ${how}, median)`, target: '≤ 200 ms', measured: `${ms(reload.median)} ms (max ${ms(reload.max)})`, met: reload.median <= 200 }],
    };
  } finally {
    await browser?.close();
    await rm(root, { recursive: true, force: true });
  }
}
