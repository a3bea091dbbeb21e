import { networkFailures } from './network-failures.ts';
import { getOwn } from '../../lambdas/contracts/own-property.ts';

/**
 * Every AWS error `gtkit deploy` meets becomes one sentence that says what happened and what to
 * do. AccessDenied names the missing permission: the action and resource are parsed from AWS's
 * message, or, when AWS does not say (S3's bare "Access Denied"), taken from the step.
 */

/** What a deploy step was doing, and the permission it needs. */
export interface AwsStep {
  /** e.g. "uploading s3://bucket/key". */
  doing: string;
  /** The IAM action the call needs, e.g. `s3:PutObject`. */
  action?: string;
  /** The resource it acts on, e.g. `arn:aws:s3:::bucket/key`. */
  resource?: string;
  /** What the user can do without AWS, said when there are no credentials (default: deploy's --dry-run). */
  withoutAws?: string;
  /** How to try again after a passing trouble (default: deploy again). */
  again?: string;
}

export interface AccessDeniedDetails {
  principal?: string;
  action?: string;
  resource?: string;
  /** The policy type of an explicit deny (e.g. "service control policy"), when AWS names one. */
  explicitDenyIn?: string;
  /** AWS's own "because …" clause. */
  because?: string;
}

export function awsErrorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [e.name, e.Code, e.code]) if (typeof v === 'string' && v !== '' && v !== 'Error') return v;
  }
  return 'Error';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}

const accessDeniedNames = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'UnauthorizedAccess', 'Forbidden']);

export function isAccessDenied(error: unknown): boolean {
  const status = httpStatusOf(error);
  return accessDeniedNames.has(awsErrorName(error)) || /is not authorized to perform/i.test(messageOf(error)) || (status === 403 && /denied/i.test(messageOf(error)));
}

/** Lambda cannot assume the execution role: a role made moments ago has not reached Lambda yet, or its trust policy leaves Lambda out. */
export function isRoleNotAssumable(error: unknown): boolean {
  const message = messageOf(error);
  return awsErrorName(error) === 'InvalidParameterValueException' && /role/i.test(message) && /assume/i.test(message);
}

/**
 * Reads the principal, action, resource and reason out of an AccessDenied message, e.g.
 * "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:CreateFunction on
 * resource: arn:aws:lambda:…:function:x because no identity-based policy allows the
 * lambda:CreateFunction action". Fields AWS left out stay undefined.
 */
export function parseAccessDenied(message: string): AccessDeniedDetails {
  const text = message.slice(0, 4000);
  const details: AccessDeniedDetails = {};
  const principal = /\bUser: (arn:[^\s]+?)(?= is not authorized|\s|$)/.exec(text)?.[1];
  if (principal) details.principal = principal;
  const action = /not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(text)?.[1];
  if (action) details.action = action;
  // S3 writes the resource in quotes (`on resource: "arn:aws:s3:::bucket/key"`); other services bare.
  const resourceMatch = /\bon resource: (?:"([^"\s]+)"|([^\s]+?)[.,;]?(?= because| with an explicit deny|\s|$))/.exec(text);
  const resource = resourceMatch?.[1] ?? resourceMatch?.[2];
  if (resource) details.resource = resource;
  const deny = /with an explicit deny in an? ([a-z -]+?policy)/i.exec(text)?.[1];
  if (deny) details.explicitDenyIn = deny;
  const because = /\bbecause (.+?)\.?$/.exec(text)?.[1];
  if (because) details.because = because;
  return details;
}

/** An Allow statement for the missing permission, printed so the user can paste it. */
export function allowStatement(action: string, resource: string | undefined): string {
  return JSON.stringify({ Effect: 'Allow', Action: action, Resource: resource ?? '*' });
}

function explainAccessDenied(error: unknown, step: AwsStep): string {
  const parsed = parseAccessDenied(messageOf(error));
  const action = parsed.action ?? step.action;
  const resource = parsed.resource ?? (parsed.action && parsed.action !== step.action ? undefined : step.resource);
  const who = parsed.principal ?? 'your AWS credentials';
  if (!action) return `${step.doing}: access denied (${messageOf(error)}); AWS did not say which permission is missing. Check the IAM policies of ${who}.`;
  const said = parsed.action ? '' : ' (AWS did not name the permission; this is the one this step needs)';
  const what = `${who} may not ${action}${resource ? ` on ${resource}` : ''}${said}`;
  if (parsed.explicitDenyIn) {
    return `${step.doing}: access denied: ${what}. An explicit deny in a ${parsed.explicitDenyIn} blocks it, so adding an Allow will not help: ask your AWS administrator to lift that deny for this action.`;
  }
  const passRole = action.toLowerCase() === 'iam:passrole' ? ' iam:PassRole is what lets you hand the execution role to Lambda.' : '';
  const kms = action.toLowerCase().startsWith('kms:') ? ' The key policy of the KMS key must allow it too.' : '';
  return `${step.doing}: access denied: ${what}. Add this statement to an IAM policy of ${parsed.principal ?? 'the identity behind those credentials'}: ${allowStatement(action, resource)}.${passRole}${kms}`;
}

/** Errors that mean "too many requests, slow down", by name or by HTTP 429. */
const throttlingNames = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded', 'SlowDown', 'RequestThrottled', 'RequestThrottledException', 'EC2ThrottledException']);

export function isThrottling(error: unknown): boolean {
  return throttlingNames.has(awsErrorName(error)) || httpStatusOf(error) === 429;
}

/** The HTTP status an AWS SDK error carries, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** Error names that mean the session behind the credentials has expired. */
const expiredCredentials = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
/** Error names that mean AWS does not accept the credentials (unknown key, wrong secret, a clock far off). */
const rejectedCredentials = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch']);

/** What is wrong with credentials that do not work: none found, an expired session, or not accepted by AWS. */
export type CredentialFailure = 'missing' | 'expired' | 'rejected';

/** What is wrong with the credentials, when that is what the error says: none found, expired, or not accepted. */
export function credentialFailureOf(error: unknown): CredentialFailure | undefined {
  const name = awsErrorName(error);
  if (expiredCredentials.has(name)) return 'expired';
  if (rejectedCredentials.has(name)) return 'rejected';
  // The SDK's provider chain sometimes throws a plain Error with only this message.
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(messageOf(error))) return 'missing';
  return undefined;
}

/**
 * Whether the error says the credentials do not work: none found, an expired session, or
 * credentials AWS does not accept. Every further call with them would fail the same way, so a
 * loop over buckets or objects stops at the first one. Access denied is not one (the credentials
 * work; a permission is missing), nor is a network failure.
 */
export function isCredentialFailure(error: unknown): boolean {
  return credentialFailureOf(error) !== undefined;
}

/** Turns an AWS error into a sentence that says what to do. */
export function explainAwsError(error: unknown, step: AwsStep | string): string {
  const s: AwsStep = typeof step === 'string' ? { doing: step } : step;
  const name = awsErrorName(error);
  const message = messageOf(error);
  const attempts = (error as { gtkitAttempts?: number } | null)?.gtkitAttempts;
  const requestId = (error as { $metadata?: { requestId?: string } } | null)?.$metadata?.requestId;
  const ref = requestId ? ` (request id ${requestId})` : '';
  if (isAccessDenied(error)) return explainAccessDenied(error, s);
  // Every throttling the retries know is explained as such: what gave up after backoff was throttling.
  if (isThrottling(error)) {
    return `${s.doing}: AWS kept throttling the request${attempts ? ` after ${attempts} attempts with backoff` : ''} (${message}). Wait a minute and ${s.again ?? 'deploy again; nothing already deployed is lost'}.`;
  }
  switch (name) {
    case 'ResourceConflictException':
      return `${s.doing}: the function is being changed by another update (${message}). Wait until it finishes (aws lambda get-function shows LastUpdateStatus) and deploy again.`;
    case 'CodeStorageExceededException':
      return `${s.doing}: the account's Lambda code storage is full (${message}). Delete old versions of your functions (aws lambda delete-function --qualifier <n>) and deploy again.`;
    case 'RequestEntityTooLargeException':
      return `${s.doing}: the zip is larger than Lambda accepts in a direct upload (${message}). Build with --sdk runtime to leave the AWS SDK out, or deploy through --emit-cloudformation (code from S3).`;
    case 'InvalidParameterValueException':
      if (isRoleNotAssumable(error)) {
        return `${s.doing}: Lambda cannot assume the execution role (${message}). A role made moments ago takes a few seconds to reach Lambda: deploy again. Otherwise check that its trust policy allows lambda.amazonaws.com.`;
      }
      return `${s.doing}: Lambda rejected a setting: ${message}. Check lambdas.* in gtkit.config.ts.`;
    case 'ResourceNotFoundException':
      return `${s.doing}: ${message}. ${/role/i.test(message) ? 'Check lambdas.executionRoleArn, or use --create-roles.' : 'It does not exist (any more) in this account and region.'}`;
    case 'NoSuchBucket':
      return `${s.doing}: the bucket does not exist (${message}). Create it in the job's region, or fix s3.bucket in gtkit.config.ts.`;
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
      return `${s.doing}: the bucket is in another region than the task (${message}). Ground Truth needs the bucket, the Lambdas and the job in one region: fix region or s3.bucket.`;
    case 'NoSuchEntity':
    case 'NoSuchEntityException':
      return `${s.doing}: ${message}. The IAM entity does not exist; check the role ARNs in gtkit.config.ts, or use --create-roles.`;
    case 'MalformedPolicyDocument':
    case 'MalformedPolicyDocumentException':
      return `${s.doing}: IAM rejected a policy gtkit wrote (${message}). Check s3.bucket, s3.prefix and s3.kmsKeyId for odd characters.`;
    case 'LimitExceeded':
    case 'LimitExceededException':
      return `${s.doing}: an account limit was reached (${message}). Remove unused roles or functions, or ask AWS for a higher quota.`;
  }
  const network = getOwn(networkFailures, name);
  if (network !== undefined) return `${s.doing}: could not reach AWS: ${network} (${name}: ${message}). Check the network, proxy and region.`;
  switch (credentialFailureOf(error)) {
    case 'expired':
      return `${s.doing}: your AWS session has expired (${message}). Sign in again (aws sso login, or fresh keys) and ${s.again ?? 'deploy again'}.`;
    case 'rejected':
      return `${s.doing}: AWS does not accept these credentials (${name}: ${message}). Check AWS_PROFILE or the access keys, and the clock of this machine.`;
    case 'missing':
      return `${s.doing}: no AWS credentials found. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ${s.withoutAws ?? 'use --dry-run to see the plan without AWS'}.`;
  }
  return `${s.doing}: ${name}: ${message}${ref}`;
}
