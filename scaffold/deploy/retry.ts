import { awsErrorName, httpStatusOf, isThrottling } from './aws-errors.ts';
import { networkFailures, type NetworkFailure } from './network-failures.ts';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));


/** Transient on AWS's side: worth another try. */
export function isTransient(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'ServiceException' || name === 'ServiceUnavailableException' || name === 'InternalFailure' || name === 'InternalError';
}

/** The network failures worth another try: all but an unknown host name (EAI_AGAIN is a lookup that failed for now). */
const retriedNetworkFailures = new Set<string>(Object.keys(networkFailures).filter((name) => name !== ('ENOTFOUND' satisfies NetworkFailure)));

/** The connection failed or timed out on the way, or the service answered 5xx: worth another try later. */
export function isNetworkError(error: unknown): boolean {
  return retriedNetworkFailures.has(awsErrorName(error)) || (httpStatusOf(error) ?? 0) >= 500;
}

/** Lambda refuses a change while the previous one is still being applied. */
export function isUpdateInProgress(error: unknown): boolean {
  return awsErrorName(error) === 'ResourceConflictException' && /in progress|pending|currently/i.test((error as Error).message ?? '');
}

export interface RetryOptions {
  /** Total tries, the first included. Default 6. */
  attempts?: number;
  /** First delay; doubles each retry, capped by `maxMs`. Defaults 500 ms and 20 s. */
  baseMs?: number;
  maxMs?: number;
  sleep?: Sleep;
  /** Which errors to retry; default throttling, transient service errors and updates in progress. */
  retryable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** The delay before retry number `attempt` (1-based): exponential, capped, without jitter so runs repeat exactly. */
export function backoffMs(attempt: number, baseMs = 500, maxMs = 20_000): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

/**
 * Calls `call` until it succeeds, retrying throttling and other transient AWS errors with bounded
 * exponential backoff. After the last attempt the error is thrown as it came, with
 * `gtkitAttempts` set so the explanation can say how often it was tried.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 6);
  const sleep = options.sleep ?? realSleep;
  const retryable = options.retryable ?? ((e: unknown) => isThrottling(e) || isTransient(e) || isUpdateInProgress(e));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!retryable(error) || attempt >= attempts) {
        if (attempt > 1 && error && typeof error === 'object') Object.assign(error, { gtkitAttempts: attempt });
        throw error;
      }
      const delay = backoffMs(attempt, options.baseMs, options.maxMs);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
