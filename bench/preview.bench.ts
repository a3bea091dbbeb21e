import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTask } from '../scaffold/init/init-task.ts';
import { startPreview } from '../scaffold/preview/server.ts';
import { fmt } from './measure.ts';
import type { BenchResult } from './types.ts';

/** Time to serve an item page, and from saving the template to the reload event the page gets (the page refetch included). */
export async function run(): Promise<BenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'gtkit-bench-preview-'));
  const dir = join(root, 'task');
  await initTask({ dir, type: 'bounding-box' });
  const server = await startPreview({ dir, offline: true });
  try {
    const page = `${server.url}item/0`;
    await (await fetch(page)).text(); // warm-up (first PRE run, compile)
    const serve: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await (await fetch(page)).text();
      serve.push(performance.now() - t0);
    }
    const template = join(dir, 'template.liquid.html');
    const source = await readFile(template, 'utf8');
    const reload: number[] = [];
    for (let i = 0; i < 10; i++) {
      const reloaded = server.nextReload();
      const t0 = performance.now();
      await writeFile(template, source.replace('every object', `every object (${i})`));
      await reloaded;
      const html = await (await fetch(page)).text();
      reload.push(performance.now() - t0);
      if (!html.includes(`every object (${i})`)) throw new Error('the reloaded page does not show the edit');
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const serveMs = median(serve);
    const reloadMs = median(reload);
    return {
      name: 'preview',
      tables: [{ title: 'Preview (bounding-box task, stand-ins): median over 20 page loads and 10 saves', columns: ['serve item page ms', 'save → reload event → page served ms'], rows: [[fmt(serveMs, 1), fmt(reloadMs, 1)]] }],
      metrics: { preview_item_page_ms: serveMs, preview_save_to_reload_ms: reloadMs },
      targets: [{ what: 'save to reloaded page', target: '≤ 200 ms', measured: `${fmt(reloadMs, 1)} ms`, met: reloadMs <= 200 }],
    };
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}
