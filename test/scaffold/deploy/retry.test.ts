import { describe, expect, it } from 'vitest';
import { isThrottling } from '../../../scaffold/deploy/aws-errors.ts';
import { backoffMs, isUpdateInProgress, withRetry } from '../../../scaffold/deploy/retry.ts';

const err = (name: string, message = name, status?: number) => Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('withRetry', () => {
  it('retries throttling with doubling, capped delays, then succeeds', async () => {
    const delays: number[] = [];
    let n = 0;
    const value = await withRetry(
      async () => {
        n += 1;
        if (n < 4) throw err('ThrottlingException');
        return 'done';
      },
      { sleep: async (ms) => void delays.push(ms), baseMs: 100, maxMs: 250 },
    );
    expect(value).toBe('done');
    expect(delays).toEqual([100, 200, 250]);
  });

  it('does not retry other errors, and throws them unchanged', async () => {
    const original = err('ValidationException');
    let n = 0;
    await expect(
      withRetry(
        async () => {
          n += 1;
          throw original;
        },
        { sleep: async () => {} },
      ),
    ).rejects.toBe(original);
    expect(n).toBe(1);
  });

  it('stops after the last attempt and records how many there were', async () => {
    let n = 0;
    const e = await withRetry(
      async () => {
        n += 1;
        throw err('Unknown', 'slow down', 429);
      },
      { attempts: 3, sleep: async () => {} },
    ).catch((x: unknown) => x);
    expect(n).toBe(3);
    expect((e as { gtkitAttempts?: number }).gtkitAttempts).toBe(3);
  });

  it('treats attempts below 1 as 1, and retries what a custom rule allows', async () => {
    let n = 0;
    const throttled = err('ThrottlingException');
    await expect(
      withRetry(
        async () => {
          n += 1;
          throw throttled;
        },
        { attempts: 0, sleep: async () => {} },
      ),
    ).rejects.toBe(throttled);
    expect(n).toBe(1);
    let m = 0;
    const value = await withRetry(
      async () => {
        m += 1;
        if (m === 1) throw err('InvalidParameterValueException', 'role cannot be assumed');
        return m;
      },
      { retryable: (e) => (e as Error).name === 'InvalidParameterValueException', sleep: async () => {} },
    );
    expect(value).toBe(2);
  });
});

describe('error classes', () => {
  it('knows throttling by name and by HTTP 429', () => {
    for (const name of ['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded', 'SlowDown']) expect(isThrottling(err(name))).toBe(true);
    expect(isThrottling(err('Whatever', 'x', 429))).toBe(true);
    expect(isThrottling(err('AccessDeniedException', 'x', 403))).toBe(false);
    expect(isThrottling(null)).toBe(false);
  });

  it('knows Lambda\'s update-in-progress conflict', () => {
    expect(isUpdateInProgress(err('ResourceConflictException', 'The operation cannot be performed at this time. An update is in progress for resource: arn:…'))).toBe(true);
    expect(isUpdateInProgress(err('ResourceConflictException', 'Function already exist: f'))).toBe(false);
  });

  it('bounds the backoff', () => {
    expect([1, 2, 3, 10, 100].map((a) => backoffMs(a))).toEqual([500, 1000, 2000, 20_000, 20_000]);
  });
});
