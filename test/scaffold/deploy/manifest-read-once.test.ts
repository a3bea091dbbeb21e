import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { deployTask } from '../../../scaffold/deploy/deploy.ts';
import { parseManifest, readManifest } from '../../../scaffold/run/manifest.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { account, awsError } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';
import { retypeFixture } from './retype.ts';

// Every read of a manifest goes through these two (readManifest parses with the module's own parseManifest, which is not counted).
vi.mock('../../../scaffold/run/manifest.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../scaffold/run/manifest.ts')>();
  return { ...real, readManifest: vi.fn(real.readManifest), parseManifest: vi.fn(real.parseManifest) };
});

const harness = deployHarness(['acme-sagemaker-gt', 'acme-images'], 'gtkit-manifest-once-');
const { iamMock } = harness;
const boundingBox = fileURLToPath(new URL('../../../templates/catalog/bounding-box.liquid.html', import.meta.url));
/** How often a manifest was read and parsed since the last reset. */
const manifestParses = () => vi.mocked(readManifest).mock.calls.length + vi.mocked(parseManifest).mock.calls.length;

/** The fixture with an image template (so the CORS check needs the manifest's buckets) and a manifest of images in acme-images. */
async function imageTask(name: string): Promise<LoadedTask> {
  const task = await copyFixture(join(harness.root, name), { linkGtkit: true });
  await writeFile(task.paths.template, await readFile(boundingBox, 'utf8'));
  await writeFile(task.paths.manifest, ['{"source-ref":"s3://acme-images/street/1.jpg"}', '{"source-ref":"s3://acme-images/street/2.jpg"}'].join('\n'));
  await retypeFixture(task, 'bounding-box');
  return task;
}

beforeEach(() => {
  vi.mocked(readManifest).mockClear();
  vi.mocked(parseManifest).mockClear();
});

describe('gtkit deploy reads and parses the manifest once', () => {
  it('--emit-cloudformation: the check, the CORS buckets and the roles\' data folders come from one read', async () => {
    const task = await imageTask('stack');
    const file = join(task.dir, 'stack.json');
    const out: string[] = [];
    await runDeployCommand(task.dir, { emitCloudformation: file, json: true }, { out: (line) => out.push(line), err: () => {} });
    expect(manifestParses()).toBe(1);
    const template = JSON.parse(await readFile(file, 'utf8')) as { Resources: Record<string, { Properties: { Policies?: Array<{ PolicyDocument: { Statement: Array<{ Sid: string; Resource: unknown }> } }> } }> };
    const policy = Object.values(template.Resources).flatMap((r) => r.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement);
    // The stack writes the partition as a pseudo parameter.
    expect(JSON.stringify(policy.find((s) => s.Sid === 'ReadTaskFilesAndData')?.Resource)).toContain(':s3:::acme-images/street/*');
    const { next } = JSON.parse(out.join('\n')) as { next: string[] };
    expect(next).toContain('aws s3api get-bucket-cors --bucket acme-images --region eu-west-1');
  }, 60_000);

  it('a deploy with --create-roles and --upload-data: the same one read gives the CORS buckets, the data objects and the role\'s grant', async () => {
    iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'The role cannot be found.', 404));
    iamMock.on(CreateRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::${account}:role/${input.RoleName}` } }));
    iamMock.on(PutRolePolicyCommand).resolves({});
    iamMock.on(AttachRolePolicyCommand).resolves({});
    const task = await imageTask('deploy');
    const result = await deployTask(task, { createRoles: true, uploadData: true }, harness.clients(), () => {});
    expect(manifestParses()).toBe(1);
    expect(result.cors?.map((c) => c.bucket)).toEqual(['acme-images']);
    expect(result.warnings).toContain('2 data object(s) the manifest names have no local copy under s3/ and must already be on S3 (first: s3://acme-images/street/1.jpg)');
    const policies = iamMock.commandCalls(PutRolePolicyCommand).map((c) => JSON.parse(c.args[0].input.PolicyDocument ?? '{}') as { Statement: Array<{ Sid: string; Resource: unknown }> });
    expect(policies.flatMap((p) => p.Statement).find((s) => s.Sid === 'ReadTaskFilesAndData')?.Resource).toContain('arn:aws:s3:::acme-images/street/*');
  }, 60_000);
});
