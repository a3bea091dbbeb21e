// Copy to test/scaffold/deploy/ once commands-deploy.patch (helper 86) is applied: it drives the
// flag through runDeployCommand.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetBucketCorsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy.ts';
import { groundTruthCorsRule } from '../../../scaffold/deploy/cors.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';
import { copyFixture } from '../build/fixture.ts';
import { account, FakeLambda } from './fake-lambda.ts';

const lambdaMock = mockClient(LambdaClient);
const stsMock = mockClient(STSClient);
let s3: LocalS3;
let root: string;

beforeAll(async () => {
  s3 = await startLocalS3(['acme-sagemaker-gt', 'street-images']);
  root = await mkdtemp(join(tmpdir(), 'gtkit-cors-cli-'));
}, 30_000);
afterAll(async () => {
  await s3.close();
  await rm(root, { recursive: true, force: true });
});

async function polygonTask(name: string) {
  const task = await copyFixture(join(root, name), { linkGtkit: true });
  await writeFile(task.paths.template, await readFile(fileURLToPath(new URL('../../../templates/catalog/polygon.liquid.html', import.meta.url)), 'utf8'));
  await writeFile(task.paths.manifest, '{"source-ref":"s3://street-images/a/1.jpg"}\n');
  return task;
}

describe('gtkit deploy --add-cors-rule (CLI)', () => {
  it('--json names each bucket with its status; the rule is on the bucket', async () => {
    new FakeLambda(lambdaMock).install();
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: account, Arn: `arn:aws:iam::${account}:user/dev` });
    const task = await polygonTask('json');
    const out: string[] = [];
    const clients = () => ({ lambda: new LambdaClient({ region: 'eu-west-1' }), iam: new IAMClient({ region: 'eu-west-1' }), sts: new STSClient({ region: 'eu-west-1' }), s3: s3.client, sleep: async () => {}, waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 } });
    await runDeployCommand(task.dir, { json: true, addCorsRule: true }, { out: (l) => out.push(l), err: () => {} }, clients);
    const result = JSON.parse(out.join('\n'));
    expect(result.cors).toEqual([{ bucket: 'street-images', status: 'added', detail: expect.stringContaining('added the CORS rule') }]);
    expect((await s3.client.send(new GetBucketCorsCommand({ Bucket: 'street-images' }))).CORSRules).toEqual([groundTruthCorsRule]);
  });

  it('--emit-cloudformation refuses --add-cors-rule, and its next steps carry the CORS lines', async () => {
    const task = await polygonTask('cfn');
    await expect(runDeployCommand(task.dir, { emitCloudformation: join(root, 'stack.json'), addCorsRule: true }, { out: () => {}, err: () => {} })).rejects.toThrow(UsageError);
    const out: string[] = [];
    await runDeployCommand(task.dir, { emitCloudformation: join(root, 'stack.json'), json: true }, { out: (l) => out.push(l), err: () => {} });
    const next: string[] = JSON.parse(out.join('\n')).next;
    expect(next).toContain('aws s3api get-bucket-cors --bucket street-images --region eu-west-1');
    expect(next.some((l) => l.startsWith('aws s3api put-bucket-cors --bucket street-images'))).toBe(true);
  });
});
