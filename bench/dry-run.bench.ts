import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initTask } from '../scaffold/init/init-task.ts';
import { runTask } from '../scaffold/commands/run-task.ts';
import { fmt } from './measure.ts';
import type { BenchResult } from './types.ts';

const flags = { simulate: '3', seed: '1', spammers: '0', batchSize: '500', now: '2026-11-23T00:00:00Z' };
const thisFile = fileURLToPath(import.meta.url);

/** A text-classification task whose manifest is the sample message repeated `lines` times. */
async function makeTask(dir: string, lines: number): Promise<void> {
  await initTask({ dir, type: 'text-classification', force: true });
  const rows = Array.from({ length: lines }, (_, i) => JSON.stringify({ source: `Support message number ${i}: where is my parcel?`, truth: ['refund', 'delivery', 'other'][i % 3] }));
  await writeFile(join(dir, 'manifest.jsonl'), `${rows.join('\n')}\n`);
}

interface ChildRun {
  seconds: number;
  peakMb: number;
  answers: number;
  labeled: number;
}

/**
 * One `gtkit run` in a fresh process of its own, so that its peak is its own and every size is
 * measured alike: seconds, peak RSS (the process's high-water mark), answers and objects labelled.
 */
function runInChild(dir: string): ChildRun {
  const child = spawnSync(process.execPath, [...process.execArgv, thisFile, 'child-run', dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(`the dry run in a child process failed (${child.status}): ${child.stderr.slice(-2_000)}`);
  return JSON.parse(last) as ChildRun;
}

// The child: one run, its figures as the last line of stdout.
if (process.argv[1] === thisFile && process.argv[2] === 'child-run') {
  const started = performance.now();
  const { run: result } = await runTask(process.argv[3] as string, flags);
  const seconds = (performance.now() - started) / 1000;
  const { answers, labeled } = result.summary.counts;
  console.log(JSON.stringify({ seconds, peakMb: process.resourceUsage().maxRSS / 1024, answers, labeled } satisfies ChildRun));
}

/**
 * `gtkit run` with 3 simulated workers on a 10,000-line manifest (issue target: ≤ 20 s and
 * ≤ 500 MB peak RSS), then on 50,000 lines, and again on those 50,000 in the same folder, which
 * first clears the first run's 50,000 worker-response folders; each run in a process of its own.
 * The dry run's memory should hardly grow with the manifest: its peak at 50,000 lines is held to
 * the 10,000-line peak plus 200 MB (580–640 MB more while the run held every line's data).
 */
export async function run(): Promise<BenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'gtkit-bench-run-'));
  const small = join(root, 'task');
  const large = join(root, 'task-50k');
  try {
    await makeTask(small, 10_000);
    const { seconds, peakMb, answers, labeled } = runInChild(small);
    await makeTask(large, 50_000);
    const fresh = runInChild(large);
    const again = runInChild(large);
    const growth = Math.max(fresh.peakMb, again.peakMb) - peakMb;
    return {
      name: 'dry-run',
      tables: [
        {
          title: 'gtkit run: 3 simulated workers (text-classification)',
          columns: ['lines', 'answers', 'labeled', 'seconds', 'objects/s', 'peak RSS MB'],
          rows: [
            [10_000, answers, labeled, fmt(seconds, 2), fmt(10_000 / seconds, 0), fmt(peakMb, 0)],
            ['50000', fresh.answers, fresh.labeled, fmt(fresh.seconds, 2), fmt(50_000 / fresh.seconds, 0), fmt(fresh.peakMb, 0)],
            ['50000 again, same folder', again.answers, again.labeled, fmt(again.seconds, 2), fmt(50_000 / again.seconds, 0), fmt(again.peakMb, 0)],
          ],
        },
      ],
      metrics: {
        dry_run_10k_seconds: seconds,
        dry_run_10k_peak_rss_mb: peakMb,
        dry_run_10k_labeled: labeled,
        dry_run_50k_seconds: fresh.seconds,
        dry_run_50k_peak_rss_mb: fresh.peakMb,
        dry_run_50k_again_seconds: again.seconds,
        dry_run_50k_again_peak_rss_mb: again.peakMb,
        dry_run_peak_growth_10k_to_50k_mb: growth,
      },
      targets: [
        { what: '10,000-line dry run time', target: '≤ 20 s', measured: `${fmt(seconds, 2)} s`, met: seconds <= 20 },
        { what: '10,000-line dry run peak memory', target: '≤ 500 MB', measured: `${fmt(peakMb, 0)} MB`, met: peakMb <= 500 },
        { what: 'peak memory growth from 10,000 to 50,000 lines', target: '≤ 200 MB', measured: `${fmt(growth, 0)} MB`, met: growth <= 200 },
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
