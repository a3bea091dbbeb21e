import { expect } from 'vitest';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** The error a call throws, checked to be of `type` when given (the test fails when it throws nothing), so its exact message can be asserted. */
export function caught<E extends Error = Error>(fn: () => unknown, type?: ErrorClass<E>): E {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error('expected the call to throw, and it returned');
  if (type) expect(thrown).toBeInstanceOf(type);
  return thrown as E;
}

/** The error a promise rejects with, checked to be of `type` when given (the test fails when it resolves). */
export async function rejected<E extends Error = Error>(promise: Promise<unknown>, type?: ErrorClass<E>): Promise<E> {
  let thrown: unknown;
  await promise.then(
    () => undefined,
    (error: unknown) => {
      thrown = error ?? new Error('rejected with nothing');
    },
  );
  if (thrown === undefined) throw new Error('expected the promise to reject, and it resolved');
  if (type) expect(thrown).toBeInstanceOf(type);
  return thrown as E;
}

/** A function giving the message of the `type` error a call throws: `const typeError = messageOf(TypeError)`. */
export function messageOf<E extends Error>(type: ErrorClass<E>): (fn: () => unknown) => string {
  return (fn) => caught(fn, type).message;
}
