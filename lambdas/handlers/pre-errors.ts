/**
 * Throw this from a PRE function when a data object cannot become a task. Under
 * `onInvalidDataObject: 'skip'` the object is kept from workers with the reason; under `'fail'`
 * the invocation fails with it.
 */
export class InvalidDataObjectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidDataObjectError';
  }
}
