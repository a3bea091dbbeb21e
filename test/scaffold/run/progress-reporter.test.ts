import { describe, expect, it } from 'vitest';
import { progressReporter, runProgressLine, type ProgressStream } from '../../../scaffold/run/progress-reporter.ts';
import type { RunProgress } from '../../../scaffold/run/progress.ts';
import type { StopSignal } from '../../../scaffold/cli/stop-signals.ts';
import { progressText } from '../../../scaffold/run/progress-text.ts';

/** A stream that keeps what was written, a clock the test moves, and a timer the test fires. */
function harness(stream: Partial<ProgressStream> = {}) {
  const written: string[] = [];
  const fake: ProgressStream = { write: (text: string) => void written.push(text), ...stream };
  let now = 0;
  let tick: (() => void) | undefined;
  let stopped = false;
  const every = (_ms: number, fn: () => void) => {
    tick = fn;
    return () => {
      stopped = true;
    };
  };
  return {
    written,
    stream: fake,
    clock: () => now,
    every,
    advance(ms: number) {
      now += ms;
    },
    tick: () => tick?.(),
    stopped: () => stopped,
  };
}

const at = (linesThroughPre: number, change: Partial<RunProgress> = {}): RunProgress => ({ step: 'pre', lines: 50_000, linesThroughPre, answers: 0, batchesDone: 0, stepDone: 0, stepTotal: 0, ...change });

describe('progressText', () => {
  it('names lines through the PRE, answers, ACS batches, the elapsed time and the step', () => {
    expect(progressText(at(12_345), 4_210)).toBe('run 4.2 s · calling the PRE · PRE 12,345/50,000 lines · 0 answers · ACS 0/? batches');
    expect(progressText(at(50_000, { step: 'acs', answers: 150_000, batches: 100, batchesDone: 3 }), 20_000)).toBe('run 20.0 s · calling the ACS · PRE 50,000/50,000 lines · 150,000 answers · ACS 3/100 batches');
    // A long step with a count of its own shows it.
    expect(progressText(at(50_000, { step: 'responses', answers: 150_000, batches: 100, stepDone: 2_000, stepTotal: 50_000 }), 9_000)).toBe('run 9.0 s · writing worker responses 2,000/50,000 · PRE 50,000/50,000 lines · 150,000 answers · ACS 0/100 batches');
    expect(progressText(at(50_000, { step: 'lint', stepDone: 1_500, stepTotal: 50_000 }), 7_000)).toBe('run 7.0 s · linting the template 1,500/50,000 · PRE 50,000/50,000 lines · 0 answers · ACS 0/? batches');
  });

  it('once the answers are in and nothing was answered, says there is nothing for the ACS instead of "0/?"', () => {
    expect(progressText(at(6, { step: 'acs', lines: 6, batches: 0 }), 1_000)).toBe('run 1.0 s · calling the ACS · PRE 6/6 lines · 0 answers · no ACS batches (nothing answered)');
  });
});

describe('progress on a terminal', () => {
  it('rewrites one line in place at most ten times a second, and clears it at the end', () => {
    const h = harness({ isTTY: true });
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every }, runProgressLine);
    progress.update(at(1));
    h.advance(50);
    progress.update(at(2)); // within 100 ms of the last draw: not drawn
    h.advance(60);
    progress.update(at(3));
    expect(h.written).toEqual([`\r${progressText(at(1), 0)}\x1b[K`, `\r${progressText(at(3), 110)}\x1b[K`]);
    // A new step is drawn at once, whatever the time since the last draw: the step may be one long call.
    h.advance(1);
    progress.update(at(3, { step: 'lint' }));
    expect(h.written.at(-1)).toBe(`\r${progressText(at(3, { step: 'lint' }), 111)}\x1b[K`);
    // The timer moves the clock on during a step that reports nothing.
    h.advance(1_000);
    h.tick();
    expect(h.written.at(-1)).toBe(`\r${progressText(at(3, { step: 'lint' }), 1_111)}\x1b[K`);
    progress.finish();
    expect(h.written.at(-1)).toBe('\r\x1b[K');
    expect(h.stopped()).toBe(true);
  });

  it('takes the line away before anything else is written to the stream, and puts the stream back at the end', () => {
    const h = harness({ isTTY: true });
    const original = h.stream.write;
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every }, runProgressLine);
    progress.update(at(1));
    h.stream.write('{"level":"WARN","message":"from the ACS"}\n');
    expect(h.written.slice(1)).toEqual(['\r\x1b[K', '{"level":"WARN","message":"from the ACS"}\n']);
    progress.finish();
    // Nothing shown any more: nothing to clear.
    expect(h.written.at(-1)).toBe('{"level":"WARN","message":"from the ACS"}\n');
    expect(h.stream.write).toBe(original);
  });

  it('draws below text another write left without a line break, instead of over it', () => {
    const h = harness({ isTTY: true });
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every }, runProgressLine);
    progress.update(at(1));
    h.stream.write('half a line from a handler');
    h.advance(200);
    progress.update(at(2));
    expect(h.written.slice(1)).toEqual(['\r\x1b[K', 'half a line from a handler', '\n', `\r${progressText(at(2), 200)}\x1b[K`]);
    progress.finish();
  });

  it('takes the line away before a write to a stream sharing the terminal (stdout), and ignores updates after finish', () => {
    const h = harness({ isTTY: true });
    const out: string[] = [];
    const stdout: ProgressStream = { write: (text: string) => void out.push(text) };
    const original = stdout.write;
    const progress = progressReporter({ stream: h.stream, sharing: [stdout], clock: h.clock, every: h.every }, runProgressLine);
    progress.update(at(1));
    stdout.write('printed by something else\n');
    expect(h.written.at(-1)).toBe('\r\x1b[K');
    progress.finish();
    expect(stdout.write).toBe(original);
    const count = h.written.length;
    progress.update(at(2, { step: 'acs' }));
    expect(h.written).toHaveLength(count);
  });

  it('a terminal that reports 0 columns (no size set) gets lines cut at 80, not a new line per redraw', () => {
    const h = harness({ isTTY: true, columns: 0 });
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every }, runProgressLine);
    progress.update(at(1, { step: 'responses', stepDone: 10, stepTotal: 50_000, answers: 150_000 }));
    expect((h.written[0] ?? '').replace(/^\r/, '').replace(/\x1b\[K$/, '')).toHaveLength(79);
    progress.finish();
  });

  it('cuts the line to the terminal width, so a wrapped line cannot defeat the carriage return', () => {
    const h = harness({ isTTY: true, columns: 40 });
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every }, runProgressLine);
    progress.update(at(1));
    const drawn = (h.written[0] ?? '').replace(/^\r/, '').replace(/\x1b\[K$/, '');
    expect(drawn).toHaveLength(39);
    expect(drawn.endsWith('…')).toBe(true);
    progress.finish();
  });
});

describe('progress in a log (not a terminal)', () => {
  it('a short run prints nothing', () => {
    const h = harness({ isTTY: false });
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every }, runProgressLine);
    for (let i = 1; i <= 1_000; i++) {
      h.advance(1);
      progress.update(at(i));
    }
    h.tick();
    progress.finish();
    expect(h.written).toEqual([]);
  });

  it('a long run prints a plain line once it has lasted 2 s, then at most one every 5 s', () => {
    const h = harness({ isTTY: false });
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every }, runProgressLine);
    // 12 s of work, one line through the PRE every 10 ms.
    for (let i = 1; i <= 1_200; i++) {
      h.advance(10);
      progress.update(at(i));
    }
    expect(h.written).toEqual([`${progressText(at(200), 2_000)}\n`, `${progressText(at(700), 7_000)}\n`, `${progressText(at(1_200), 12_000)}\n`]);
    // A step that reports nothing for a while still gets its line from the timer.
    h.advance(5_000);
    h.tick();
    expect(h.written.at(-1)).toBe(`${progressText(at(1_200), 17_000)}\n`);
    progress.finish();
    expect(h.written.every((line) => !line.includes('\r'))).toBe(true);
  });
});

describe('Ctrl-C (or SIGTERM) while the progress is on', () => {
  /** A stand-in for process: SIGINT and SIGTERM listeners, and the exit code asked for. */
  function signals() {
    const listeners = new Map<StopSignal, Set<(signal: StopSignal) => void>>();
    const exits: number[] = [];
    const of = (signal: StopSignal) => listeners.get(signal) ?? listeners.set(signal, new Set()).get(signal)!;
    const send = (signal: StopSignal) => [...of(signal)].forEach((fn) => fn(signal));
    return {
      on: (signal: StopSignal, fn: (signal: StopSignal) => void) => void of(signal).add(fn),
      off: (signal: StopSignal, fn: (signal: StopSignal) => void) => void of(signal).delete(fn),
      interrupt: () => send('SIGINT'),
      send,
      listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
      exit: (code: number) => void exits.push(code),
      exits,
    };
  }

  it('on a terminal, takes the line away, says in one line where the work was, and exits 130', () => {
    const h = harness({ isTTY: true, columns: 200 });
    const s = signals();
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every, signals: s, exit: s.exit }, runProgressLine);
    progress.update(at(1_200));
    h.advance(3_100);
    s.interrupt();
    expect(h.written.slice(1)).toEqual(['\r\x1b[K', `interrupted (Ctrl-C): ${progressText(at(1_200), 3_100)}\n`]);
    expect(s.exits).toEqual([130]);
    // The stream is put back and nothing is drawn after it.
    progress.update(at(1_300, { step: 'acs' }));
    expect(h.written).toHaveLength(3);
  });

  it('in a log, says the same on a line of its own; before any progress, says only that it was interrupted', () => {
    const h = harness({ isTTY: false });
    const s = signals();
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every, signals: s, exit: s.exit }, runProgressLine);
    progress.update(at(7));
    h.advance(500);
    s.interrupt();
    expect(h.written).toEqual([`interrupted (Ctrl-C): ${progressText(at(7), 500)}\n`]);
    const early = harness({ isTTY: true });
    const e = signals();
    progressReporter({ stream: early.stream, clock: early.clock, every: early.every, signals: e, exit: e.exit }, runProgressLine);
    e.interrupt();
    expect(early.written).toEqual(['interrupted (Ctrl-C)\n']);
    expect(e.exits).toEqual([130]);
  });

  it('listens only while it is on: after finish, Ctrl-C is left to whoever else listens (or ends the process as usual)', () => {
    const h = harness({ isTTY: true });
    const s = signals();
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every, signals: s, exit: s.exit }, runProgressLine);
    expect(s.listening()).toBe(2);
    progress.finish();
    expect(s.listening()).toBe(0);
  });

  it('SIGTERM (kill, a CI runner) is taken as Ctrl-C is, named as it is, with exit code 143', () => {
    const h = harness({ isTTY: true, columns: 200 });
    const s = signals();
    progressReporter({ stream: h.stream, clock: h.clock, every: h.every, signals: s, exit: s.exit }, runProgressLine).update(at(1_200));
    h.advance(2_000);
    s.send('SIGTERM');
    expect(h.written.slice(1)).toEqual(['\r\x1b[K', `terminated (SIGTERM): ${progressText(at(1_200), 2_000)}\n`]);
    expect(s.exits).toEqual([143]);
  });

  it('with show: false (--json, a log for consolidate), draws nothing, yet says where the work was, hands that line on, and exits the same', () => {
    const h = harness({ isTTY: true, columns: 200 });
    const s = signals();
    const heard: string[] = [];
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every, signals: s, exit: s.exit, show: false, onInterrupted: (line) => void heard.push(line) }, runProgressLine);
    progress.update(at(1_200));
    h.advance(3_100);
    progress.update(at(1_300));
    expect(h.written).toEqual([]);
    s.send('SIGTERM');
    const line = `terminated (SIGTERM): ${progressText(at(1_300), 3_100)}`;
    expect(h.written).toEqual([`${line}\n`]);
    expect(heard).toEqual([line]);
    expect(s.exits).toEqual([143]);
  });

  it('draws any work with its own line (here a count of files)', () => {
    const h = harness({ isTTY: true });
    const s = signals();
    const line = { text: (p: { files: number }, ms: number) => `copy ${ms} ms · ${p.files} files`, step: () => 'copy' };
    const progress = progressReporter({ stream: h.stream, clock: h.clock, every: h.every, signals: s, exit: s.exit }, line);
    progress.update({ files: 3 });
    h.advance(200);
    progress.update({ files: 9 });
    progress.finish();
    expect(h.written).toEqual(['\rcopy 0 ms · 3 files\x1b[K', '\rcopy 200 ms · 9 files\x1b[K', '\r\x1b[K']);
  });
});
