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

  it('refuses a taskInput whose JSON form is not an object, or whose values JSON leaves out, saying what it is', async () => {
    const run = (taskInput: unknown) => invokeHandler(preHandler(() => ({ taskInput: taskInput as never }), { logger: silentLogger }), buildPreEvent({ source: 'x' }));
    await expect(run(new Date(0))).rejects.toThrow(
      'the PRE response is not what Ground Truth reads: taskInput is a Date, so JSON writes it as a string ("1970-01-01T00:00:00.000Z"); Ground Truth needs a JSON object: return a plain object { … }',
    );
    await expect(run({ toJSON: () => [1, 2] })).rejects.toThrow(
      'the PRE response is not what Ground Truth reads: taskInput has a toJSON() method, so JSON writes it as an array ([1,2]); Ground Truth needs a JSON object: return a plain object { … }',
    );
    await expect(run({ toJSON: () => 'x' })).rejects.toThrow('taskInput has a toJSON() method, so JSON writes it as a string ("x")');
    await expect(run({ taskObject: 'x', render: () => 'x', tag: Symbol('t') })).rejects.toThrow(
      'the PRE response is not what Ground Truth reads: taskInput.render is a function, taskInput.tag is a Symbol, which JSON leaves out with their keys; give a JSON value, or leave the key out',
    );
    await expect(run({ toJSON: () => ({ taskObject: 'x' }) })).resolves.toEqual({ taskInput: { taskObject: 'x' }, isHumanAnnotationRequired: true });
  });

  it('says what a PRE function returned when it is not { taskInput }, and names a null flag', async () => {
    const run = (result: unknown) => invokeHandler(preHandler(() => result as never, { logger: silentLogger }), buildPreEvent({ source: 'x' }));
    await expect(run(undefined)).rejects.toThrow('the PRE function must return { taskInput: { … } }, got undefined');
    await expect(run('hello')).rejects.toThrow('the PRE function must return { taskInput: { … } }, got "hello"');
    await expect(run({ taskInput: 'x' })).rejects.toThrow('the PRE function must return { taskInput: { … } } with taskInput a plain object, got taskInput "x"');
    await expect(run({ taskInput: {}, isHumanAnnotationRequired: null })).rejects.toThrow(/^isHumanAnnotationRequired must be a boolean, got null$/);
  });

  it('skips under "skip" only for problems with the data object: an event without its labelingJobArn still fails', async () => {
    const h = preHandler(() => ({ taskInput: {} }), { logger: silentLogger, onInvalidDataObject: 'skip' });
    await expect(invokeHandler(h, { version: '2018-10-06', dataObject: { source: 'x' } })).rejects.toThrow('PRE event is not valid:\n  event.labelingJobArn: is missing');
    await expect(invokeHandler(h, { dataObject: { nothing: 1 } })).rejects.toThrow(/event\.labelingJobArn: is missing/);
    // The version is opaque: whatever its type, the object is not skipped.
    await expect(invokePre(h, { version: { v: 1 }, labelingJobArn: 'a', dataObject: { source: 'x' } })).resolves.toEqual({ taskInput: {}, isHumanAnnotationRequired: true });
  });

  it('works when called as handler(event), without a Lambda context, with the default Powertools logger too', async () => {
    const logger = spyLogger();
    const h = preHandler(() => ({ taskInput: { a: 1 } }), { logger });
    const bare = h as (event: unknown) => ReturnType<typeof h>;
    await expect(bare(buildPreEvent({ source: 'x' }))).resolves.toEqual({ taskInput: { a: 1 }, isHumanAnnotationRequired: true });
    expect(logger.addContext).not.toHaveBeenCalled();
    const withDefault = preHandler(() => ({ taskInput: { a: 1 } })) as (event: unknown) => Promise<unknown>;
    await expect(withDefault(buildPreEvent({ source: 'x' }))).resolves.toEqual({ taskInput: { a: 1 }, isHumanAnnotationRequired: true });
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
    expect(warn).toHaveBeenCalledWith('data object skipped', { reason: 'bad line', fields: ['source', 'm'] });
  });

  it('logs where a bad line is and its field names, never its values (customer data in CloudWatch)', async () => {
    const line = { 'source-ref': 's3://acme-customer-data/tickets/bad.txt', customer_email: 'jane@example.com', notes: 'SSN 078-05-1120' };
    const logged = (logger: ReturnType<typeof spyLogger>) => JSON.stringify([...logger.warn.mock.calls, ...logger.error.mock.calls]);
    const fn = () => { throw new InvalidDataObjectError('not UTF-8 text'); };
    const skipping = spyLogger();
    await invokePre(preHandler(fn, { logger: skipping, onInvalidDataObject: 'skip' }), buildPreEvent(line));
    expect(skipping.warn).toHaveBeenCalledWith('data object skipped', { reason: 'not UTF-8 text', sourceRef: line['source-ref'], fields: ['source-ref', 'customer_email', 'notes'] });
    const failing = spyLogger();
    await expect(invokeHandler(preHandler(fn, { logger: failing }), buildPreEvent(line))).rejects.toThrow('invalid data object');
    expect(failing.error).toHaveBeenCalledWith('invalid data object', { reason: 'not UTF-8 text', sourceRef: line['source-ref'], fields: ['source-ref', 'customer_email', 'notes'] });
    // A line the contract refuses (text under a wrong field name, a source that is an object) is skipped the same way.
    const contract = spyLogger();
    await invokePre(preHandler(() => ({ taskInput: {} }), { logger: contract, onInvalidDataObject: 'skip' }), { labelingJobArn: 'a', dataObject: { text: 'Jane Doe SSN 078-05-1120', source: { name: 'Jane Doe' } } });
    expect(contract.warn).toHaveBeenCalledWith('data object skipped', expect.objectContaining({ fields: ['text', 'source'] }));
    for (const logger of [skipping, failing, contract]) {
      expect(logged(logger)).not.toMatch(/jane@example\.com|078-05-1120|Jane Doe/);
    }
  });

  it('names how many fields a line has when it has more than a log line lists', async () => {
    const wide = Object.fromEntries([['source', 'x'], ...Array.from({ length: 150 }, (_, i) => [`f${i}`, i])]);
    const logger = spyLogger();
    await invokePre(preHandler(() => { throw new InvalidDataObjectError('bad'); }, { logger, onInvalidDataObject: 'skip' }), buildPreEvent(wide));
    const fields = logger.warn.mock.calls[0]?.[1] as { fields: string[]; fieldCount: number };
    expect(fields.fields).toHaveLength(100);
    expect(fields.fieldCount).toBe(151);
  });
});

