import { describe, expect, it } from 'vitest';
import { allowStatement, awsErrorName, explainAwsError, isAccessDenied, isCredentialFailure, parseAccessDenied } from '../../../scaffold/deploy/aws-errors.ts';
import { DeployStepError } from '../../../scaffold/deploy/step.ts';

const err = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });
const step = { doing: 'creating function f', action: 'lambda:CreateFunction', resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f' };

describe('parseAccessDenied', () => {
  it('reads the current Lambda/IAM message form', () => {
    expect(
      parseAccessDenied(
        'User: arn:aws:iam::111122223333:user/dev is not authorized to perform: lambda:GetFunction on resource: arn:aws:lambda:eu-west-1:111122223333:function:f because no identity-based policy allows the lambda:GetFunction action',
      ),
    ).toEqual({
      principal: 'arn:aws:iam::111122223333:user/dev',
      action: 'lambda:GetFunction',
      resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f',
      because: 'no identity-based policy allows the lambda:GetFunction action',
    });
  });

  it('reads assumed roles, the older form without "because", and explicit denies', () => {
    expect(parseAccessDenied('User: arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/x')).toEqual({
      principal: 'arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com',
      action: 'iam:PassRole',
      resource: 'arn:aws:iam::111122223333:role/x',
    });
    expect(parseAccessDenied('User: arn:aws:iam::1:user/d is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::b/k" with an explicit deny in a resource-based policy').explicitDenyIn).toBe('resource-based policy');
    expect(parseAccessDenied('… is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::1:role/r with an explicit deny in a service control policy')).toMatchObject({ action: 'iam:CreateRole', resource: 'arn:aws:iam::1:role/r', explicitDenyIn: 'service control policy' });
    expect(parseAccessDenied('… because no permissions boundary allows the kms:Decrypt action').because).toBe('no permissions boundary allows the kms:Decrypt action');
  });

  it('reads S3\'s quoted resource without the quotes, so the printed Allow statement can be pasted', () => {
    const message = 'User: arn:aws:iam::111122223333:user/dev is not authorized to perform: s3:GetBucketCORS on resource: "arn:aws:s3:::street-images" because no identity-based policy allows the s3:GetBucketCORS action';
    expect(parseAccessDenied(message)).toMatchObject({ action: 's3:GetBucketCORS', resource: 'arn:aws:s3:::street-images', because: 'no identity-based policy allows the s3:GetBucketCORS action' });
    expect(parseAccessDenied('User: arn:aws:iam::1:user/d is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::b/k" with an explicit deny in a resource-based policy').resource).toBe('arn:aws:s3:::b/k');
    expect(explainAwsError(err('AccessDenied', message, { $metadata: { httpStatusCode: 403 } }), { doing: 'reading the CORS rules of s3://street-images' })).toContain('{"Effect":"Allow","Action":"s3:GetBucketCORS","Resource":"arn:aws:s3:::street-images"}');
  });

  it('leaves out what the message does not say (empty, bare, malformed, hostile, huge)', () => {
    expect(parseAccessDenied('')).toEqual({});
    expect(parseAccessDenied('Access Denied')).toEqual({});
    expect(parseAccessDenied('is not authorized to perform: ')).toEqual({});
    expect(parseAccessDenied('User: <script>alert(1)</script> is not authorized to perform: x')).toEqual({});
    const huge = `User: arn:aws:iam::1:user/${'a'.repeat(200_000)} is not authorized to perform: s3:GetObject`;
    const started = process.hrtime.bigint();
    expect(parseAccessDenied(huge).action).toBeUndefined(); // beyond the first 4,000 characters
    expect(Number(process.hrtime.bigint() - started)).toBeGreaterThan(0);
  });
});

describe('explainAwsError', () => {
  it('AccessDenied with details: who, which action on which resource, the statement to add', () => {
    const e = err('AccessDeniedException', 'User: arn:aws:iam::111122223333:user/dev is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:eu-west-1:111122223333:function:f because no identity-based policy allows the lambda:CreateFunction action');
    expect(explainAwsError(e, step)).toBe(
      'creating function f: access denied: arn:aws:iam::111122223333:user/dev may not lambda:CreateFunction on arn:aws:lambda:eu-west-1:111122223333:function:f. Add this statement to an IAM policy of arn:aws:iam::111122223333:user/dev: {"Effect":"Allow","Action":"lambda:CreateFunction","Resource":"arn:aws:lambda:eu-west-1:111122223333:function:f"}.',
    );
  });

  it('AccessDenied naming another action than the step\'s: does not borrow the step\'s resource', () => {
    const e = err('AccessDeniedException', 'User: arn:aws:iam::1:user/d is not authorized to perform: kms:Decrypt');
    expect(explainAwsError(e, step)).toBe('creating function f: access denied: arn:aws:iam::1:user/d may not kms:Decrypt. Add this statement to an IAM policy of arn:aws:iam::1:user/d: {"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}. The key policy of the KMS key must allow it too.');
  });

  it('AccessDenied with no details and no step action says so', () => {
    expect(explainAwsError(err('AccessDenied', 'Access Denied', { $metadata: { httpStatusCode: 403 } }), 'doing x')).toBe('doing x: access denied (Access Denied); AWS did not say which permission is missing. Check the IAM policies of your AWS credentials.');
  });

  it('recognises AccessDenied by status 403 and message', () => {
    expect(isAccessDenied({ name: 'Unknown', message: 'Request denied', $metadata: { httpStatusCode: 403 } })).toBe(true);
    expect(isAccessDenied({ name: 'Unknown', message: 'Forbidden thing', $metadata: { httpStatusCode: 500 } })).toBe(false);
  });

  it('explains the other errors a deploy meets, each with what to do', () => {
    const cases: Array<[Error | Record<string, unknown>, RegExp]> = [
      [err('ResourceConflictException', 'The operation cannot be performed at this time. An update is in progress'), /being changed by another update.*Wait until it finishes/],
      [err('RequestEntityTooLargeException', 'Request must be smaller than 70167211 bytes'), /larger than Lambda accepts.*--sdk runtime/],
      [err('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.'), /cannot assume the execution role.*deploy again/],
      [err('InvalidParameterValueException', 'Value 20000 at timeout failed'), /Lambda rejected a setting: Value 20000 at timeout failed\. Check lambdas\.\*/],
      [err('ResourceNotFoundException', 'Role not found'), /lambdas\.executionRoleArn, or use --create-roles/],
      [err('NoSuchBucket', 'The specified bucket does not exist'), /Create it in the job's region, or fix s3\.bucket/],
      [err('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.'), /in another region/],
      [err('NoSuchEntityException', 'The role with name x cannot be found.'), /IAM entity does not exist/],
      [err('MalformedPolicyDocumentException', 'bad'), /IAM rejected a policy gtkit wrote/],
      [err('LimitExceededException', 'Cannot exceed quota for RolesPerAccount: 1000'), /account limit was reached/],
      [err('ExpiredTokenException', 'expired'), /session has expired/],
      [err('UnrecognizedClientException', 'The security token included in the request is invalid'), /does not accept these credentials/],
      [err('CredentialsProviderError', 'Could not load credentials from any providers'), /no AWS credentials found.*--dry-run/],
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), /could not reach AWS: nothing listens there \(ECONNREFUSED/],
      [err('TooManyRequestsException', 'Rate exceeded', { gtkitAttempts: 6 }), /kept throttling the request after 6 attempts with backoff/],
      [err('CodeStorageExceededException', 'Code storage limit exceeded.'), /code storage is full.*delete-function --qualifier/],
      [err('SomethingNew', 'odd', { $metadata: { requestId: 'abc' } }), /^doing: SomethingNew: odd \(request id abc\)$/],
    ];
    for (const [e, pattern] of cases) expect(explainAwsError(e, 'doing'), (e as Error).name).toMatch(pattern);
  });

  it('explains every network failure and every throttling that the retries give up on, not only the common names', () => {
    const socket = (code: string) => Object.assign(new Error(`getaddrinfo ${code} lambda.us-east-1.amazonaws.com`), { code });
    expect(explainAwsError(socket('EAI_AGAIN'), 'doing')).toBe('doing: could not reach AWS: the host name could not be looked up just now (EAI_AGAIN: getaddrinfo EAI_AGAIN lambda.us-east-1.amazonaws.com). Check the network, proxy and region.');
    expect(explainAwsError(socket('ENETUNREACH'), 'doing')).toMatch(/^doing: could not reach AWS: the network is unreachable \(ENETUNREACH/);
    expect(explainAwsError(err('NetworkingError', 'socket hang up'), 'doing')).toMatch(/^doing: could not reach AWS: the connection failed \(NetworkingError: socket hang up\)/);
    expect(explainAwsError(err('RequestThrottledException', 'slow down', { gtkitAttempts: 6 }), 'doing')).toMatch(/^doing: AWS kept throttling the request after 6 attempts with backoff \(slow down\)/);
    // A service's own name for it, known only by its HTTP status.
    expect(explainAwsError(err('SomeServiceLimit', 'Rate exceeded', { $metadata: { httpStatusCode: 429 } }), 'doing')).toMatch(/^doing: AWS kept throttling the request \(Rate exceeded\)/);
  });

  it('copes with things that are not errors', () => {
    expect(explainAwsError('just a string', 'doing')).toBe('doing: Error: just a string');
    expect(explainAwsError(null, 'doing')).toBe('doing: Error: null');
    expect(explainAwsError(42, 'doing')).toBe('doing: Error: 42');
    expect(explainAwsError({ message: 'Could not load credentials from any providers' }, 'doing')).toMatch(/no AWS credentials found/);
    expect(awsErrorName({ Code: 'NoSuchKey' })).toBe('NoSuchKey');
    expect(awsErrorName(undefined)).toBe('Error');
  });
});

describe('isCredentialFailure', () => {
  it('every error that says the credentials do not work (none, expired, not accepted), by name or by the provider chain\'s message; not a missing permission, a missing bucket or the network', () => {
    const failures = ['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch'].map((name) => err(name, 'x'));
    const plain = new Error('Could not load credentials from any providers');
    for (const e of [...failures, plain, { message: 'Could not load credentials from any providers' }]) {
      expect(isCredentialFailure(e), awsErrorName(e)).toBe(true);
      // explainAwsError says the same of each: a credential problem, with what to do.
      expect(explainAwsError(e, 'doing'), awsErrorName(e)).toMatch(/no AWS credentials found|session has expired|does not accept these credentials/);
    }
    const others = [err('AccessDenied', 'Access Denied', { $metadata: { httpStatusCode: 403 } }), err('NoSuchBucket', 'The specified bucket does not exist'), err('ThrottlingException', 'Rate exceeded'), Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), err('SomethingNew', 'odd'), undefined, 'a string'];
    for (const e of others) expect(isCredentialFailure(e), String(awsErrorName(e))).toBe(false);
  });
});

describe('DeployStepError', () => {
  it('carries the AWS error name, the step and the missing permission for --json', () => {
    const e = new DeployStepError(step, err('AccessDeniedException', 'User: arn:aws:iam::1:user/d is not authorized to perform: iam:PassRole on resource: arn:aws:iam::1:role/r'));
    expect(e.awsError).toBe('AccessDeniedException');
    expect(e.missingPermission).toEqual({ action: 'iam:PassRole', resource: 'arn:aws:iam::1:role/r' });
    const bare = new DeployStepError(step, err('AccessDenied', 'Access Denied'));
    expect(bare.missingPermission).toEqual({ action: 'lambda:CreateFunction', resource: step.resource });
  });
});

describe('allowStatement', () => {
  it('is valid JSON with a wildcard when the resource is unknown', () => {
    expect(JSON.parse(allowStatement('s3:GetObject', undefined))).toEqual({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  });
});
