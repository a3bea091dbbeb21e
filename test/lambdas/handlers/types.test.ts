import { describe, expect, expectTypeOf, it } from 'vitest';
import { acsHandler, preHandler, type AcsObject, type PreResponse } from '../../../lambdas/index.ts';
import type { AsyncHandler } from '../../../lambdas/handlers/types.ts';
import type { SkippedTaskInput } from '../../../lambdas/handlers/pre.ts';
import type { AcsResponse } from '../../../lambdas/contracts/acs.ts';
import type { JsonObject } from '../../../lambdas/contracts/check.ts';
import { buildPreEvent, invokePre, silentLogger } from '../../../lambdas/testing/index.ts';

// These assertions are checked by `tsc` (npm run typecheck): a wrong type fails the build.
interface ImageTask {
  taskObject: string;
  labels: string[];
}

describe('handler types', () => {
  it('infers the taskInput type of a PRE handler from its generic', () => {
    const handler = preHandler<ImageTask>((line) => ({ taskInput: { taskObject: line['source-ref'] ?? '', labels: ['a'] } }));
    expectTypeOf(handler).toEqualTypeOf<AsyncHandler<unknown, PreResponse<ImageTask | SkippedTaskInput>>>();
  });

  it('refuses a PRE function whose taskInput does not match the declared type', () => {
    // @ts-expect-error labels must be string[]
    preHandler<ImageTask>(() => ({ taskInput: { taskObject: 's3://b/k', labels: 3 } }));
    // @ts-expect-error taskObject is required
    preHandler<ImageTask>(() => ({ taskInput: { labels: [] } }));
    // @ts-expect-error isHumanAnnotationRequired is a boolean, not the string the samples return
    preHandler<ImageTask>(() => ({ taskInput: { taskObject: '', labels: [] }, isHumanAnnotationRequired: 'true' }));
  });

  it('refuses a task input type that JSON does not write as an object, as the handler does when it runs', () => {
    // @ts-expect-error an array is not a task input
    preHandler<string[]>(() => ({ taskInput: ['x'] }));
    // @ts-expect-error a Date is written as a string
    preHandler<Date>(() => ({ taskInput: new Date(0) }));
    // @ts-expect-error inferred, too
    preHandler(() => ({ taskInput: ['x'] }));
    // Plain object types, interfaces and JsonObject stay fine.
    preHandler<Record<string, unknown>>(() => ({ taskInput: { a: 1 } }));
    preHandler(() => ({ taskInput: { a: 1 } }));
  });

  it("invokePre returns the PRE's own task input type, so a typed test needs no cast", async () => {
    // walk130 #10: it returned PreResponse<JsonObject> whatever the handler.
    const handler = preHandler<ImageTask>((line) => ({ taskInput: { taskObject: line['source-ref'] ?? '', labels: ['a'] } }), { logger: silentLogger });
    const response = await invokePre(handler, buildPreEvent({ 'source-ref': 's3://b/k.jpg' }));
    expectTypeOf(response).toEqualTypeOf<PreResponse<ImageTask | SkippedTaskInput>>();
    // A line the PRE may skip is told apart by its own key; what is left is the handler's type.
    if ('gtkitSkipped' in response.taskInput) throw new Error('not skipped');
    expectTypeOf(response.taskInput.taskObject).toEqualTypeOf<string>();
    expect(response.taskInput).toEqual({ taskObject: 's3://b/k.jpg', labels: ['a'] });
    // A handler of its own, typed or loosely, and one returning any.
    const own = async () => ({ taskInput: { n: 1 }, isHumanAnnotationRequired: true });
    expectTypeOf(await invokePre(own, buildPreEvent({ source: 'x' }))).toEqualTypeOf<PreResponse<{ n: number }>>();
    const loose = async (): Promise<unknown> => ({ taskInput: {} });
    expectTypeOf(await invokePre(loose, buildPreEvent({ source: 'x' }))).toEqualTypeOf<PreResponse<JsonObject>>();
    // What a plain JavaScript handler's type comes to.
    const untyped = async (): Promise<any> => ({ taskInput: {} });
    expectTypeOf(await invokePre(untyped, buildPreEvent({ source: 'x' }))).toEqualTypeOf<PreResponse<JsonObject>>();
  });

  it('types the answers an ACS function receives and the label it returns', () => {
    type Answer = { category: { label: string } };
    const handler = acsHandler<Answer, string>({
      consolidateObject: (object) => {
        expectTypeOf(object).toEqualTypeOf<AcsObject<Answer>>();
        return { label: object.annotations[0]?.answer.category.label ?? '' };
      },
    });
    expectTypeOf(handler).toEqualTypeOf<AsyncHandler<unknown, AcsResponse>>();
    // @ts-expect-error the label must be a string for TLabel = string
    acsHandler<Answer, string>({ consolidateObject: () => ({ label: 42 }) });
    // One mode at a time: refused by the types and, for plain JavaScript, when the handler is built.
    expect(() =>
      // @ts-expect-error one mode at a time: object or batch
      acsHandler<Answer, string>({ consolidateObject: () => ({ label: 'a' }), consolidateBatch: () => new Map() }),
    ).toThrow('acsHandler: options: give consolidateObject or consolidateBatch, not both');
  });
});
