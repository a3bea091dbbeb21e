/**
 * Turns an AWS error into a sentence that says what to do. For AccessDenied it names the missing
 * action and resource, parsed from the message AWS sends ("… is not authorized to perform:
 * lambda:CreateFunction on resource: arn:… because …").
 */
export function explainAwsError(error: unknown, doing: string): string {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = (error as Error).message ?? String(error);
  if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(`${name} ${message}`)) {
    const action = /perform: ([\w-]+:[\w*-]+)/.exec(message)?.[1];
    const resource = /on resource: (\S+?)(?:\s|$| because)/.exec(message)?.[1];
    const principal = /User: (\S+)/.exec(message)?.[1];
    const what = action ? `the permission ${action}${resource ? ` on ${resource}` : ''}` : 'a permission (AWS did not say which)';
    return `${doing}: access denied. ${principal ? `${principal} lacks` : 'Your credentials lack'} ${what}. Add it to your IAM policy${action?.startsWith('iam:PassRole') ? ' (PassRole is needed to hand the execution role to Lambda)' : ''}, or deploy with a role that has it.`;
  }
  if (name === 'ResourceNotFoundException' && /role/i.test(message)) return `${doing}: ${message}. Check lambdas.executionRoleArn, or use --create-roles.`;
  if (name === 'InvalidParameterValueException' && /role.*cannot be assumed/i.test(message)) {
    return `${doing}: Lambda cannot assume the execution role yet (${message}). A new role takes a few seconds to propagate: run gtkit deploy again.`;
  }
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException') return `${doing}: AWS is throttling requests (${message}); wait a minute and deploy again.`;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) return `${doing}: no AWS credentials found. Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --dry-run.`;
  return `${doing}: ${name}: ${message}`;
}

const retryable = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ResourceConflictException', 'ServiceException', 'RequestLimitExceeded']);

/**
 * Retries an AWS call on throttling and on Lambda's "update in progress" conflict, with bounded
 * exponential backoff (injectable sleep, so tests do not wait).
 */
export async function withRetry<T>(call: () => Promise<T>, options: { attempts?: number; baseMs?: number; sleep?: (ms: number) => Promise<void>; onRetry?: (error: unknown, attempt: number) => void } = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (!retryable.has(name) || attempt >= attempts) throw error;
      options.onRetry?.(error, attempt);
      await sleep(Math.min(20_000, (options.baseMs ?? 500) * 2 ** (attempt - 1)));
    }
  }
}
