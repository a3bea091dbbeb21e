import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTask } from '../scaffold/init/init-task.ts';
import { runTask } from '../scaffold/commands/run.ts';
import { fmt, peakRssMb } from './measure.ts';
import type { BenchResult } from './types.ts';

/**
 * `gtkit run` on a 10,000-line manifest with 3 simulated workers (issue target: ≤ 20 s and
 * ≤ 500 MB peak RSS). The manifest is the text-classification sample repeated.
 */
export async function run(): Promise<BenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'gtkit-bench-run-'));
  const dir = join(root, 'task');
  try {
    await initTask({ dir, type: 'text-classification', force: true });
    const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ source: `Support message number ${i}: where is my parcel?`, truth: ['refund', 'delivery', 'other'][i % 3] }));
    await writeFile(join(dir, 'manifest.jsonl'), `${lines.join('\n')}\n`);
    const started = performance.now();
    const { value, peakMb } = await peakRssMb(() => runTask(dir, { simulate: '3', seed: '1', spammers: '0', batchSize: '500', now: '2026-11-23T00:00:00Z' }));
    const seconds = (performance.now() - started) / 1000;
    const c = value.run.summary.counts;
    return {
      name: 'dry-run',
      tables: [
        {
          title: 'gtkit run: 10,000-line manifest, 3 simulated workers (text-classification)',
          columns: ['objects', 'answers', 'labeled', 'seconds', 'objects/s', 'peak RSS MB'],
          rows: [[c.manifestLines, c.answers, c.labeled, fmt(seconds, 2), fmt(c.manifestLines / seconds, 0), fmt(peakMb, 0)]],
        },
      ],
      metrics: { dry_run_10k_seconds: seconds, dry_run_10k_peak_rss_mb: peakMb, dry_run_10k_labeled: c.labeled },
      targets: [
        { what: '10,000-line dry run time', target: '≤ 20 s', measured: `${fmt(seconds, 2)} s`, met: seconds <= 20 },
        { what: '10,000-line dry run peak memory', target: '≤ 500 MB', measured: `${fmt(peakMb, 0)} MB`, met: peakMb <= 500 },
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
