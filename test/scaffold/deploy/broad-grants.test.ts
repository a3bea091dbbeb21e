import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import type { TaskConfig } from '../../../scaffold/config/define-task.ts';
import { sharedConfig } from './task-config.ts';
import { deployTask, type DeployClients } from '../../../scaffold/deploy/deploy.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { copyFixture } from '../build/fixture.ts';
import { wholeBucketGrants } from '../../../scaffold/deploy/broad-grants.ts';
import { parseManifest } from '../../../scaffold/run/manifest.ts';
import { dataPrefixesOfTask } from '../../../scaffold/deploy/policies.ts';

/** The grants of the task's roles that cover a whole bucket, said before the roles exist. */

const config = {
  type: 'named-entity',
  jobName: 'ticket-ner',
  labelAttributeName: 'entities',
  labels: [{ label: 'person' }],
  ...sharedConfig,
} satisfies TaskConfig;
const roles = { preExecution: 'SageMaker-ticket-ner-pre-lambda', acsExecution: 'SageMaker-ticket-ner-acs-lambda', groundTruthExecution: 'SageMaker-ticket-ner-groundtruth' };
const linesOf = (uris: string[]) => parseManifest(uris.map((u) => JSON.stringify({ 'source-ref': u })).join('\n')).lines;
/** The warnings for these lines, with the prefixes deploy computes once and hands over. */
const grantsOf = (task: TaskConfig, lines: ReturnType<typeof linesOf>) => wholeBucketGrants(task, { lines, prefixes: dataPrefixesOfTask(task, lines) }, roles);

describe('wholeBucketGrants', () => {
  it('says nothing when every grant is a folder or a shared key prefix', () => {
    expect(grantsOf(config, linesOf(['s3://acme-crm/tickets/a.txt']))).toEqual([]);
    expect(grantsOf(config, linesOf(Array.from({ length: 21 }, (_, i) => `s3://acme-crm/customer-${i}/t.txt`)))).toEqual([]);
  });

  it('names the roles, the bucket, why and what to do when folders share no key prefix', () => {
    const spread = Array.from({ length: 21 }, (_, i) => `s3://acme-crm/${String.fromCharCode(97 + i)}/t.txt`);
    expect(grantsOf(config, linesOf(spread))).toEqual([
      "SageMaker-ticket-ner-groundtruth and SageMaker-ticket-ner-pre-lambda (the PRE reads the text) can read every object of s3://acme-crm/: the manifest names objects in 21 folders of it (first: s3://acme-crm/a/), and past 20 folders the roles grant the key prefix the folders share, which here is none; keep the job's data under a folder of its own in that bucket, so that the roles grant that folder alone",
    ]);
    // A classifier's Lambdas never read the data: only Ground Truth's role is named.
    expect(grantsOf({ ...config, type: 'text-classification', labels: ['a'] } as TaskConfig, linesOf(spread))[0]).toMatch(/^SageMaker-ticket-ner-groundtruth can read every object of s3:\/\/acme-crm\//);
  });

  it('objects at the top of a bucket, a streamed prefix that is a bucket, and an output path at a bucket\'s root', () => {
    expect(grantsOf(config, linesOf(['s3://acme-crm/jane-doe.txt']))).toEqual([
      "SageMaker-ticket-ner-groundtruth and SageMaker-ticket-ner-pre-lambda (the PRE reads the text) can read every object of s3://acme-crm/: the manifest names objects at the top of the bucket (s3://acme-crm/), not in a folder; keep the job's data under a folder of its own in that bucket, so that the roles grant that folder alone",
    ]);
    const streaming = { ...config, streaming: { inputTopicArn: 'arn:aws:sns:eu-west-1:111122223333:in', dataPrefixes: ['s3://incoming'] } } as TaskConfig;
    expect(grantsOf(streaming, [])).toEqual([expect.stringContaining('can read every object of s3://incoming/: streaming.dataPrefixes names s3://incoming/, the whole bucket;')]);
    const rootOutput = { ...config, s3: { ...config.s3, outputPath: 's3://acme-out/' } };
    expect(grantsOf(rootOutput, [])).toEqual([
      "s3.outputPath s3://acme-out/ is the top of its bucket, so SageMaker-ticket-ner-groundtruth can read and write every object of s3://acme-out/ and SageMaker-ticket-ner-acs-lambda read every one: set s3.outputPath to a folder of the job's own (e.g. s3://acme-out/ticket-ner/output/), so that the roles grant that folder alone",
    ]);
  });
});

describe('gtkit deploy --create-roles and --emit-cloudformation say a whole-bucket grant', () => {
  const temp = useTempRoot('gtkit-broad-');
  /** The fixture task with its manifest naming objects at the top of a bucket. */
  async function taskAtTop(dir: string): Promise<LoadedTask> {
    const task = await copyFixture(join(temp.path, dir), { linkGtkit: true });
    await writeFile(task.paths.manifest, `${JSON.stringify({ 'source-ref': 's3://acme-crm/jane-doe.txt' })}\n`);
    return task;
  }
  const expected = "GroundTruthExecutionRole can read every object of s3://acme-crm/: the manifest names objects at the top of the bucket (s3://acme-crm/), not in a folder; keep the job's data under a folder of its own in that bucket, so that the roles grant that folder alone";

  it('in the CloudFormation output and its --json, naming the template\'s role', async () => {
    const task = await taskAtTop('cfn');
    const out: string[] = [];
    await runDeployCommand(task.dir, { emitCloudformation: join(temp.path, 'stack.json') }, { out: (l) => out.push(l), err: () => {} });
    expect(out).toContain(`warning: ${expected}`);
    const json: string[] = [];
    await runDeployCommand(task.dir, { emitCloudformation: join(temp.path, 'stack.json'), json: true }, { out: (l) => json.push(l), err: () => {} });
    expect(JSON.parse(json.join('\n')).warnings).toContain(expected);
  }, 60_000);

  it('in deploy --create-roles (a dry run too), naming the roles it makes; not without --create-roles', async () => {
    const task = await taskAtTop('deploy');
    const named = expected.replace('GroundTruthExecutionRole', 'SageMaker-ticket-intent-groundtruth');
    const planned = await deployTask(task, { dryRun: true, createRoles: true, skipUploads: true }, harnessFreeClients(), () => {});
    expect(planned.warnings).toContain(named);
    const plain = await deployTask(task, { dryRun: true, skipUploads: true }, harnessFreeClients(), () => {});
    expect(plain.warnings.some((w) => w.includes('every object'))).toBe(false);
  }, 60_000);
});

/** A dry run with --skip-uploads calls no AWS service: clients that fail if one is called. */
function harnessFreeClients(): DeployClients {
  const refuse = { send: () => Promise.reject(new Error('a dry run called AWS')) };
  return { lambda: refuse, iam: refuse, sts: refuse, s3: refuse, logs: refuse } as unknown as DeployClients;
}
