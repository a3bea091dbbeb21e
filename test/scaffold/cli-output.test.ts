import { afterEach, describe, expect, it, vi } from 'vitest';

describe("processOutput: gtkit's own output", () => {
  const real = process.stdout.write;
  afterEach(() => {
    process.stdout.write = real;
    vi.restoreAllMocks();
    vi.resetModules();
  });

  // Moved from progress-reporter.test.ts, where the reporter put stdout back around onInterrupted
  // itself: run --json's document on a Ctrl-C during a PRE call is written through processOutput,
  // which goes around the handler's guard.
  it('reaches the stdout in place when gtkit started while a PRE runs, whose own stdout goes to stderr (handler-guard), and leaves the guard in place', async () => {
    const seen: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.resetModules();
    process.stdout.write = ((text: string) => void seen.push(text)) as unknown as typeof process.stdout.write;
    const { processOutput, linesPrinted } = await import('../../scaffold/cli/output.ts');
    const { callHandler } = await import('../../scaffold/run/handler-guard.ts');
    await callHandler({ stage: 'PRE', timeoutSeconds: 5, setting: 'lambdas.pre.timeoutSeconds' }, async () => {
      const guard = process.stdout.write;
      process.stdout.write('from the PRE\n');
      processOutput.out('{"ok": false}');
      expect(process.stdout.write).toBe(guard);
      return null;
    });
    expect(seen).toEqual(['{"ok": false}\n']);
    expect(stderr.mock.calls.map((c) => c[0])).toEqual(['from the PRE\n']);
    expect(linesPrinted()).toBe(1);
  });
});
