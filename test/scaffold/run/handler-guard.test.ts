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
