import { afterEach, describe, expect, it, vi } from 'vitest';
import { callHandler, type HandlerCall } from '../../../scaffold/run/handler-guard.ts';

const pre: HandlerCall = { stage: 'PRE', on: 'manifest.jsonl:2', timeoutSeconds: 0.05, setting: 'lambdas.pre.timeoutSeconds' };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('callHandler: a PRE or ACS called in-process, bounded as Lambda bounds it', () => {
  it('returns what the handler returns', async () => {
    await expect(callHandler(pre, async () => ({ taskInput: {} }))).resolves.toEqual({ taskInput: {} });
  });

  it('a handler that never settles fails after its timeout, naming the line and the setting', async () => {
    await expect(callHandler(pre, () => new Promise(() => undefined))).rejects.toThrow(new Error('the PRE did not return within 0.05 s (lambdas.pre.timeoutSeconds) on manifest.jsonl:2; Lambda would time out'));
    await expect(callHandler({ stage: 'ACS', timeoutSeconds: 0.05, setting: 'lambdas.acs.timeoutSeconds' }, () => new Promise(() => undefined))).rejects.toThrow(
      new Error('the ACS did not return within 0.05 s (lambdas.acs.timeoutSeconds); Lambda would time out'),
    );
  });

  it('process.exit inside the handler fails the call instead of ending gtkit, and is put back afterwards', async () => {
    const exit = process.exit;
    await expect(
      callHandler(pre, async () => {
        process.exit(0);
      }),
    ).rejects.toThrow(new Error('the PRE called process.exit(0) on manifest.jsonl:2 (Lambda reports Runtime.ExitError)'));
    // A handler that catches the thrown error still fails: Lambda ends the invocation at exit.
    await expect(
      callHandler(pre, async () => {
        try {
          process.exit();
        } catch {
          return { taskInput: {} };
        }
      }),
    ).rejects.toThrow('the PRE called process.exit() on manifest.jsonl:2');
    expect(process.exit).toBe(exit);
  });

  it('overlapping calls (the preview runs PREs side by side): the guard stays until the last one ends, whichever ends first, and process.exit fails the call whose code called it', async () => {
    const exit = process.exit;
    const { log } = console;
    const slow = { ...pre, on: 'manifest.jsonl:3', timeoutSeconds: 5 };
    let releaseFirst: () => void = () => undefined;
    let exitSecond: () => void = () => undefined;
    const first = callHandler({ ...slow, on: 'manifest.jsonl:1' }, () => new Promise<string>((resolve) => (releaseFirst = () => resolve('first done'))));
    const second = callHandler(slow, async () => {
      await new Promise<void>((resolve) => (exitSecond = resolve));
      process.exit(2);
    });
    // Both handlers start on a later tick; then the call that started first ends first, and the second still runs under the guard.
    await new Promise((resolve) => setImmediate(resolve));
    releaseFirst();
    await expect(first).resolves.toBe('first done');
    expect(process.exit).not.toBe(exit);
    expect(console.log).not.toBe(log);
    exitSecond();
    await expect(second).rejects.toThrow(new Error('the PRE called process.exit(2) on manifest.jsonl:3 (Lambda reports Runtime.ExitError)'));
    expect(process.exit).toBe(exit);
    expect(console.log).toBe(log);
  });

  it("the handler's console.log, console.info, console.debug and stdout writes go to stderr, and only while it runs", async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { log, info, debug } = console;
    await callHandler(pre, async () => {
      console.log('debug %d', 1);
      console.info('info');
      console.debug('deb');
      process.stdout.write('raw\n');
      return null;
    });
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr.mock.calls.map((c) => c[0])).toEqual(['debug 1\n', 'info\n', 'deb\n', 'raw\n']);
    expect([console.log, console.info, console.debug]).toEqual([log, info, debug]);
    expect(process.stdout.write).toBe(stdout);
  });
});
