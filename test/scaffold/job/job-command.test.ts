import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateLabelingJobCommand, DescribeLabelingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { runJobCommand } from '../../../scaffold/commands/job-command.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { submittableConfig as validConfig, validConfig as exampleAccountConfig } from './fixtures.ts';
import { exampleAccountFields } from '../../../scaffold/job/example-account.ts';
import { jobUploads } from '../../../scaffold/deploy/uploads.ts';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { buildLabelCategoryConfig, labelCategoryFileText } from '../../../scaffold/job/label-categories.ts';
import { loadTask } from '../../../scaffold/task/load-task.ts';

const sagemaker = mockClient(SageMakerClient);
// --create asks S3 where the buckets are first: here, in the job's Region.
const s3 = mockClient(S3Client);
const inJobRegion = () => s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
inJobRegion();
let task: { dir: string; cleanup: () => Promise<void> };
const lines: string[] = [];
const deps = {
  output: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) },
  sagemaker: () => new SageMakerClient({ region: 'eu-west-1' }),
  sleep: async () => {},
};

beforeAll(async () => {
  task = await makeTaskDir(validConfig());
});
afterAll(async () => task.cleanup());
afterEach(() => {
  sagemaker.reset();
  s3.reset();
  inJobRegion();
  lines.length = 0;
});

describe('gtkit job', () => {
  it('writes the request and the label-category file', async () => {
    await runJobCommand(task.dir, {}, deps);
    const request = JSON.parse(await readFile(join(task.dir, '.gtkit', 'request.json'), 'utf8'));
    expect(request.LabelingJobName).toBe('ticket-intent-2026');
    expect(JSON.parse(await readFile(join(task.dir, '.gtkit', 'label-categories.json'), 'utf8')).labels).toHaveLength(3);
    expect(lines.join('\n')).toContain('aws sagemaker create-labeling-job --cli-input-json file://');
  });

  it('-o that is a folder is a usage error that suggests a file name, as consolidate -o and --emit-cloudformation say it', async () => {
    const folder = join(task.dir, '.gtkit');
    await expect(runJobCommand(task.dir, { out: folder }, deps)).rejects.toThrow(new UsageError(`-o ${folder}: is a folder; give the request's file name (e.g. ${join(folder, 'request.json')})`));
  });

  it('writes the label-category file byte for byte as gtkit deploy uploads it (one serialisation)', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig({ type: 'named-entity', consolidation: { algorithm: 'span-vote' }, labels: [{ label: 'person', shortDisplayName: 'per' }, 'place'], task: { ...validConfig().task, title: 'Mark <names> & "places"' } }));
    try {
      await runJobCommand(dir, {}, deps);
      const written = await readFile(join(dir, '.gtkit', 'label-categories.json'), 'utf8');
      const task = await loadTask(dir);
      const uploaded = await jobUploads(task).find((u) => u.what === 'labelCategories')?.body();
      expect(written).toBe(uploaded);
      expect(written).toBe(labelCategoryFileText(buildLabelCategoryConfig(task.config)));
      expect(labelCategoryFileText(buildJob(task.config).labelCategories)).toBe(written);
      expect(written).toContain('&lt;names&gt;');
    } finally {
      await cleanup();
    }
  });

  it('takes the ARNs from the deploy state when there is one', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig(), {
      '.gtkit/deploy-state.json': JSON.stringify({
        version: 1,
        region: 'eu-west-1',
        functions: {
          pre: { name: 'SageMaker-ticket-intent-pre', arn: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-ticket-intent-pre', codeSha256: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=', runtime: 'nodejs24.x', deployedAt: '2026-11-23T00:00:00.000Z' },
          acs: { name: 'SageMaker-ticket-intent-acs', arn: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-ticket-intent-acs', codeSha256: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=', runtime: 'nodejs24.x', deployedAt: '2026-11-23T00:00:00.000Z' },
        },
        uploads: {},
      }),
    });
    await runJobCommand(dir, {}, deps);
    const request = JSON.parse(await readFile(join(dir, '.gtkit', 'request.json'), 'utf8'));
    expect(request.HumanTaskConfig.PreHumanTaskLambdaArn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-ticket-intent-pre');
    expect(lines.join('\n')).not.toContain('no deployed ARN recorded');
    await cleanup();
  });

  it('takes the ARNs from CloudFormation stack outputs', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig(), {
      // Saved with a byte-order mark, as some editors do: it is not part of the JSON.
      'stack.json': `\uFEFF${JSON.stringify({ Stacks: [{ Outputs: [{ OutputKey: 'PreAnnotationLambdaArn', OutputValue: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-cf-pre' }, { OutputKey: 'ConsolidationLambdaArn', OutputValue: 'arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-cf-acs' }] }] })}`,
    });
    await runJobCommand(dir, { stackOutputs: join(dir, 'stack.json') }, deps);
    const request = JSON.parse(await readFile(join(dir, '.gtkit', 'request.json'), 'utf8'));
    expect(request.HumanTaskConfig.AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:SageMaker-cf-acs');
    await cleanup();
  });

  it('refuses an invalid config, listing every problem with its fix, and writes nothing', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig({ jobName: 'bad_name', task: { ...validConfig().task, keywords: ['Multi-label'] } }));
    await expect(runJobCommand(dir, {}, deps)).rejects.toThrow('the request has 2 error(s); nothing was written');
    const text = lines.join('\n');
    expect(text).toContain('LabelingJobName: "bad_name" is not letters, digits and hyphens');
    expect(text).toContain('HumanTaskConfig.TaskKeywords[0]');
    expect(text).toContain('fix:');
    await cleanup();
  });

  it('says when a request written by an earlier run is left, since its submit line would send the old request', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig());
    await runJobCommand(dir, {}, deps);
    await writeFile(join(dir, 'gtkit.config.ts'), `import { defineTask } from 'gtkit/config';\nexport default defineTask(${JSON.stringify({ ...validConfig(), jobName: 'bad_name' })});\n`);
    await expect(runJobCommand(dir, {}, deps)).rejects.toThrow(`the request has 1 error(s); nothing was written; ${join(dir, '.gtkit', 'request.json')} is from an earlier run (its submit line sends that request, not this one)`);
    await cleanup();
  });

  it('writes no label-category file for a task without labels (the request names none)', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig({ type: 'free-text', labelAttributeName: 'transcription', labels: [], consolidation: { algorithm: 'text-medoid' } }));
    const out: string[] = [];
    await runJobCommand(dir, { json: true }, { ...deps, output: { out: (l) => out.push(l), err: () => {} } });
    const summary = JSON.parse(out.join('\n'));
    expect(summary.request.LabelCategoryConfigS3Uri).toBeUndefined();
    expect(summary.labelCategoriesFile).toBeNull();
    expect(existsSync(join(dir, '.gtkit', 'label-categories.json'))).toBe(false);
    await runJobCommand(dir, {}, deps);
    expect(lines.join('\n')).not.toContain('label categories written');
    await cleanup();
  });

  it("names the fields that still hold gtkit init's example account: a warning for the written request, an error (nothing sent) with --create", async () => {
    const { dir, cleanup } = await makeTaskDir(exampleAccountConfig({ s3: { bucket: 'sagemaker-eu-west-1-123456789012-groundtruth', prefix: 'ticket-intent' } }));
    try {
      await runJobCommand(dir, {}, deps);
      expect(lines.join('\n')).toContain('warning roleArn: roleArn, workforce.workteamArn, s3.bucket still name 123456789012, the example account gtkit init writes where it was not given yours\n');
      expect(existsSync(join(dir, '.gtkit', 'request.json'))).toBe(true);
      lines.length = 0;
      await expect(runJobCommand(dir, { create: true }, deps)).rejects.toThrow(/the request has 1 error\(s\); nothing was written; .*request\.json is from an earlier run/);
      expect(lines.join('\n')).toMatch(/^error roleArn: roleArn, workforce\.workteamArn, s3\.bucket still name 123456789012, .*; nothing was submitted\n {2}fix: set roleArn, workforce\.workteamArn, s3\.bucket in gtkit\.config\.ts to your account's/m);
      expect(sagemaker.commandCalls(CreateLabelingJobCommand)).toHaveLength(0);
    } finally {
      await cleanup();
    }
  });

  it('finds the example account only as a whole account number', () => {
    const config = exampleAccountConfig({ roleArn: 'arn:aws:iam::1234567890123:role/x', s3: { bucket: 'b-123456789012', prefix: 'p' }, lambdas: { ...exampleAccountConfig().lambdas, acs: { ...exampleAccountConfig().lambdas.acs, arn: 'arn:aws:lambda:eu-west-1:123456789012:function:f' } } });
    expect(exampleAccountFields(config)).toEqual(['workforce.workteamArn', 's3.bucket', 'lambdas.acs.arn']);
    expect(exampleAccountFields(validConfig())).toEqual([]);
  });

  it('--create submits and prints the job ARN; --watch follows it to the end', async () => {
    sagemaker.on(CreateLabelingJobCommand).resolves({ LabelingJobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:labeling-job/ticket-intent-2026' });
    sagemaker
      .on(DescribeLabelingJobCommand)
      .resolvesOnce({ LabelingJobStatus: 'InProgress', LabelCounters: { TotalLabeled: 0, Unlabeled: 5 } })
      .resolvesOnce({ LabelingJobStatus: 'InProgress', LabelCounters: { TotalLabeled: 3, HumanLabeled: 3, Unlabeled: 2 } })
      .resolves({ LabelingJobStatus: 'Completed', LabelCounters: { TotalLabeled: 5, HumanLabeled: 5, Unlabeled: 0 }, LabelingJobOutput: { OutputDatasetS3Uri: 's3://b/out/output.manifest' } });
    await runJobCommand(task.dir, { create: true, watch: true }, deps);
    const text = lines.join('\n');
    expect(text).toContain('created arn:aws:sagemaker:eu-west-1:123456789012:labeling-job/ticket-intent-2026');
    expect(text).toContain('status InProgress, labeled 3 (human 3, machine 0), unlabeled 2');
    expect(text).toContain('status Completed');
    expect(sagemaker.commandCalls(CreateLabelingJobCommand)[0]?.args[0].input.LabelingJobName).toBe('ticket-intent-2026');
  });

  it.each([
    ['ResourceInUse', 'already exists in this account and region'],
    ['ResourceLimitExceeded', 'a service quota is reached'],
    ['ValidationException', 'SageMaker rejected the request'],
    ['CredentialsProviderError', 'creating the labeling job: no AWS credentials found. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or leave out --create'],
    ['ExpiredTokenException', 'creating the labeling job: your AWS session has expired (service says no). Sign in again (aws sso login, or fresh keys) and run gtkit job --create again.'],
    ['ThrottlingException', 'creating the labeling job: AWS kept throttling the request (service says no). Wait a minute and run gtkit job --create again.'],
  ])('explains %s from the service', async (name, text) => {
    sagemaker.on(CreateLabelingJobCommand).rejects(Object.assign(new Error('service says no'), { name }));
    const run = runJobCommand(task.dir, { create: true }, deps);
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(text);
  });

  it('names a broken deploy state file', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig(), { '.gtkit/deploy-state.json': '{"functions":' });
    await expect(runJobCommand(dir, {}, deps)).rejects.toThrow(/deploy-state\.json: not valid JSON/);
    await cleanup();
  });

  it('sends no TaskKeywords for a config without keywords (the field is optional; an empty list is refused)', async () => {
    const { dir, cleanup } = await makeTaskDir(validConfig({ task: { ...validConfig().task, keywords: [] } }));
    try {
      await runJobCommand(dir, {}, deps);
      const request = JSON.parse(await readFile(join(dir, '.gtkit', 'request.json'), 'utf8'));
      expect(request.HumanTaskConfig).not.toHaveProperty('TaskKeywords');
      expect(lines.join('\n')).not.toContain('TaskKeywords');
    } finally {
      await cleanup();
    }
  });

  describe('--create checks the Region of every bucket first (GetBucketLocation)', () => {
    const manifest = '{"source-ref":"s3://acme-images/cats/1.jpg"}\n{"source-ref":"s3://acme-sagemaker-gt/ticket-intent/data/2.jpg"}\n';

    it('a bucket in another Region is an error: nothing is written or sent', async () => {
      const { dir, cleanup } = await makeTaskDir(validConfig(), { 'manifest.jsonl': manifest });
      try {
        s3.on(GetBucketLocationCommand, { Bucket: 'acme-images' }).resolves({});
        await expect(runJobCommand(dir, { create: true }, deps)).rejects.toThrow('the request has 1 error(s); nothing was written');
        expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket)).toEqual(['acme-sagemaker-gt', 'acme-images']);
        expect(lines.join('\n')).toContain(`error InputConfig.DataSource.S3DataSource.ManifestS3Uri: s3://acme-images (objects ${join(dir, 'manifest.jsonl')} names) is in us-east-1, the job in eu-west-1`);
        expect(sagemaker.commandCalls(CreateLabelingJobCommand)).toHaveLength(0);
        expect(existsSync(join(dir, '.gtkit', 'request.json'))).toBe(false);
      } finally {
        await cleanup();
      }
    });

    it('access denied is a warning, and the job is created; the data outside the managed policy is warned about too', async () => {
      const { dir, cleanup } = await makeTaskDir(validConfig(), { 'manifest.jsonl': manifest });
      try {
        s3.on(GetBucketLocationCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
        sagemaker.on(CreateLabelingJobCommand).resolves({ LabelingJobArn: 'arn:aws:sagemaker:eu-west-1:210987654321:labeling-job/ticket-intent-2026' });
        const out: string[] = [];
        await runJobCommand(dir, { create: true, json: true }, { ...deps, output: { out: (l) => out.push(l), err: () => {} } });
        const summary = JSON.parse(out.join('\n'));
        expect(summary.ok).toBe(true);
        expect(summary.jobArn).toBe('arn:aws:sagemaker:eu-west-1:210987654321:labeling-job/ticket-intent-2026');
        expect(summary.problems.filter((p: { path: string }) => p.path === 'region')).toEqual([
          expect.objectContaining({ severity: 'warning', message: 'access denied to s3:GetBucketLocation on s3://acme-sagemaker-gt, s3://acme-images: the Region check of those buckets was skipped' }),
        ]);
        expect(summary.problems.filter((p: { message: string }) => p.message.includes(' names objects under ')).map((p: { message: string }) => p.message.split(',')[0])).toEqual([`${join(dir, 'manifest.jsonl')} names objects under s3://acme-images/cats/`]);
      } finally {
        await cleanup();
      }
    });

    it("a streaming job's data folder in another Region is an error too: nothing is written or sent", async () => {
      const streaming = { inputTopicArn: 'arn:aws:sns:eu-west-1:210987654321:GroundTruth-in', dataPrefixes: ['s3://acme-uploads/incoming/'] };
      const { dir, cleanup } = await makeTaskDir(validConfig({ streaming }), { 'manifest.jsonl': manifest });
      try {
        s3.on(GetBucketLocationCommand, { Bucket: 'acme-uploads' }).resolves({ LocationConstraint: 'us-west-2' });
        await expect(runJobCommand(dir, { create: true }, deps)).rejects.toThrow('the request has 1 error(s); nothing was written');
        expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket)).toEqual(['acme-sagemaker-gt', 'acme-uploads']);
        expect(lines.join('\n')).toContain('error streaming.dataPrefixes: s3://acme-uploads (the streamed objects under s3://acme-uploads/incoming/) is in us-west-2, the job in eu-west-1');
        expect(sagemaker.commandCalls(CreateLabelingJobCommand)).toHaveLength(0);
        expect(existsSync(join(dir, '.gtkit', 'request.json'))).toBe(false);
      } finally {
        await cleanup();
      }
    });

    it('asks S3 nothing without --create, nor when the request has errors already', async () => {
      const { dir, cleanup } = await makeTaskDir(validConfig({ jobName: 'bad_name' }), { 'manifest.jsonl': manifest });
      try {
        await runJobCommand(task.dir, {}, deps);
        await expect(runJobCommand(dir, { create: true }, deps)).rejects.toThrow('the request has 1 error(s)');
        expect(s3.commandCalls(GetBucketLocationCommand)).toHaveLength(0);
      } finally {
        await cleanup();
      }
    });
  });

  it('names a missing stack-outputs file', async () => {
    await expect(runJobCommand(task.dir, { stackOutputs: '/nonexistent/stack.json' }, deps)).rejects.toThrow('/nonexistent/stack.json: no such file');
  });
});
