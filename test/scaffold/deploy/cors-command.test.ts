// The --add-cors-rule flag driven through runDeployCommand (the deploy itself: cors.test.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetBucketCorsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { groundTruthCorsRule } from '../../../scaffold/deploy/cors.ts';
import { copyFixture } from '../build/fixture.ts';
import { deployHarness } from './harness.ts';
import { retypeFixture } from './retype.ts';

const harness = deployHarness(['acme-sagemaker-gt', 'street-images'], 'gtkit-cors-cli-');

async function polygonTask(name: string) {
  const task = await copyFixture(join(harness.root, name), { linkGtkit: true });
  await writeFile(task.paths.template, await readFile(fileURLToPath(new URL('../../../templates/catalog/polygon.liquid.html', import.meta.url)), 'utf8'));
  await writeFile(task.paths.manifest, '{"source-ref":"s3://street-images/a/1.jpg"}\n');
  await retypeFixture(task, 'polygon');
  return task;
}

describe('gtkit deploy --add-cors-rule (CLI)', () => {
  it('--json names each bucket with its status; the rule is on the bucket', async () => {
    const task = await polygonTask('json');
    const out: string[] = [];
    await runDeployCommand(task.dir, { json: true, addCorsRule: true }, { out: (l) => out.push(l), err: () => {} }, () => harness.clients());
    const result = JSON.parse(out.join('\n'));
    expect(result.cors).toEqual([{ bucket: 'street-images', status: 'added', detail: expect.stringContaining('added the CORS rule') }]);
    expect((await harness.s3.client.send(new GetBucketCorsCommand({ Bucket: 'street-images' }))).CORSRules).toEqual([groundTruthCorsRule]);
  });

  it('--emit-cloudformation refuses --add-cors-rule, and its next steps carry the CORS lines', async () => {
    const task = await polygonTask('cfn');
    await expect(runDeployCommand(task.dir, { emitCloudformation: join(harness.root, 'stack.json'), addCorsRule: true }, { out: () => {}, err: () => {} })).rejects.toThrow(UsageError);
    const out: string[] = [];
    await runDeployCommand(task.dir, { emitCloudformation: join(harness.root, 'stack.json'), json: true }, { out: (l) => out.push(l), err: () => {} });
    const next: string[] = JSON.parse(out.join('\n')).next;
    expect(next).toContain('aws s3api get-bucket-cors --bucket street-images --region eu-west-1');
    expect(next.some((l) => l.startsWith('aws s3api put-bucket-cors --bucket street-images'))).toBe(true);
  });
});
