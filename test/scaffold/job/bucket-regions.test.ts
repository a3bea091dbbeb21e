import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import type { CreateLabelingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { bucketRegionProblems, bucketsOfJob, regionOfLocationConstraint } from '../../../scaffold/job/bucket-regions.ts';
import { manifestDataOf } from '../../../scaffold/job/data-access.ts';
import { parseManifest } from '../../../scaffold/run/manifest.ts';
import { startLocalS3 } from '../../helpers/s3rver.ts';
import { validConfig } from './fixtures.ts';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const arns = { pre: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-pre', acs: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-acs' };
/** The fixture's files and output are in acme-sagemaker-gt; the manifest's images in acme-images and acme-masks. */
const request = buildJob(validConfig(), { arns }).request;
/** The data of a manifest's text, as gtkit job has it from the lines it read. */
const dataOf = (file: string, text: string) => manifestDataOf(file, parseManifest(text).lines);
const data = { manifest: dataOf('manifest.jsonl', '{"source-ref":"s3://acme-images/a/1.jpg"}\n{"source-ref":"s3://acme-images/b/2.jpg","mask":"s3://acme-masks/2.png"}\n') };
const awsError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } }, extra);
const check = (options: { region?: string } = {}) => bucketRegionProblems(new S3Client({ region: 'eu-west-1' }), request, data, { region: options.region ?? 'eu-west-1', sleep: async () => {} });
const bucketsAsked = () => s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket);

describe('regionOfLocationConstraint (GetBucketLocation\'s odd answers)', () => {
  it.each([
    [undefined, 'us-east-1'],
    [null, 'us-east-1'],
    ['', 'us-east-1'],
    ['EU', 'eu-west-1'],
    ['eu-west-1', 'eu-west-1'],
    ['ap-southeast-3', 'ap-southeast-3'],
    ['us-gov-west-1', 'us-gov-west-1'],
    ['moon-1', undefined],
    ['<LocationConstraint/>', undefined],
  ])('%j → %s', (constraint, region) => {
    expect(regionOfLocationConstraint(constraint)).toBe(region);
  });
});

describe('bucketsOfJob', () => {
  it('lists each bucket once with what it holds, the data last; a streaming job has no manifest data', () => {
    const buckets = bucketsOfJob(request, data);
    expect([...buckets.keys()]).toEqual(['acme-sagemaker-gt', 'acme-images', 'acme-masks']);
    expect(buckets.get('acme-sagemaker-gt')?.map((u) => u.what)).toEqual(['the manifest', 'the template', 'the label-category file', 'the output']);
    const streaming = buildJob(validConfig({ streaming: { inputTopicArn: 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in' } }), { arns }).request;
    expect([...bucketsOfJob(streaming, data).keys()]).toEqual(['acme-sagemaker-gt']);
  });

  it("adds a streaming job's data folders (streaming.dataPrefixes), grouped by bucket, and only for a job fed by a topic", () => {
    const config = validConfig({ streaming: { inputTopicArn: 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in' } });
    const streaming = buildJob(config, { arns }).request;
    const streamedFolders = ['s3://acme-uploads/incoming/', 's3://acme-sagemaker-gt/stream/', 's3://acme-uploads/late/', 's3://Bad_Bucket/x/'];
    const buckets = bucketsOfJob(streaming, { streamedFolders });
    expect([...buckets.keys()]).toEqual(['acme-sagemaker-gt', 'acme-uploads']);
    expect(buckets.get('acme-sagemaker-gt')?.map((u) => [u.path, u.what])).toEqual([
      ['HumanTaskConfig.UiConfig.UiTemplateS3Uri', 'the template'],
      ['LabelCategoryConfigS3Uri', 'the label-category file'],
      ['OutputConfig.S3OutputPath', 'the output'],
      ['streaming.dataPrefixes', 'the streamed objects under s3://acme-sagemaker-gt/stream/'],
    ]);
    expect(buckets.get('acme-uploads')?.map((u) => [u.path, u.what])).toEqual([['streaming.dataPrefixes', 'the streamed objects under s3://acme-uploads/incoming/ and s3://acme-uploads/late/']]);
    // A job that labels a manifest reads no streamed folders, whatever is passed.
    expect([...bucketsOfJob(request, { streamedFolders }).keys()]).toEqual(['acme-sagemaker-gt']);
  });

  it('leaves out names S3 would refuse, from a hostile manifest', () => {
    const hostile = dataOf('m', ['{"source-ref":"s3://Bad_Bucket/x.jpg"}', '{"source-ref":"s3://a?b=c/x.jpg"}', '{"source-ref":"s3://ok-bucket/x.jpg"}', '{"source-ref":"s3:///x.jpg"}'].join('\n'));
    expect([...bucketsOfJob(request, { manifest: hostile }).keys()]).toEqual(['acme-sagemaker-gt', 'ok-bucket']);
  });
});

describe('bucketRegionProblems', () => {
  it('asks once per bucket and finds nothing when all are in the job\'s Region', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    expect(await check()).toEqual([]);
    expect(bucketsAsked()).toEqual(['acme-sagemaker-gt', 'acme-images', 'acme-masks']);
  });

  it('reads an empty answer as us-east-1 and "EU" as eu-west-1', async () => {
    s3.on(GetBucketLocationCommand, { Bucket: 'acme-sagemaker-gt' }).resolves({}).on(GetBucketLocationCommand, { Bucket: 'acme-images' }).resolves({ LocationConstraint: '' as never }).on(GetBucketLocationCommand, { Bucket: 'acme-masks' }).resolves({ LocationConstraint: 'EU' });
    expect(await check({ region: 'us-east-1' })).toEqual([
      expect.objectContaining({ severity: 'error', path: 'InputConfig.DataSource.S3DataSource.ManifestS3Uri', message: expect.stringMatching(/^s3:\/\/acme-masks \(objects manifest\.jsonl names\) is in eu-west-1, the job in us-east-1/) }),
    ]);
    const inEu = await check();
    expect(inEu.map((p) => `${p.severity} ${p.path}: ${p.message.split(':')[1]}`)).toEqual([
      'error InputConfig.DataSource.S3DataSource.ManifestS3Uri: //acme-sagemaker-gt (the manifest, the template, the label-category file and the output) is in us-east-1, the job in eu-west-1',
      'error InputConfig.DataSource.S3DataSource.ManifestS3Uri: //acme-images (objects manifest.jsonl names) is in us-east-1, the job in eu-west-1',
    ]);
  });

  it('says how to fix a bucket elsewhere for each thing it holds', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'us-west-2' });
    const [files, images] = await check();
    expect(files).toEqual({
      severity: 'error',
      path: 'InputConfig.DataSource.S3DataSource.ManifestS3Uri',
      message: "s3://acme-sagemaker-gt (the manifest, the template, the label-category file and the output) is in us-west-2, the job in eu-west-1: Ground Truth reads the manifest, the data and the task's files and writes the output only in the job's Region",
      fix: "set s3.bucket to a bucket in eu-west-1 and run gtkit deploy (it uploads the task's files there); set s3.outputPath to a location in a bucket of eu-west-1 (or leave it out: it follows s3.bucket); or set region to us-west-2 (and deploy there)",
    });
    expect(images?.fix).toBe('copy the objects to a bucket in eu-west-1 and point the lines of manifest.jsonl at it (gtkit deploy --upload-data uploads local copies); or set region to us-west-2 (and deploy there)');
  });

  it('an output bucket of its own is named at s3.outputPath\'s request field', async () => {
    const own = buildJob(validConfig({ s3: { bucket: 'acme-sagemaker-gt', prefix: 'p', outputPath: 's3://acme-results/out/' } }), { arns }).request;
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' }).on(GetBucketLocationCommand, { Bucket: 'acme-results' }).resolves({ LocationConstraint: 'eu-north-1' });
    const problems = await bucketRegionProblems(new S3Client({ region: 'eu-west-1' }), own, {}, { region: 'eu-west-1' });
    expect(problems.map((p) => [p.path, p.fix])).toEqual([['OutputConfig.S3OutputPath', 'set s3.outputPath to a location in a bucket of eu-west-1 (or leave it out: it follows s3.bucket); or set region to eu-north-1 (and deploy there)']]);
  });

  it('a bucket that does not exist is an error', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' }).on(GetBucketLocationCommand, { Bucket: 'acme-masks' }).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist'));
    expect(await check()).toEqual([
      {
        severity: 'error',
        path: 'InputConfig.DataSource.S3DataSource.ManifestS3Uri',
        message: 's3://acme-masks (objects manifest.jsonl names) does not exist',
        fix: 'create the bucket in eu-west-1, or copy the objects to a bucket in eu-west-1 and point the lines of manifest.jsonl at it (gtkit deploy --upload-data uploads local copies)',
      },
    ]);
  });

  it('access denied is one warning naming s3:GetBucketLocation and the buckets skipped; the others are still checked', async () => {
    s3.on(GetBucketLocationCommand)
      .resolves({ LocationConstraint: 'us-east-2' })
      .on(GetBucketLocationCommand, { Bucket: 'acme-sagemaker-gt' })
      .rejects(awsError('AccessDenied', 'Access Denied', { $metadata: { httpStatusCode: 403 } }))
      .on(GetBucketLocationCommand, { Bucket: 'acme-masks' })
      .rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: s3:GetBucketLocation on resource: "arn:aws:s3:::acme-masks"'));
    const problems = await check();
    expect(problems.map((p) => p.severity)).toEqual(['error', 'warning']);
    expect(problems[0]?.message).toMatch(/^s3:\/\/acme-images .* is in us-east-2/);
    expect(problems[1]).toEqual({
      severity: 'warning',
      path: 'region',
      message: 'access denied to s3:GetBucketLocation on s3://acme-sagemaker-gt, s3://acme-masks: the Region check of those buckets was skipped',
      fix: 'add to an IAM policy of your credentials: {"Effect":"Allow","Action":"s3:GetBucketLocation","Resource":["arn:aws:s3:::acme-sagemaker-gt","arn:aws:s3:::acme-masks"]} (a bucket of another account answers it only from its own Region: ask its owner where it is); it must be in eu-west-1',
    });
  });

  it('S3 out of reach is one warning, and the buckets after it are not asked', async () => {
    s3.on(GetBucketLocationCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND acme-sagemaker-gt.s3.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND', name: 'ENOTFOUND' }));
    const problems = await check();
    expect(bucketsAsked()).toEqual(['acme-sagemaker-gt']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.severity).toBe('warning');
    expect(problems[0]?.message).toBe(
      'checking the Region of s3://acme-sagemaker-gt (s3:GetBucketLocation): could not reach AWS: the host is unknown (ENOTFOUND: getaddrinfo ENOTFOUND acme-sagemaker-gt.s3.eu-west-1.amazonaws.com). Check the network, proxy and region; the Region check of s3://acme-sagemaker-gt, s3://acme-images, s3://acme-masks was skipped',
    );
  });

  it('credentials that do not work end the check too, whichever form the SDK gives them', async () => {
    for (const error of [Object.assign(new Error('Could not load credentials from any providers'), { name: 'Error' }), Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' })]) {
      s3.reset();
      s3.on(GetBucketLocationCommand).rejects(error);
      const problems = await check();
      expect(bucketsAsked(), error.message).toEqual(['acme-sagemaker-gt']);
      expect(problems.map((p) => p.severity)).toEqual(['warning']);
    }
  });

  it('retries throttling, then warns about that bucket alone and goes on', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' }).on(GetBucketLocationCommand, { Bucket: 'acme-images' }).rejects(awsError('SlowDown', 'Please reduce your request rate.'));
    const problems = await check();
    expect(bucketsAsked()).toEqual(['acme-sagemaker-gt', 'acme-images', 'acme-images', 'acme-images', 'acme-masks']);
    expect(problems.map((p) => [p.severity, p.message.replace(/\(.*\)/, '(…)')])).toEqual([
      ['warning', 'checking the Region of s3://acme-images (…). Wait a minute and run gtkit job --create again; the Region check of s3://acme-images was skipped'],
    ]);
  });

  it('takes the Region from an error that names it (a redirect), and warns about an answer that is no Region', async () => {
    s3.on(GetBucketLocationCommand)
      .resolves({ LocationConstraint: 'eu-west-1' })
      .on(GetBucketLocationCommand, { Bucket: 'acme-images' })
      .rejects(awsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', { $response: { headers: { 'x-amz-bucket-region': 'ap-south-1' } } }))
      .on(GetBucketLocationCommand, { Bucket: 'acme-masks' })
      .resolves({ LocationConstraint: 'moon-1' as never });
    const problems = await check();
    expect(problems.map((p) => [p.severity, p.message.split(':')[1]])).toEqual([
      ['error', '//acme-images (objects manifest.jsonl names) is in ap-south-1, the job in eu-west-1'],
      ['warning', '//acme-masks (objects manifest.jsonl names) with "moon-1", which is not a Region code'],
    ]);
  });

  it("a streaming job's data bucket elsewhere or missing is an error at streaming.dataPrefixes, worded as the manifest's data", async () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:GroundTruth-in';
    const streaming = buildJob(validConfig({ streaming: { inputTopicArn: topic } }), { arns }).request;
    s3.on(GetBucketLocationCommand)
      .resolves({ LocationConstraint: 'eu-west-1' })
      .on(GetBucketLocationCommand, { Bucket: 'acme-uploads' })
      .resolves({ LocationConstraint: 'us-west-2' })
      .on(GetBucketLocationCommand, { Bucket: 'acme-gone' })
      .rejects(awsError('NoSuchBucket', 'The specified bucket does not exist'));
    const problems = await bucketRegionProblems(new S3Client({ region: 'eu-west-1' }), streaming, { streamedFolders: ['s3://acme-uploads/incoming/', 's3://acme-gone/in/'] }, { region: 'eu-west-1', sleep: async () => {} });
    expect(bucketsAsked()).toEqual(['acme-sagemaker-gt', 'acme-uploads', 'acme-gone']);
    expect(problems).toEqual([
      {
        severity: 'error',
        path: 'streaming.dataPrefixes',
        message: "s3://acme-uploads (the streamed objects under s3://acme-uploads/incoming/) is in us-west-2, the job in eu-west-1: Ground Truth reads the manifest, the data and the task's files and writes the output only in the job's Region",
        fix: `keep the objects sent to ${topic} in a bucket of eu-west-1 and set streaming.dataPrefixes to their folders there; or set region to us-west-2 (and deploy there)`,
      },
      {
        severity: 'error',
        path: 'streaming.dataPrefixes',
        message: 's3://acme-gone (the streamed objects under s3://acme-gone/in/) does not exist',
        fix: `create the bucket in eu-west-1, or keep the objects sent to ${topic} in a bucket of eu-west-1 and set streaming.dataPrefixes to their folders there`,
      },
    ]);
  });

  it('asks about 50 buckets at most and counts the others', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    const many = { file: 'm', buckets: Array.from({ length: 60 }, (_, i) => `data-${i}`) };
    const problems = await bucketRegionProblems(new S3Client({ region: 'eu-west-1' }), request, { manifest: many }, { region: 'eu-west-1' });
    expect(bucketsAsked()).toHaveLength(50);
    expect(problems.map((p) => p.message)).toEqual(['the job names 61 buckets; the Region of the first 50 was checked, not of the other 11 (first: s3://data-49)']);
  });
});

describe('GetBucketLocation over the S3 protocol', () => {
  it('reads the empty LocationConstraint element a us-east-1 bucket answers with, and NoSuchBucket', async () => {
    s3.restore();
    const local = await startLocalS3(['acme-sagemaker-gt', 'acme-images']);
    try {
      const onWire = (region: string) => bucketRegionProblems(local.client, request, data, { region, sleep: async () => {} });
      // s3rver answers as S3 does for us-east-1: <LocationConstraint xmlns="…"/>.
      expect(await onWire('us-east-1')).toEqual([expect.objectContaining({ severity: 'error', message: 's3://acme-masks (objects manifest.jsonl names) does not exist' })]);
      expect((await onWire('eu-west-1')).map((p) => p.message.split(':')[1])).toEqual([
        '//acme-sagemaker-gt (the manifest, the template, the label-category file and the output) is in us-east-1, the job in eu-west-1',
        '//acme-images (objects manifest.jsonl names) is in us-east-1, the job in eu-west-1',
        '//acme-masks (objects manifest.jsonl names) does not exist',
      ]);
    } finally {
      await local.close();
    }
  });
});

describe('GetBucketLocation answers of a bucket elsewhere, through the real SDK', () => {
  it('reads the Region from an AuthorizationHeaderMalformed body or a redirect\'s header, and a bare 301 is still a bucket elsewhere', async () => {
    s3.restore();
    // As S3 answers a request signed for the job's Region about a bucket of another (proxies may drop the header).
    const answers: Record<string, { status: number; headers?: Record<string, string>; body?: string }> = {
      'in-mumbai': { status: 400, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region \'eu-west-1\' is wrong; expecting \'ap-south-1\'</Message><Region>ap-south-1</Region></Error>' },
      'in-oregon': { status: 301, headers: { 'x-amz-bucket-region': 'us-west-2' } },
      'somewhere.else': { status: 301 },
    };
    const server = createServer((req, res) => {
      const answer = answers[decodeURIComponent((req.url ?? '').split(/[/?]/)[1] ?? '')] ?? { status: 500 };
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new S3Client({ region: 'eu-west-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, forcePathStyle: true, credentials: { accessKeyId: 'k', secretAccessKey: 's' }, maxAttempts: 1 });
      const wire = { file: 'manifest.jsonl', buckets: Object.keys(answers) };
      const manifestOnly = { InputConfig: { DataSource: { S3DataSource: { ManifestS3Uri: 's3://in-oregon/m.jsonl' } } } } as CreateLabelingJobCommandInput;
      const problems = await bucketRegionProblems(client, manifestOnly, { manifest: wire }, { region: 'eu-west-1', sleep: async () => {} });
      expect(problems.map((p) => [p.severity, p.message.split(': ')[0]])).toEqual([
        ['error', 's3://in-oregon (the manifest and objects manifest.jsonl names) is in us-west-2, the job in eu-west-1'],
        ['error', 's3://in-mumbai (objects manifest.jsonl names) is in ap-south-1, the job in eu-west-1'],
        ['error', 's3://somewhere.else (objects manifest.jsonl names) is not in eu-west-1'],
      ]);
      expect(problems[2]?.message).toContain('S3 answered 301 (PermanentRedirect, a bucket of another Region) without naming its Region');
      expect(problems[2]?.fix).toBe('copy the objects to a bucket in eu-west-1 and point the lines of manifest.jsonl at it (gtkit deploy --upload-data uploads local copies); or set region to the bucket\'s (aws s3api get-bucket-location --bucket somewhere.else) and deploy there');
    } finally {
      server.close();
    }
  });
});
