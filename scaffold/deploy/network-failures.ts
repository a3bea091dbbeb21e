/**
 * Error codes (Node's socket errors) and names (the AWS SDK's) that mean a request got no answer:
 * the connection was refused, reset or timed out, or the host could not be found. Each with what
 * it means, in words for a message. Every one is explained as a failure to reach the endpoint
 * (`unreachable`, `explainAwsError`); which are worth another try is `isNetworkError`'s choice.
 */
export const networkFailures = {
  ECONNREFUSED: 'nothing listens there',
  ENOTFOUND: 'the host is unknown',
  EAI_AGAIN: 'the host name could not be looked up just now',
  ETIMEDOUT: 'it did not answer in time',
  ECONNRESET: 'it closed the connection',
  EPIPE: 'it closed the connection',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  TimeoutError: 'it did not answer in time',
  RequestTimeout: 'the request timed out on the way',
  RequestTimeoutException: 'the request timed out on the way',
  NetworkingError: 'the connection failed',
} as const;

export type NetworkFailure = keyof typeof networkFailures;
