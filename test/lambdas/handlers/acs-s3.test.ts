import { PutObjectCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acsHandler, type AcsObject } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, silentLogger } from '../../../lambdas/testing/index.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';

type Answer = { category: { label: string } };
const bucket = 'gtkit-test-bucket';
const payloadKey = 'output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/2024-05-02_10:41:07.json';
const payloadUri = `s3://${bucket}/${payloadKey}`;
const first = (o: AcsObject<Answer>) => ({ label: o.annotations.map((a) => a.answer.category.label).sort() });

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3([bucket]);
  const payload = buildAcsPayload([
    { datasetObjectId: 0, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }] },
    { datasetObjectId: 1, answers: [] },
  ]);
  payload[1]?.annotations.push({ workerId: 'w2', annotationData: { s3Uri: `s3://${bucket}/answers/1-w2.json` } });
  payload[1]?.annotations.push({ workerId: 'w3', annotationData: { s3Uri: `s3://${bucket}/answers/missing.json` } });
  await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: payloadKey, Body: JSON.stringify(payload) }));
  await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'answers/1-w2.json', Body: '{"category":{"label":"b"}}' }));
});
afterAll(async () => s3.close());

/** An ACS that reads the payload as the event's role, through the (mocked) STS, from the loopback S3 server. */
function assumingHandler() {
  return acsHandler<Answer>({
    payloadAccess: 'assume-event-role',
    stsClient: new STSClient({ region: 'us-east-1' }),
    assumedS3Config: { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' },
    logger: silentLogger,
    consolidateObject: first,
  });
}

describe('acsHandler against an S3-protocol server', () => {
  it('reads the payload and answers by s3Uri with its own role; a missing answer object is set aside with its URI', async () => {
    const handler = acsHandler<Answer>({ s3Client: s3.client, logger: silentLogger, consolidateObject: first });
    const response = await invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'cat' }), ['0', '1']);
    expect(response[0]?.consolidatedAnnotation.content.cat).toEqual(['a']);
    expect(response[1]?.consolidatedAnnotation.content.cat).toEqual(['b']);
    const rejected = (response[1]?.consolidatedAnnotation.content['cat-metadata'] as { 'rejected-annotations': Array<{ reason: string }> })['rejected-annotations'];
    expect(rejected[0]?.reason).toContain(`could not read s3://${bucket}/answers/missing.json: the object does not exist`);
  });

  it('fails with a clear message naming a missing payload', async () => {
    const handler = acsHandler<Answer>({ s3Client: s3.client, logger: silentLogger, consolidateObject: first });
    const uri = `s3://${bucket}/nope.json`;
    await expect(invokeAcs(handler, buildAcsEvent({ payloadUri: uri, labelAttributeName: 'cat' }))).rejects.toThrow(`could not read ${uri}: the object does not exist`);
  });

  it('on the first batch the state object does not exist yet, and that is no warning; the state is then written', async () => {
    const warnings: string[] = [];
    const handler = acsHandler<Answer>({
      s3Client: s3.client,
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
      consolidateBatch: async (objects, ctx) => {
        const before = await ctx.state.load<{ batches: number }>();
        await ctx.state.save({ batches: (before?.batches ?? 0) + 1 });
        return new Map(objects.map((o) => [o.datasetObjectId, { label: before?.batches ?? 0 }]));
      },
    });
    const event = buildAcsEvent({ payloadUri, labelAttributeName: 'cat', outputConfig: `s3://${bucket}/output/job/annotations` });
    expect((await invokeAcs(handler, event))[0]?.consolidatedAnnotation.content.cat).toBe(0);
    expect((await invokeAcs(handler, event))[0]?.consolidatedAnnotation.content.cat).toBe(1);
    // (The payload's missing answer object is warned about; the missing state object is not.)
    expect(warnings.filter((w) => w.includes('state'))).toEqual([]);
  });

  it('a state bucket that does not exist is warned about, not taken for a first batch, and no write is tried', async () => {
    const warnings: Array<{ message: string; error: unknown }> = [];
    const handler = acsHandler<Answer>({
      s3Client: s3.client,
      logger: { ...silentLogger, warn: (message, extra) => warnings.push({ message, error: extra?.error }) },
      consolidateBatch: async (objects, ctx) => {
        await ctx.state.save({ seen: (await ctx.state.load()) ?? null });
        return new Map(objects.map((o) => [o.datasetObjectId, { label: 'x' }]));
      },
    });
    const stateUri = 's3://no-such-gtkit-bucket/output/job/annotations/gtkit-state/consolidation.json';
    await invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'cat', outputConfig: 's3://no-such-gtkit-bucket/output/job/annotations' }));
    expect(warnings.filter((w) => w.message.includes('consolidation state'))).toEqual([
      { message: 'cannot read the consolidation state; this batch starts afresh', error: `could not read ${stateUri}: the bucket does not exist` },
      { message: 'consolidation state not saved: the stored state could not be read, so it is kept for the next batch', error: `could not read ${stateUri}: the bucket does not exist` },
    ]);
  });

  it('assumes the event roleArn through STS when configured', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'S3RVER', SecretAccessKey: 'S3RVER', SessionToken: 'token', Expiration: new Date(Date.now() + 900_000) },
    });
    const handler = assumingHandler();
    const roleArn = 'arn:aws:iam::123456789012:role/GroundTruthExecRole';
    const response = await invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'cat', roleArn }), ['0', '1']);
    expect(response).toHaveLength(2);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({ RoleArn: roleArn, RoleSessionName: 'gtkit-annotation-consolidation', DurationSeconds: 3600 });
    sts.restore();
  });

  it("reuses a role's credentials across a warm function's batches while they outlast the batch, and assumes again when they would not", async () => {
    const sts = mockClient(STSClient);
    let lifetimeMs = 3_600_000;
    sts.on(AssumeRoleCommand).callsFake(() => ({
      Credentials: { AccessKeyId: 'S3RVER', SecretAccessKey: 'S3RVER', SessionToken: 'token', Expiration: new Date(Date.now() + lifetimeMs) },
    }));
    const handler = assumingHandler();
    const jobRole = 'arn:aws:iam::123456789012:role/GroundTruthExecRole';
    const otherJobRole = 'arn:aws:iam::123456789012:role/OtherJobRole';
    const batch = (roleArn: string) => invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'cat', roleArn }), ['0', '1']);
    await batch(jobRole);
    await batch(jobRole);
    await batch(jobRole);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    await batch(otherJobRole);
    await batch(jobRole);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([jobRole, otherJobRole]);
    // Credentials that would expire before a batch (60 s left in the test context) plus a minute's margin are not reused.
    sts.resetHistory();
    lifetimeMs = 90_000;
    const shortLived = 'arn:aws:iam::123456789012:role/ShortLived';
    await batch(shortLived);
    await batch(shortLived);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    sts.restore();
  });

  it('explains a failed assume-role', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const handler = acsHandler<Answer>({ payloadAccess: 'assume-event-role', stsClient: new STSClient({ region: 'us-east-1' }), logger: silentLogger, consolidateObject: first });
    await expect(invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'cat' }))).rejects.toThrow(/needs sts:AssumeRole on it, and its trust policy must name the Lambda's role/);
    sts.restore();
  });
});
