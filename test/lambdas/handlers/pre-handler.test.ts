import { describe, expect, it, vi } from 'vitest';
import { InvalidDataObjectError, preHandler, type HandlerLogger } from '../../../lambdas/index.ts';
import { buildPreEvent, createLambdaContext, invokeHandler, invokePre, silentLogger } from '../../../lambdas/testing/index.ts';

const spyLogger = () => ({
  debug: vi.fn(),
  info: vi.fn(),
  warn: vi.fn(),
  error: vi.fn(),
  addContext: vi.fn(),
}) satisfies HandlerLogger;

const toTask = preHandler<{ taskObject: string; labels: string[] }>(
  (line) => ({ taskInput: { taskObject: line['source-ref'] ?? line.source ?? '', labels: ['cat', 'dog'] } }),
  { logger: silentLogger },
);

describe('preHandler', () => {
  it('returns the task input and a real boolean true by default', async () => {
    const response = await invokePre(toTask, buildPreEvent({ 'source-ref': 's3://b/k.jpg' }));
    expect(response).toEqual({ taskInput: { taskObject: 's3://b/k.jpg', labels: ['cat', 'dog'] }, isHumanAnnotationRequired: true });
  });

  it('passes false through as a boolean', async () => {
    const h = preHandler(() => ({ taskInput: {}, isHumanAnnotationRequired: false }), { logger: silentLogger });
    const out = await invokeHandler(h, buildPreEvent({ source: 't' }));
    expect(out.isHumanAnnotationRequired).toBe(false);
  });

  it('refuses a string flag from untyped code', async () => {
    const h = preHandler(() => ({ taskInput: {}, isHumanAnnotationRequired: 'false' as unknown as boolean }), { logger: silentLogger });
    await expect(invokeHandler(h, buildPreEvent({ source: 't' }))).rejects.toThrow(/must be a boolean, got string "false"/);
  });

  it('fails on a malformed data object by default, naming the problem', async () => {
    const logger = spyLogger();
    const h = preHandler(() => ({ taskInput: {} }), { logger });
    await expect(invokeHandler(h, { labelingJobArn: 'a', dataObject: { nothing: 1 } })).rejects.toThrow(/event.dataObject: has neither "source" nor "source-ref"/);
    expect(logger.error).toHaveBeenCalled();
  });

  it('skips a malformed data object with a logged reason when configured', async () => {
    const logger = spyLogger();
    const h = preHandler(() => ({ taskInput: {} }), { logger, onInvalidDataObject: 'skip' });
    const out = await invokePre(h, { labelingJobArn: 'a', dataObject: { nothing: 1 } });
    expect(out.isHumanAnnotationRequired).toBe(false);
    expect(out.taskInput).toEqual({ gtkitSkipped: { reason: expect.stringContaining('neither "source" nor "source-ref"') } });
    expect(logger.warn).toHaveBeenCalledWith('data object skipped', expect.objectContaining({ reason: expect.any(String) }));
  });

  it('applies the policy to InvalidDataObjectError thrown by the function', async () => {
    const fn = () => {
      throw new InvalidDataObjectError('source-ref is not an image');
    };
    await expect(invokeHandler(preHandler(fn, { logger: silentLogger }), buildPreEvent({ source: 'x' }))).rejects.toThrow('invalid data object: source-ref is not an image');
    const skipped = await invokePre(preHandler(fn, { logger: silentLogger, onInvalidDataObject: 'skip' }), buildPreEvent({ source: 'x' }));
    expect(skipped.isHumanAnnotationRequired).toBe(false);
  });

  it('always rethrows other errors: they are bugs, not data', async () => {
    const h = preHandler(
      () => {
        throw new TypeError('boom');
      },
      { logger: silentLogger, onInvalidDataObject: 'skip' },
    );
    await expect(invokeHandler(h, buildPreEvent({ source: 'x' }))).rejects.toThrow('boom');
  });

  it('names the value that cannot be JSON: a BigInt or a circular reference, with its path', async () => {
    const bigint = preHandler(() => ({ taskInput: { counts: [1, 2n] } }), { logger: silentLogger });
    await expect(invokeHandler(bigint, buildPreEvent({ source: 'x' }))).rejects.toThrow('the PRE response is not JSON: taskInput.counts[1] is a BigInt; use a number or a string');
    const loop: Record<string, unknown> = { a: { b: {} } };
    (loop.a as { b: Record<string, unknown> }).b.up = loop;
    const circular = preHandler(() => ({ taskInput: loop }), { logger: silentLogger });
    await expect(invokeHandler(circular, buildPreEvent({ source: 'x' }))).rejects.toThrow('taskInput.a.b.up refers back to an object that contains it (a circular reference)');
    // NaN would reach the template as null without a word; a null on purpose passes.
    const nan = preHandler(() => ({ taskInput: { size: { width: Number.NaN }, note: null } }), { logger: silentLogger });
    await expect(invokeHandler(nan, buildPreEvent({ source: 'x' }))).rejects.toThrow('the PRE response is not JSON: taskInput.size.width is NaN, which JSON cannot hold (it would be written as null); use a number, or null on purpose');
    const fine = preHandler(() => ({ taskInput: { note: null, count: 1 } }), { logger: silentLogger });
    await expect(invokeHandler(fine, buildPreEvent({ source: 'x' }))).resolves.toMatchObject({ taskInput: { note: null, count: 1 } });
  });

  it('rejects a response over the 6 MB Lambda limit', async () => {
    const h = preHandler(() => ({ taskInput: { big: 'x'.repeat(7 * 1024 * 1024) } }), { logger: silentLogger });
    await expect(invokeHandler(h, buildPreEvent({ source: 'x' }))).rejects.toThrow(/over Lambda's 6 MB limit/);
  });

  it('rejects a taskInput that is not an object', async () => {
    const h = preHandler(() => ({ taskInput: ['a'] as unknown as Record<string, unknown> }), { logger: silentLogger });
    await expect(invokeHandler(h, buildPreEvent({ source: 'x' }))).rejects.toThrow(/taskInput a plain object/);
  });

  it('adds the Lambda context to the logger (request id, cold start)', async () => {
    const logger = spyLogger();
    const context = createLambdaContext();
    await preHandler(() => ({ taskInput: {} }), { logger })(buildPreEvent({ source: 'x' }), context);
    expect(logger.addContext).toHaveBeenCalledWith(context);
  });

  it('a data object nested thousands deep is skipped under "skip" and logged in short, not a stack overflow', async () => {
    const deep = JSON.parse(`{"source":"x","m":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`) as Record<string, unknown>;
    const warn = vi.fn();
    // Called directly: the Lambda runtime parses such an event, but invokePre's JSON round trip cannot write it.
    const handler = preHandler(() => { throw new InvalidDataObjectError('bad line'); }, { logger: { ...silentLogger, warn }, onInvalidDataObject: 'skip' });
    const skipped = (await handler(buildPreEvent(deep as never), createLambdaContext())) as { isHumanAnnotationRequired?: boolean };
    expect(skipped.isHumanAnnotationRequired).toBe(false);
    expect(warn).toHaveBeenCalledWith('data object skipped', { reason: 'bad line', dataObject: expect.stringMatching(/^\(not JSON: |… \(\d+ characters\)$/) });
  });
});

