import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerRunCommand } from '../../../scaffold/commands/run.ts';
import type { ProgressReporterOptions } from '../../../scaffold/run/progress-reporter.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-run-progress-');

/** What `gtkit run` wrote, in order: stdout lines and raw stderr progress writes. */
type Written = Array<{ to: 'stdout' | 'stderr'; text: string }>;

/** Runs `gtkit run <args>` with stdout and the progress stream captured; `clock` stands still unless a test moves it. */
async function gtkitRun(args: string[], stream: { isTTY: boolean }, clock: () => number = () => 0): Promise<Written> {
  const written: Written = [];
  const progress: ProgressReporterOptions = { stream: { ...stream, write: (text: string) => void written.push({ to: 'stderr', text }) }, clock, every: () => () => undefined };
  const program = new Command().exitOverride();
  registerRunCommand(program, { out: (text) => void written.push({ to: 'stdout', text }), err: (text) => void written.push({ to: 'stderr', text: `${text}\n` }) }, progress).exitOverride();
  await program.parseAsync(['node', 'gtkit', 'run', ...args]);
  return written;
}

let dir: string;
beforeAll(async () => {
  dir = join(temp.path, 'task');
  await initTask({ dir, type: 'text-classification' });
}, 60_000);

describe('gtkit run: progress on stderr', () => {
  it('on a terminal, updates one line in place and clears it before the summary', async () => {
    let now = 0;
    // Each look at the clock is 150 ms later: every report is due a redraw.
    const written = await gtkitRun([dir, '--source', '--simulate', '2'], { isTTY: true }, () => (now += 150));
    const progress = written.filter((w) => w.to === 'stderr');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.slice(0, -1).every((w) => /^\r.*\x1b\[K$/.test(w.text) && !w.text.includes('\n'))).toBe(true);
    expect(progress[0]?.text).toMatch(/^\rrun \d+\.\d s · calling the PRE · PRE 1\/6 lines · 0 answers · ACS 0\/\? batches\x1b\[K$/);
    // The line is gone before the first line of the summary, and nothing is drawn after it.
    const firstSummary = written.findIndex((w) => w.to === 'stdout');
    expect(written[firstSummary - 1]).toEqual({ to: 'stderr', text: '\r\x1b[K' });
    expect(written.slice(firstSummary).every((w) => w.to === 'stdout')).toBe(true);
    expect(written[firstSummary]?.text).toBe('objects: 6 manifest lines, 6 sent to workers, 12 answers, 6 labeled');
  }, 60_000);

  it('in a log, a short run prints nothing but the summary', async () => {
    const written = await gtkitRun([dir, '--source', '--simulate', '2'], { isTTY: false });
    expect(written.filter((w) => w.to === 'stderr')).toEqual([]);
    expect(written[0]?.text).toBe('objects: 6 manifest lines, 6 sent to workers, 12 answers, 6 labeled');
  }, 60_000);

  it('in a log, a long run prints plain lines now and then, before the summary', async () => {
    let now = 0;
    // Each look at the clock is a second later: the run "lasts" well over 5 s.
    const written = await gtkitRun([dir, '--source', '--simulate', '2'], { isTTY: false }, () => (now += 1_000));
    const progress = written.filter((w) => w.to === 'stderr').map((w) => w.text);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((line) => /^run \d+\.\d s · .* · PRE \d\/6 lines · .*\n$/.test(line) && !line.includes('\r'))).toBe(true);
    // Seconds between two lines, by the fake clock: never under five.
    const seconds = progress.map((line) => Number(/^run (\d+\.\d) s/.exec(line)?.[1]));
    expect(seconds.slice(1).every((s, i) => s - (seconds[i] ?? 0) >= 5)).toBe(true);
    expect(written.at(-1)?.to).toBe('stdout');
  }, 60_000);

  it('with --json, stdout is exactly one JSON document and nothing goes to stderr, even on a terminal', async () => {
    let now = 0;
    const written = await gtkitRun([dir, '--source', '--simulate', '2', '--json'], { isTTY: true }, () => (now += 10_000));
    expect(written.filter((w) => w.to === 'stderr')).toEqual([]);
    const stdout = written.map((w) => w.text).join('\n');
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, summary: { counts: { manifestLines: 6, labeled: 6, bothSourceLines: 0 } } });
  }, 60_000);
});
