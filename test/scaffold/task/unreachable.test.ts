import { describe, expect, it } from 'vitest';
import { unreachable } from '../../../scaffold/task/task-parts.ts';

const wrapped = (cause: unknown) => Object.assign(new Error('could not read s3://b/k'), { cause });

describe('unreachable: a network failure along the cause chain, in words', () => {
  it("reads a socket's code and the AWS SDK's error name alike", () => {
    expect(unreachable(wrapped(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), 'http://127.0.0.1:1')).toBe(
      'cannot reach the S3 endpoint http://127.0.0.1:1: nothing listens there (ECONNREFUSED); start the server or check the URL',
    );
    // The SDK names these; they carry no socket code.
    expect(unreachable(wrapped(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })), undefined)).toBe('cannot reach S3: it did not answer in time (TimeoutError); check the network and the region');
    expect(unreachable(wrapped(Object.assign(new Error('x'), { name: 'NetworkingError' })), undefined)).toBe('cannot reach S3: the connection failed (NetworkingError); check the network and the region');
  });

  it('is undefined for any other error, however deep the chain', () => {
    expect(unreachable(wrapped(Object.assign(new Error('denied'), { name: 'AccessDenied' })), undefined)).toBeUndefined();
    expect(unreachable('not an error', undefined)).toBeUndefined();
  });
});
