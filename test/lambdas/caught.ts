/** The error a call throws (the test fails when it throws nothing), so its class and exact message can be asserted. */
export function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw, and it returned');
}

/** The error a promise rejects with (the test fails when it resolves). */
export async function rejected(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject, and it resolved');
}
