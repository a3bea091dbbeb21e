import { describe, expect, it } from 'vitest';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';
import { sharedConfig } from './task-config.ts';
import { checkFunctionNames, roleNames, sharedLambdaRoleName } from '../../../scaffold/deploy/names.ts';
import { partitionOf } from '../../../scaffold/job/aws-place.ts';
import { acsExecutionPolicy, dataPrefixesOfManifest, groundTruthExecutionPolicy, kmsKeyStatement, preExecutionPolicy } from '../../../scaffold/deploy/policies.ts';
import { parseManifest } from '../../../scaffold/run/manifest.ts';

const config = {
  type: 'text-classification',
  jobName: 'ticket-intent',
  labelAttributeName: 'intent',
  labels: ['a', 'b'],
  ...sharedConfig,
} satisfies TaskConfig;
const here = { partition: 'aws', region: 'eu-west-1', account: '111122223333' };
type Statement = { Sid: string; Action: string | string[]; Resource: string | string[] };
const statements = (doc: { Statement: Array<Record<string, unknown>> }) => doc.Statement as Statement[];

describe('acsExecutionPolicy', () => {
  it('writes its own logs, reads the output prefix, writes only gtkit files there, and may list the output bucket (a first batch\'s state read is then a 404, not a 403)', () => {
    const s = statements(acsExecutionPolicy(config, here));
    expect(s.map((x) => x.Sid)).toEqual(['WriteOwnLogs', 'ReadJobOutput', 'WriteConsolidationState', 'PruneConsolidationState', 'ListConsolidationState']);
    expect(s[3]).toEqual({ Sid: 'PruneConsolidationState', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::acme-gt/tickets/output/*/annotations/gtkit-state/*' });
    expect(s[4]).toEqual({ Sid: 'ListConsolidationState', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme-gt' });
    // Its own log group only: the PRE's is the PRE role's.
    expect(s[0]?.Resource).toEqual(['arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/SageMaker-ticket-acs', 'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/SageMaker-ticket-acs:*']);
    expect(s[1]).toMatchObject({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-gt/tickets/output/*' });
    expect(s[2]).toMatchObject({ Action: 's3:PutObject', Resource: 'arn:aws:s3:::acme-gt/tickets/output/*/annotations/gtkit-*' });
    expect(JSON.stringify(s)).not.toMatch(/"Resource":"\*"|s3:\*|"Action":"\*"/);
  });

  it('never reads a named-entity task\'s data: the PRE reads the text, the ACS gets answers in its payload', () => {
    const ner = { ...config, type: 'named-entity' as const, labels: [{ label: 'person' }] };
    const s = statements(acsExecutionPolicy(ner, here));
    expect(s.map((x) => x.Sid)).toEqual(['WriteOwnLogs', 'ReadJobOutput', 'WriteConsolidationState', 'PruneConsolidationState', 'ListConsolidationState']);
    expect(JSON.stringify(s)).not.toContain('acme-docs');
  });

  it("reads a seed state (consolidation.seedState) outside the output path, and lists its bucket when it is another; under the output path nothing is added", () => {
    const seeded = (seedState: string) => statements(acsExecutionPolicy({ ...config, consolidation: { ...config.consolidation, seedState } }, here));
    const elsewhere = seeded('s3://acme-archive/jobs/ticket-1/annotations/gtkit-state/');
    expect(elsewhere.find((x) => x.Sid === 'ReadSeedState')).toEqual({ Sid: 'ReadSeedState', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-archive/jobs/ticket-1/annotations/gtkit-state/*' });
    expect(elsewhere.find((x) => x.Sid === 'ListSeedState')).toEqual({ Sid: 'ListSeedState', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme-archive' });
    // Another prefix of the output bucket: a read of it, the bucket's listing is there already.
    expect(seeded('s3://acme-gt/older/ticket-1/annotations/gtkit-state/').map((x) => x.Sid)).toEqual(['WriteOwnLogs', 'ReadJobOutput', 'WriteConsolidationState', 'PruneConsolidationState', 'ListConsolidationState', 'ReadSeedState']);
    // An earlier job under the same output path: ReadJobOutput covers it.
    expect(seeded('s3://acme-gt/tickets/output/ticket-1/annotations/gtkit-state/').map((x) => x.Sid)).toEqual(['WriteOwnLogs', 'ReadJobOutput', 'WriteConsolidationState', 'PruneConsolidationState', 'ListConsolidationState']);
    // A look-alike prefix is not under it.
    expect(seeded('s3://acme-gt/tickets/output-old/t1/annotations/gtkit-state/').map((x) => x.Sid)).toContain('ReadSeedState');
  });

  it('adds KMS decrypt for a key (id, alias or ARN) and follows a custom output path', () => {
    const keyed = { ...config, s3: { ...config.s3, kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', outputPath: 's3://other-bucket/results/' } };
    const s = statements(acsExecutionPolicy(keyed, here));
    expect(s.find((x) => x.Sid === 'UseJobKey')).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(s.find((x) => x.Sid === 'ReadJobOutput')?.Resource).toBe('arn:aws:s3:::other-bucket/results/*');
    expect(kmsKeyStatement({ s3: { ...config.s3, kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/k' } }, here)?.Resource).toBe('arn:aws:kms:eu-west-1:1:key/k');
  });

  it('grants an alias through kms:ResourceAliases: IAM matches Decrypt against the key ARN, so an alias ARN as Resource grants nothing', () => {
    const condition = (alias: string) => ({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias } });
    for (const policy of [acsExecutionPolicy, groundTruthExecutionPolicy]) {
      const s = policy({ ...config, s3: { ...config.s3, kmsKeyId: 'alias/gt' } }, here).Statement.find((x: Record<string, unknown>) => x.Sid === 'UseJobKey');
      expect(s).toEqual({ Sid: 'UseJobKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/*', Condition: condition('alias/gt') });
    }
    // An alias ARN names its own account and Region.
    expect(kmsKeyStatement({ s3: { ...config.s3, kmsKeyId: 'arn:aws-cn:kms:cn-north-1:444455556666:alias/team/gt' } }, here)).toMatchObject({
      Resource: 'arn:aws-cn:kms:cn-north-1:444455556666:key/*',
      Condition: condition('alias/team/gt'),
    });
    expect(kmsKeyStatement({ s3: { ...config.s3 } }, here)).toBeUndefined();
  });
});

describe('preExecutionPolicy', () => {
  const ner = { ...config, type: 'named-entity' as const, labels: [{ label: 'person' }] };
  const prefixes = ['s3://acme-docs/contracts/', 's3://acme-docs/letters 2024/', 's3://other-docs/imgs*/'];

  it('writes its own logs and nothing of the job\'s output: no read, and no write or delete of the ACS\'s state', () => {
    const s = statements(preExecutionPolicy(config, here, prefixes));
    // A classifier's PRE never reads its data (Ground Truth presigns it).
    expect(s).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: ['arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/SageMaker-ticket-pre', 'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/SageMaker-ticket-pre:*'],
      },
    ]);
    const all = JSON.stringify([...statements(preExecutionPolicy(ner, here, prefixes)), ...statements(preExecutionPolicy({ ...ner, s3: { ...ner.s3, kmsKeyId: 'alias/gt' } }, here, prefixes))]);
    expect(all).not.toMatch(/s3:PutObject|s3:DeleteObject|acme-gt|SageMaker-ticket-acs/);
  });

  it('lets a named-entity task\'s PRE read the manifest\'s data folders and list their buckets (so a missing object is a 404, not a 403), and decrypt them', () => {
    const s = statements(preExecutionPolicy(ner, here, prefixes));
    expect(s.map((x) => x.Sid)).toEqual(['WriteOwnLogs', 'ReadSourceText', 'TellMissingSourceText']);
    expect(s[1]).toEqual({ Sid: 'ReadSourceText', Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::acme-docs/contracts/*', 'arn:aws:s3:::acme-docs/letters 2024/*', 'arn:aws:s3:::other-docs/imgs${*}/*'] });
    expect(s[2]).toEqual({ Sid: 'TellMissingSourceText', Effect: 'Allow', Action: 's3:ListBucket', Resource: ['arn:aws:s3:::acme-docs', 'arn:aws:s3:::other-docs'] });
    // No data folders known (no manifest), nothing to grant.
    expect(statements(preExecutionPolicy(ner, here)).map((x) => x.Sid)).toEqual(['WriteOwnLogs']);
    const keyed = statements(preExecutionPolicy({ ...ner, s3: { ...ner.s3, kmsKeyId: 'k-1' } }, here, prefixes));
    expect(keyed.find((x) => x.Sid === 'UseJobKey')).toEqual({ Sid: 'UseJobKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/k-1' });
  });
});

describe('groundTruthExecutionPolicy', () => {
  it('reads the task files and the data, writes the output, invokes both functions and their versions', () => {
    const s = statements(groundTruthExecutionPolicy(config, here, ['s3://images/cats/', 's3://images/dogs/']));
    expect(s.find((x) => x.Sid === 'ReadTaskFilesAndData')?.Resource).toEqual(['arn:aws:s3:::acme-gt/tickets/*', 'arn:aws:s3:::images/cats/*', 'arn:aws:s3:::images/dogs/*']);
    expect(s.find((x) => x.Sid === 'WriteJobOutput')).toMatchObject({ Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], Resource: 'arn:aws:s3:::acme-gt/tickets/output/*' });
    expect(s.find((x) => x.Sid === 'LocateBuckets')?.Resource).toEqual(['arn:aws:s3:::acme-gt', 'arn:aws:s3:::images']);
    expect(s.find((x) => x.Sid === 'InvokeTaskLambdas')?.Resource).toEqual([
      'arn:aws:lambda:eu-west-1:111122223333:function:SageMaker-ticket-pre',
      'arn:aws:lambda:eu-west-1:111122223333:function:SageMaker-ticket-pre:*',
      'arn:aws:lambda:eu-west-1:111122223333:function:SageMaker-ticket-acs',
      'arn:aws:lambda:eu-west-1:111122223333:function:SageMaker-ticket-acs:*',
    ]);
    expect(s.some((x) => x.Sid.startsWith('Streaming'))).toBe(false);
  });

  it('keeps *, ? and ${…} in folder names literal (IAM\'s ${*} ${?} ${$}), so imgs* grants imgs* and not imgs-private', () => {
    const odd = { ...config, s3: { ...config.s3, prefix: 'run*1', outputPath: 's3://acme-gt/out?/' } };
    const s = statements(groundTruthExecutionPolicy(odd, here, ['s3://images/imgs*/', 's3://images/${batch}/']));
    expect(s.find((x) => x.Sid === 'ReadTaskFilesAndData')?.Resource).toEqual(['arn:aws:s3:::acme-gt/run${*}1/*', 'arn:aws:s3:::images/imgs${*}/*', 'arn:aws:s3:::images/${$}{batch}/*']);
    expect(s.find((x) => x.Sid === 'WriteJobOutput')?.Resource).toBe('arn:aws:s3:::acme-gt/out${?}/*');
    expect(statements(acsExecutionPolicy(odd, here)).find((x) => x.Sid === 'WriteConsolidationState')?.Resource).toBe('arn:aws:s3:::acme-gt/out${?}/*/annotations/gtkit-*');
    expect(statements(acsExecutionPolicy(odd, here)).find((x) => x.Sid === 'PruneConsolidationState')).toEqual({ Sid: 'PruneConsolidationState', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::acme-gt/out${?}/*/annotations/gtkit-state/*' });
  });

  it('adds SQS and SNS for streaming jobs, and uses the partition of the region', () => {
    const streaming = { ...config, region: 'cn-north-1', streaming: { inputTopicArn: 'arn:aws-cn:sns:cn-north-1:111122223333:in', outputTopicArn: 'arn:aws-cn:sns:cn-north-1:111122223333:out' } };
    const s = statements(groundTruthExecutionPolicy(streaming, { partition: partitionOf('cn-north-1'), region: 'cn-north-1', account: '111122223333' }));
    expect(s.find((x) => x.Sid === 'StreamingQueue')?.Resource).toBe('arn:aws-cn:sqs:cn-north-1:111122223333:GroundTruth-*');
    expect(s.find((x) => x.Sid === 'StreamingOutput')).toMatchObject({ Action: 'sns:Publish', Resource: 'arn:aws-cn:sns:cn-north-1:111122223333:out' });
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('eu-west-1')).toBe('aws');
  });
});

describe('groundTruthExecutionPolicy with an empty s3.prefix', () => {
  it('reads the folders of the three task files, not the whole bucket', () => {
    const atTop = { ...config, s3: { ...config.s3, prefix: '' } };
    expect(statements(groundTruthExecutionPolicy(atTop, here)).find((x) => x.Sid === 'ReadTaskFilesAndData')?.Resource).toEqual(['arn:aws:s3:::acme-gt/config/*', 'arn:aws:s3:::acme-gt/input/*', 'arn:aws:s3:::acme-gt/templates/*']);
  });
});

describe('dataPrefixesOfManifest', () => {
  /** The folders of a manifest's text, through the lines deploy reads once. */
  const prefixesOf = (text: string) => dataPrefixesOfManifest(parseManifest(text).lines);

  it('collects the folders of source-ref objects, sorted, skipping inline text and malformed lines', () => {
    const manifest = [
      '{"source-ref":"s3://images/cats/1.jpg"}',
      '{"source-ref":"s3://images/cats/2.jpg"}',
      '{"source-ref":"s3://images/dogs/a/3.png"}',
      '{"source":"text"}',
      'not json',
      '',
      'null',
      '{"source-ref":"https://example.com/x.jpg"}',
      '{"source-ref":"s3://bucket-only"}',
      '{"source-ref":42}',
    ].join('\r\n');
    expect(prefixesOf(manifest)).toEqual(['s3://images/cats/', 's3://images/dogs/a/']);
    expect(prefixesOf('')).toEqual([]);
    // An editor's byte-order mark must not cost the first line its read permission.
    expect(prefixesOf('\uFEFF{"source-ref":"s3://images/first/1.jpg"}\n')).toEqual(['s3://images/first/']);
  });

  it('takes every top-level s3:// value, not only source-ref: the template may presign any (a mask, a second image), and --upload-data uploads them all', () => {
    const manifest = '{"source-ref":"s3://in/images/a.png","mask":"s3://in/masks/a.png","before":"s3://archive/2024/a.png","note":"see s3 docs","nested":{"x":"s3://deep/x.png"}}\n';
    expect(prefixesOf(manifest)).toEqual(['s3://archive/2024/', 's3://in/images/', 's3://in/masks/']);
  });

  it('past 20 folders, grants each bucket the key prefix its folders share, not the whole bucket', () => {
    const manifest = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ 'source-ref': `s3://b${i % 2}/dir${i}/x.jpg` })).join('\n');
    expect(prefixesOf(manifest)).toEqual(['s3://b0/dir', 's3://b1/dir']);
    // One folder per customer at the top of the bucket: customer-*, not acme-crm/*.
    const perCustomer = Array.from({ length: 21 }, (_, i) => JSON.stringify({ 'source-ref': `s3://acme-crm/customer-${i + 1}/ticket.txt` })).join('\n');
    expect(prefixesOf(perCustomer)).toEqual(['s3://acme-crm/customer-']);
    const ner = { ...config, type: 'named-entity' as const, labels: [{ label: 'person' }] };
    expect(statements(preExecutionPolicy(ner, here, prefixesOf(perCustomer))).find((x) => x.Sid === 'ReadSourceText')?.Resource).toEqual(['arn:aws:s3:::acme-crm/customer-*']);
    expect(statements(groundTruthExecutionPolicy(ner, here, prefixesOf(perCustomer))).find((x) => x.Sid === 'ReadTaskFilesAndData')?.Resource).toEqual(['arn:aws:s3:::acme-gt/tickets/*', 'arn:aws:s3:::acme-crm/customer-*']);
    // A shared prefix that ends inside a name keeps IAM's wildcards literal too.
    expect(statements(groundTruthExecutionPolicy(config, here, ['s3://b/img*-']))[0]?.Resource).toEqual(['arn:aws:s3:::acme-gt/tickets/*', 'arn:aws:s3:::b/img${*}-*']);
    // Folders that share nothing are the whole bucket (wholeBucketGrants says so).
    const spread = Array.from({ length: 21 }, (_, i) => JSON.stringify({ 'source-ref': `s3://acme-crm/${String.fromCharCode(97 + i)}/t.txt` })).join('\n');
    expect(prefixesOf(spread)).toEqual(['s3://acme-crm/']);
  });
});

describe('checkFunctionNames', () => {
  it('accepts names the managed policy covers', () => {
    expect(checkFunctionNames(config, { explicitInvokePolicy: false })).toEqual([]);
  });

  it('errors on names Lambda refuses and on equal names; warns about uncovered names unless roles are created', () => {
    const bad = { ...config, lambdas: { pre: { functionName: '' }, acs: { functionName: '' } } };
    expect(checkFunctionNames(bad, { explicitInvokePolicy: true }).map((p) => `${p.severity} ${p.path}`)).toEqual(['error lambdas.pre.functionName', 'error lambdas.acs.functionName', 'error lambdas.acs.functionName']);
    const hostile = { ...config, lambdas: { pre: { functionName: '../../etc' }, acs: { functionName: 'a'.repeat(10_000) } } };
    expect(checkFunctionNames(hostile, { explicitInvokePolicy: true }).every((p) => p.severity === 'error')).toBe(true);
    // IAM wildcards are case-sensitive: SAGEMAKER is not covered.
    const uncovered = { ...config, lambdas: { pre: { functionName: 'SAGEMAKER-pre' }, acs: { functionName: 'LabelingFunction-acs' } } };
    expect(checkFunctionNames(uncovered, { explicitInvokePolicy: false }).map((p) => `${p.severity} ${p.path}`)).toEqual(['warning lambdas.pre.functionName']);
    expect(checkFunctionNames(uncovered, { explicitInvokePolicy: true })).toEqual([]);
  });
});

describe('roleNames', () => {
  it('derives readable names, shortened with a hash when the job name is long', () => {
    expect(roleNames({ jobName: 'ticket-intent' })).toEqual({ preExecution: 'SageMaker-ticket-intent-pre-lambda', acsExecution: 'SageMaker-ticket-intent-acs-lambda', groundTruthExecution: 'SageMaker-ticket-intent-groundtruth' });
    // The one role an older gtkit gave both functions, which deploy recognises and leaves.
    expect(sharedLambdaRoleName({ jobName: 'ticket-intent' })).toBe('SageMaker-ticket-intent-lambda');
    const a = roleNames({ jobName: `${'a'.repeat(60)}-one` });
    const b = roleNames({ jobName: `${'a'.repeat(60)}-two` });
    for (const n of [...Object.values(a), ...Object.values(b)]) expect(n.length).toBeLessThanOrEqual(64);
    expect(a.preExecution).not.toBe(b.preExecution);
    expect(a.preExecution).not.toBe(a.acsExecution);
    expect(a.acsExecution.endsWith('-acs-lambda')).toBe(true);
    expect(a.groundTruthExecution.endsWith('-groundtruth')).toBe(true);
  });
});
