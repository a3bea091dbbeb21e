import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetBucketCorsCommand, HeadObjectCommand, PutBucketCorsCommand, S3Client, type CORSRule } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildTaskLambdas } from '../../../build.ts';
import { cloudFormationNextSteps } from '../../../scaffold/deploy/cloudformation.ts';
import { groundTruthCorsRule } from '../../../scaffold/deploy/cors.ts';
import { corsNeedOf, corsUserOfTemplate } from '../../../scaffold/deploy/cors-need.ts';
import { parseManifest, readManifest } from '../../../scaffold/run/manifest.ts';
import { deployTask, type DeployOptions } from '../../../scaffold/deploy/deploy.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { awsError } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';
import { retypeFixture } from './retype.ts';

const taskBucket = 'acme-sagemaker-gt';
const catalog = (name: string) => readFile(fileURLToPath(new URL(`../../../templates/catalog/${name}.liquid.html`, import.meta.url)), 'utf8');
/** An app's own rule, unrelated to Ground Truth: it must survive --add-cors-rule as it was. */
const appRule: CORSRule = { ID: 'web-app-uploads', AllowedMethods: ['PUT', 'POST'], AllowedOrigins: ['https://app.example.com'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 };

const harness = deployHarness([taskBucket, 'images-none', 'images-present', 'images-app', 'images-again'], 'gtkit-cors-');
let counter = 0;
let lines: string[];

/** A fixture copy whose template and manifest are replaced: the deploy decides from them. */
async function taskWith(template: string, manifestLines: object[], type?: LoadedTask['config']['type']): Promise<LoadedTask> {
  counter += 1;
  const task = await copyFixture(join(harness.root, `task-${counter}`));
  await writeFile(task.paths.template, template);
  await writeFile(task.paths.manifest, manifestLines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  if (type) await retypeFixture(task, type);
  return task;
}

const boundingBoxTask = async (buckets: string[]) => taskWith(await catalog('bounding-box'), buckets.map((b, i) => ({ 'source-ref': `s3://${b}/street/${i}.jpg` })), 'bounding-box');

const clients = (s3Client?: S3Client) => harness.clients(s3Client ? { s3: s3Client } : {});
const deploy = (task: LoadedTask, options: DeployOptions = {}, s3Client?: S3Client) => deployTask(task, options, clients(s3Client), (l) => lines.push(l));
const rulesOf = async (bucket: string) => (await harness.s3.client.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules;
const corsWarnings = () => lines.filter((l) => l.startsWith('warning:') && /CORS/.test(l));

beforeEach(() => {
  lines = [];
});

describe('which templates load the data with CORS', () => {
  it('the catalog: the image tools do; text, free text, named entity and video show objects in plain elements, which load without CORS', async () => {
    const users: Record<string, string | undefined> = {};
    for (const name of ['image-classification', 'image-classification-multilabel', 'bounding-box', 'keypoint', 'polygon', 'text-classification', 'text-classification-multilabel', 'free-text', 'named-entity', 'video-classification']) {
      users[name] = corsUserOfTemplate(await catalog(name));
    }
    expect(users).toEqual({
      'image-classification': 'crowd-image-classifier',
      'image-classification-multilabel': 'crowd-image-classifier-multi-select',
      'bounding-box': 'crowd-bounding-box',
      keypoint: 'crowd-keypoint',
      polygon: 'crowd-polygon',
      'text-classification': undefined,
      'text-classification-multilabel': undefined,
      'free-text': undefined,
      'named-entity': undefined,
      'video-classification': undefined,
    });
  });

  it('a custom template: an image tool in a text type, a crossorigin attribute; the buckets are those of every s3:// value', () => {
    expect(corsUserOfTemplate('<crowd-form><crowd-semantic-segmentation name="m" src="x" labels="[]"></crowd-semantic-segmentation></crowd-form>')).toBe('crowd-semantic-segmentation');
    expect(corsUserOfTemplate('<video crossorigin="anonymous" src="{{ task.input.taskObject | grant_read_access }}"></video>')).toBe('a crossorigin attribute');
    expect(corsUserOfTemplate('<p>No crowd-line here, and no crossorigin either.</p><crowd-classifier name="c" categories="[]"></crowd-classifier>')).toBeUndefined();
    const manifest = ['{"source-ref":"s3://pics/a/1.jpg","mask":"s3://masks/a/1.png"}', '{"source":"inline text"}', '{"source-ref":"s3://pics/b/2.jpg"}'].join('\n');
    expect(corsNeedOf('<crowd-polygon name="p" src="x" labels="[]">', parseManifest(manifest).lines)).toEqual({ user: 'crowd-polygon', buckets: ['masks', 'pics'] });
  });
});

describe('gtkit deploy checks the data buckets\' CORS rule (s3rver)', () => {
  it('no CORS configuration: a warning naming the bucket, why, and what to do; nothing is changed without --add-cors-rule', async () => {
    const task = await boundingBoxTask(['images-none']);
    const result = await deploy(task);
    expect(result.cors).toEqual([{ bucket: 'images-none', status: 'missing', detail: expect.stringContaining('s3://images-none has no CORS configuration') }]);
    const [warning] = corsWarnings();
    expect(warning).toContain("the template's crowd-bounding-box loads each object in the worker's browser");
    expect(warning).toContain('--add-cors-rule');
    expect(warning).toContain("aws s3api put-bucket-cors --bucket images-none --region eu-west-1 --cors-configuration '{\"CORSRules\":[{\"AllowedMethods\":[\"GET\"],\"AllowedOrigins\":[\"*\"],\"ExposeHeaders\":[\"Access-Control-Allow-Origin\"]}]}'");
    expect(result.warnings).toContain(warning?.slice('warning: '.length));
    await expect(rulesOf('images-none')).rejects.toMatchObject({ name: 'NoSuchCORSConfiguration' });
  });

  it('a rule that allows GET from *: quiet, one progress line', async () => {
    await harness.s3.client.send(new PutBucketCorsCommand({ Bucket: 'images-present', CORSConfiguration: { CORSRules: [appRule, { AllowedMethods: ['HEAD', 'GET'], AllowedOrigins: ['*'] }] } }));
    const task = await boundingBoxTask(['images-present']);
    const result = await deploy(task, { addCorsRule: true });
    expect(result.cors).toEqual([{ bucket: 'images-present', status: 'present', detail: 'CORS rule 2 allows GET from any origin' }]);
    expect(corsWarnings()).toEqual([]);
    expect(lines).toContain('  s3://images-present: CORS rule 2 allows GET from any origin');
    expect(await rulesOf('images-present')).toHaveLength(2);
  });

  it('--add-cors-rule keeps the bucket\'s own rule and adds gtkit\'s after it; a second run adds nothing', async () => {
    await harness.s3.client.send(new PutBucketCorsCommand({ Bucket: 'images-app', CORSConfiguration: { CORSRules: [appRule] } }));
    const task = await taskWith(await catalog('image-classification'), [{ 'source-ref': 's3://images-app/cats/1.jpg' }, { 'source-ref': 's3://images-again/dogs/2.jpg' }], 'image-classification');
    const first = await deploy(task, { addCorsRule: true });
    expect(first.cors?.map((c) => [c.bucket, c.status])).toEqual([
      ['images-again', 'added'],
      ['images-app', 'added'],
    ]);
    expect(await rulesOf('images-app')).toEqual([appRule, groundTruthCorsRule]);
    expect(await rulesOf('images-again')).toEqual([groundTruthCorsRule]);
    expect(lines).toContain(`  s3://images-app: added the CORS rule "gtkit-ground-truth-workers" (GET from *), after the bucket's 1 rule(s), kept as they were`);
    expect(corsWarnings()).toEqual([]);

    lines = [];
    const second = await deploy(task, { addCorsRule: true });
    expect(second.cors?.map((c) => c.status)).toEqual(['present', 'present']);
    expect(await rulesOf('images-app')).toEqual([appRule, groundTruthCorsRule]);
    expect(await rulesOf('images-again')).toEqual([groundTruthCorsRule]);
  });

  it('--dry-run says what it would check and add, and calls no CORS API (only the HeadObject of each task file)', async () => {
    const client = new S3Client({ region: 'eu-west-1' });
    const s3Mock = mockClient(client);
    s3Mock.on(HeadObjectCommand).rejects(awsError('NotFound', '', 404));
    const task = await boundingBoxTask(['images-none']);
    const result = await deploy(task, { dryRun: true, addCorsRule: true }, client);
    expect(result.plan).toContain("check, and add where missing, the CORS rule allowing GET from * (the template's crowd-bounding-box loads the objects in the worker's browser) of s3://images-none");
    expect(s3Mock.calls().map((c) => c.args[0].constructor.name)).toEqual(['HeadObjectCommand', 'HeadObjectCommand', 'HeadObjectCommand']);
    expect(result.cors).toBeUndefined();
  });
});

describe('gtkit deploy when S3 refuses (aws-sdk-client-mock: s3rver has no IAM)', () => {
  it('access denied on GetBucketCors: a warning naming s3:GetBucketCORS, and the deploy goes on', async () => {
    const client = new S3Client({ region: 'eu-west-1' });
    const s3Mock = mockClient(client);
    s3Mock.on(GetBucketCorsCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const task = await boundingBoxTask(['images-locked']);
    const result = await deploy(task, { skipUploads: true }, client);
    expect(result.cors).toEqual([
      { bucket: 'images-locked', status: 'unchecked', detail: expect.any(String), missingPermission: { action: 's3:GetBucketCORS', resource: 'arn:aws:s3:::images-locked' } },
    ]);
    const [warning] = corsWarnings();
    expect(warning).toContain('reading the CORS rules of s3://images-locked: access denied');
    expect(warning).toContain('{"Effect":"Allow","Action":"s3:GetBucketCORS","Resource":"arn:aws:s3:::images-locked"}');
    expect(warning).toContain("gtkit could not check the bucket's CORS rules");
    expect(result.functions.pre?.action).toBe('created');
    expect(s3Mock.commandCalls(PutBucketCorsCommand)).toHaveLength(0);
  });

  it('access denied on PutBucketCors with --add-cors-rule: a warning naming s3:PutBucketCORS; the bucket stays missing', async () => {
    const client = new S3Client({ region: 'eu-west-1' });
    const s3Mock = mockClient(client);
    s3Mock.on(GetBucketCorsCommand).resolves({ CORSRules: [appRule] });
    s3Mock.on(PutBucketCorsCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const task = await boundingBoxTask(['images-readonly']);
    const result = await deploy(task, { skipUploads: true, addCorsRule: true }, client);
    expect(s3Mock.commandCalls(PutBucketCorsCommand)[0]?.args[0].input.CORSConfiguration?.CORSRules).toEqual([appRule, groundTruthCorsRule]);
    expect(result.cors?.[0]).toMatchObject({ status: 'missing', missingPermission: { action: 's3:PutBucketCORS' } });
    expect(corsWarnings()[0]).toContain('still has 1 CORS rule(s), none allowing GET from *');
  });

  it('a text-only task (named entity, inline source) makes no CORS call at all, even with --add-cors-rule (which says why it adds nothing)', async () => {
    const client = new S3Client({ region: 'eu-west-1' });
    const s3Mock = mockClient(client);
    const task = await taskWith(await catalog('named-entity'), [{ source: 'Ada Lovelace met Charles Babbage in London.' }], 'named-entity');
    const result = await deploy(task, { skipUploads: true, addCorsRule: true }, client);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(result.cors).toBeUndefined();
    expect(result.warnings).toContain('--add-cors-rule: the template loads no object in the worker\'s browser with CORS (no crowd image tool, no crossorigin attribute), so no bucket needs the rule; nothing added');
    expect(lines.some((l) => l.startsWith('cors:'))).toBe(false);
  });
});

describe('--emit-cloudformation next steps', () => {
  it('name the rule per data bucket, reading the existing rules first, with the replace warning; none for a text task', async () => {
    const task = await boundingBoxTask(['images-none']);
    const built = await buildTaskLambdas(task);
    const need = corsNeedOf(await readFile(task.paths.template, 'utf8'), (await readManifest(task.paths.manifest)).lines);
    const steps = cloudFormationNextSteps(task.config, built, '/t/stack.json', '/t', [], need);
    const at = steps.findIndex((s) => s.startsWith('# '));
    expect(steps[at]).toContain('must allow GET from *');
    expect(steps[at]).toContain("put-bucket-cors replaces a bucket's whole CORS configuration");
    expect(steps.slice(at + 1, at + 3)).toEqual([
      'aws s3api get-bucket-cors --bucket images-none --region eu-west-1',
      `aws s3api put-bucket-cors --bucket images-none --region eu-west-1 --cors-configuration '{"CORSRules":[{"AllowedMethods":["GET"],"AllowedOrigins":["*"],"ExposeHeaders":["Access-Control-Allow-Origin"]}]}'`,
    ]);
    expect(steps.findIndex((s) => s.startsWith('aws cloudformation deploy'))).toBeGreaterThan(at);
    // The only comment left is the note for a stack an older gtkit made.
    expect(cloudFormationNextSteps(task.config, built, '/t/stack.json', '/t', [], undefined).some((s) => s.includes('s3api') || (s.startsWith('#') && s.includes('CORS')))).toBe(false);
  });
});
