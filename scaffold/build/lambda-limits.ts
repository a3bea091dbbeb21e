/**
 * The limits the Lambda service enforces around a synchronous invocation, which `runLikeLambda`
 * applies so that a zip that passes locally does not fail only in AWS. The figures are the ones
 * Lambda's own errors print.
 */

/** Invoke refuses a larger event before the function runs (`RequestEntityTooLargeException`). */
export const invokeRequestLimitBytes = 6_291_456;

/**
 * Lambda fails a larger response (`Function.ResponseSizeTooLarge`: "Response payload size (N bytes)
 * exceeded maximum allowed payload size (6291556 bytes)."): 6 MiB plus 100 bytes.
 */
export const invokeResponseLimitBytes = 6_291_556;

/** What the caller gets for an event over the request limit; the function never sees it. */
export const requestTooLargeMessage = `Request must be smaller than ${invokeRequestLimitBytes} bytes for the InvokeFunction operation`;

/** What Lambda reports when it stops a function that went past its memory size. */
export const outOfMemoryMessage = 'Runtime exited with error: signal: killed';
