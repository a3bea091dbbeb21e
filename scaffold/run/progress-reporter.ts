import { performance } from 'node:perf_hooks';
import { stopSignalNames, stopSignals, type StopSignal } from '../cli/stop-signals.ts';
import type { RunProgress } from './progress.ts';
import { progressText } from './progress-text.ts';

/** Where progress goes: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal's width; a longer line would wrap, and `\r` could then no longer take it back. */
  columns?: number;
}

export interface ProgressReporterOptions {
  stream: ProgressStream;
  /** Update one line in place (a terminal) or print plain lines now and then (a CI log). Default: whether the stream is a terminal that understands it. */
  inPlace?: boolean;
  /** Milliseconds since any fixed start (default performance.now). */
  clock?: () => number;
  /** Calls `tick` every `ms` until the returned function is called (default an unref'd setInterval), so the elapsed time moves during a long step. */
  every?: (ms: number, tick: () => void) => () => void;
  /** Streams that share the terminal (stdout): a write to them takes the line away first, as one to `stream` does. */
  sharing?: ProgressStream[];
  /** Where Ctrl-C (SIGINT) and SIGTERM arrive while the reporter is on (default process). */
  signals?: { on(signal: StopSignal, listener: (signal: StopSignal) => void): unknown; off(signal: StopSignal, listener: (signal: StopSignal) => void): unknown };
  /** How the process ends after a Ctrl-C or SIGTERM (default the process.exit in place when the reporter starts). */
  exit?: (code: number) => void;
  /** Draw the progress (default true). Without it nothing is drawn, but a Ctrl-C or SIGTERM is still said and ends the process alike: `--json`, or a command that shows progress on a terminal only. */
  show?: boolean;
  /** Hears the interrupted line just before the exit, after it went to the stream (`--json` prints its failure document with it, through processOutput, which reaches stdout even while a handler runs). */
  onInterrupted?: (line: string) => void;
}

/** What a reporter draws: the line for a progress value, and the step it is on (a new step is drawn at once). */
export interface ProgressLine<P> {
  text(progress: P, elapsedMs: number): string;
  step(progress: P): string;
}

/** The dry run's line (`gtkit run`). */
export const runProgressLine: ProgressLine<RunProgress> = { text: progressText, step: (p) => p.step };

export interface ProgressReporter<P = RunProgress> {
  update(progress: P): void;
  /** Takes the in-place line away and stops; call it before the summary or an error is printed. */
  finish(): void;
}

/** In place: at most 10 redraws a second (and one per step). */
const redrawMs = 100;
/** Plain lines: none in a run shorter than this, so a short run's log is as before… */
const plainAfterMs = 2_000;
/** …then one at most this often. */
const plainEveryMs = 5_000;
/** How often the timer looks in, for the elapsed time during a step that reports nothing. */
const tickMs = 1_000;

type Every = NonNullable<ProgressReporterOptions['every']>;

/**
 * Progress of long work on stderr, drawn by `line` (`runProgressLine` for a dry run). On a
 * terminal, one line rewritten in place and cleared at the end; elsewhere (a CI log), a plain
 * line every few seconds once the work has lasted a while; with `show: false`, nothing. Ctrl-C
 * (or SIGTERM) while it is on takes the line away, says where the work was stopped (drawn or
 * not) and ends the process with exit code 130 (or 143).
 *
 * @example
 * const progress = progressReporter({ stream: process.stderr }, runProgressLine);
 * try { await dryRun(task, parts, { onProgress: progress.update }); } finally { progress.finish(); }
 */
export function progressReporter<P>(options: ProgressReporterOptions, line: ProgressLine<P>): ProgressReporter<P> {
  const inPlace = options.inPlace ?? (Boolean(options.stream.isTTY) && process.env.TERM !== 'dumb');
  const clock = options.clock ?? (() => performance.now());
  const every = options.every ?? everyInterval;
  const reporter =
    options.show === false ? hiddenReporter(clock, line) : inPlace ? inPlaceReporter(options.stream, options.sharing ?? [], clock, every, line) : plainReporter(options.stream, clock, every, line);
  return onInterrupt(reporter, options);
}

/** A reporter's part in a Ctrl-C or SIGTERM: take the line away, then say in one line where the work was. */
interface Interruptible<P> extends ProgressReporter<P> {
  interrupted(signal: StopSignal): string;
}

/**
 * Ends the process on Ctrl-C or SIGTERM while the reporter is on, instead of dying by the signal
 * with the line half drawn: the line goes, one line says what was stopped, and the exit code is
 * 130 or 143 (as shells report them); the process's exit handlers (a scratch folder's removal)
 * run. The exit is the one in place now: a PRE or ACS running in this process has its own
 * process.exit put in place (handler-guard), which would fail that call instead. (Its stdout goes
 * to stderr then too; gtkit's own output, which `onInterrupted` writes to, goes around that.)
 */
function onInterrupt<P>(reporter: Interruptible<P>, options: ProgressReporterOptions): ProgressReporter<P> {
  const signals = options.signals ?? process;
  const exit = options.exit ?? process.exit.bind(process);
  const stop = (signal: StopSignal) => {
    const said = reporter.interrupted(signal);
    options.stream.write(`${said}\n`);
    options.onInterrupted?.(said);
    exit(stopSignals[signal].exitCode);
  };
  for (const signal of stopSignalNames) signals.on(signal, stop);
  return {
    update: reporter.update,
    finish() {
      for (const signal of stopSignalNames) signals.off(signal, stop);
      reporter.finish();
    },
  };
}

/** The line that replaces the progress after a Ctrl-C or SIGTERM. */
function interruptedText(signal: StopSignal, text: string | undefined, columns: number | undefined): string {
  return fit(`${stopSignals[signal].words}${text === undefined ? '' : `: ${text}`}`, columns);
}

function inPlaceReporter<P>(stream: ProgressStream, sharing: ProgressStream[], clock: () => number, every: Every, line: ProgressLine<P>): Interruptible<P> {
  const start = clock();
  const write = stream.write.bind(stream);
  let latest: P | undefined;
  let drawnAt = -Infinity;
  let shown = false;
  let finished = false;
  // Text another write left without a line break: the next draw starts below it, not over it.
  let partialLine = false;
  const draw = () => {
    if (!latest || finished) return;
    drawnAt = clock();
    if (partialLine) write('\n');
    partialLine = false;
    // Written over the old line, then the rest of it erased: no flicker of an empty line.
    write(`\r${fit(line.text(latest, drawnAt - start), stream.columns)}\x1b[K`);
    shown = true;
  };
  const clear = () => {
    if (!shown) return;
    write('\r\x1b[K');
    shown = false;
  };
  const otherWrite = (text: unknown) => {
    clear();
    if (typeof text === 'string' && text.length > 0) partialLine = !text.endsWith('\n');
  };
  const restores = [stream, ...sharing].map((s) => clearBeforeOtherWrites(s, otherWrite));
  // A crash (a handler's timer throwing) prints its trace on a line of its own.
  process.on('uncaughtExceptionMonitor', clear);
  const stop = every(tickMs, draw);
  const finish = () => {
    finished = true;
    stop();
    process.off('uncaughtExceptionMonitor', clear);
    for (const restore of restores) restore();
    clear();
  };
  return {
    update(progress) {
      if (finished) return;
      // A new step is drawn at once: the next may be one long call (the lint) with no report in it.
      const newStep = latest === undefined || line.step(progress) !== line.step(latest);
      latest = progress;
      if (newStep || clock() - drawnAt >= redrawMs) draw();
    },
    finish,
    interrupted(signal) {
      const text = latest === undefined ? undefined : line.text(latest, clock() - start);
      finish();
      return interruptedText(signal, text, stream.columns);
    },
  };
}

function plainReporter<P>(stream: ProgressStream, clock: () => number, every: Every, line: ProgressLine<P>): Interruptible<P> {
  const start = clock();
  let latest: P | undefined;
  let printedAt: number | undefined;
  const maybePrint = () => {
    const now = clock();
    if (!latest || now - start < plainAfterMs) return;
    if (printedAt !== undefined && now - printedAt < plainEveryMs) return;
    printedAt = now;
    stream.write(`${line.text(latest, now - start)}\n`);
  };
  const stop = every(tickMs, maybePrint);
  return {
    update(progress) {
      latest = progress;
      maybePrint();
    },
    finish: stop,
    interrupted(signal) {
      stop();
      return interruptedText(signal, latest === undefined ? undefined : line.text(latest, clock() - start), undefined);
    },
  };
}

/** Draws nothing, but keeps where the work is, so that a Ctrl-C can still say it. */
function hiddenReporter<P>(clock: () => number, line: ProgressLine<P>): Interruptible<P> {
  const start = clock();
  let latest: P | undefined;
  return {
    update(progress) {
      latest = progress;
    },
    finish: () => undefined,
    interrupted: (signal) => interruptedText(signal, latest === undefined ? undefined : line.text(latest, clock() - start), undefined),
  };
}

/**
 * While the line is shown, anything else written to the stream (a handler's console.log, which
 * the dry run sends to stderr) first takes the line away, so it is not glued onto its end; the
 * next update draws it again below. Returns the function that puts the stream back.
 */
function clearBeforeOtherWrites(stream: ProgressStream, before: (text: unknown) => void): () => void {
  const original = stream.write;
  const guarded = (...args: unknown[]): unknown => {
    before(args[0]);
    return (original as (...a: unknown[]) => unknown).apply(stream, args);
  };
  stream.write = guarded;
  return () => {
    // Only if nobody replaced it after us; theirs stays.
    if (stream.write === guarded) stream.write = original;
  };
}

/** The line cut to the terminal's width (less one column, where some terminals wrap early). */
function fit(text: string, columns: number | undefined): string {
  // A terminal with no size set reports 0 columns: assume the usual 80, or every redraw would wrap and stay.
  if (columns === undefined) return text;
  const width = columns >= 10 ? columns : 80;
  if (text.length < width) return text;
  return `${text.slice(0, width - 2)}…`;
}

function everyInterval(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  // The run's own work keeps the process alive; the progress never should.
  timer.unref();
  return () => clearInterval(timer);
}
