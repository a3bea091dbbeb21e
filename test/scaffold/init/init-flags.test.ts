import { join } from 'node:path';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { fromFlags } from '../../../scaffold/commands/init-answers.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { initCommandError } from './init-command.ts';

const temp = useTempRoot('gtkit-init-flags-');
const privateArn = 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t';
const workteamForPublic =
  "--workteam-arn is for a private or vendor workforce; --workforce public always uses the region's public-crowd workteam. Drop --workteam-arn, or use --workforce private or vendor";


describe('gtkit init: flags that do not fit the workforce are usage errors, not dropped', () => {
  it('--workforce public --workteam-arn: exit code 2 and nothing written', async () => {
    expect(() => fromFlags('t', { type: 'keypoint', workforce: 'public', workteamArn: privateArn })).toThrow(new UsageError(workteamForPublic));
    const dir = join(temp.path, 'public-with-arn');
    const error = await initCommandError([dir, '--type', 'keypoint', '--workforce', 'public', '--workteam-arn', privateArn, '--yes']);
    expect(error).toEqual(new UsageError(workteamForPublic));
    expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    expect(existsSync(dir)).toBe(false);
  });

  it('--price without the public crowd names the workforce it would be dropped for', () => {
    expect(() => fromFlags('t', { type: 'keypoint', workforce: 'vendor', price: '0.036', workteamArn: privateArn })).toThrow(
      new UsageError('--price is what the public crowd is paid per task; a vendor workforce does not use it. Drop --price, or use --workforce public'),
    );
    expect(() => fromFlags('t', { type: 'keypoint', price: '0.036', workteamArn: privateArn })).toThrow(
      new UsageError('--workteam-arn (a private or vendor workforce) and --price (the public crowd) do not go together. Drop one, or say which workforce with --workforce'),
    );
    expect(() => fromFlags('t', { type: 'keypoint', price: '0.036' })).toThrow(
      new UsageError('--price is what the public crowd is paid per task; a private workforce (the default without --workforce) does not use it. Drop --price, or use --workforce public'),
    );
  });

  it('the flags that fit are kept', () => {
    expect(fromFlags('t', { type: 'keypoint', workforce: 'public', price: '0.036' })).toMatchObject({ workforce: 'public', priceUsd: 0.036 });
    expect(fromFlags('t', { type: 'keypoint', workforce: 'vendor', workteamArn: privateArn })).toMatchObject({ workforce: 'vendor', workteamArn: privateArn });
    expect(fromFlags('t', { type: 'keypoint', workteamArn: privateArn })).toMatchObject({ workteamArn: privateArn });
  });
});

describe('gtkit init: a bucket or region S3 and AWS would refuse names the flag', () => {
  it('--bucket and --region values are refused before anything is written', async () => {
    const dir = join(temp.path, 'bad-bucket');
    await expect(initTask({ dir, type: 'text-classification', bucket: 'Bad_Bucket', region: 'useast1' })).rejects.toThrow(
      new UsageError(
        'these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n' +
          '  --bucket (s3.bucket): "Bad_Bucket" is not a valid S3 bucket name: it has characters S3 does not allow: "B", "_" (give --bucket your bucket\'s name: 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)\n' +
          '  --region (region): "useast1" is not an AWS Region code (give --region a Region code such as us-east-1, eu-west-1, ap-southeast-3 or us-gov-west-1)',
      ),
    );
    expect(existsSync(dir)).toBe(false);
  });
});

describe('gtkit init: paths and numbers it would get wrong', () => {
  const prefixRule = 'expected key segments separated by single "/", without "." or ".." (e.g. "ticket-intent" or "jobs/ticket-intent")';

  it('--prefix with ".." (sample objects outside the folder) or slashes at its ends is refused before anything is written', async () => {
    expect(() => fromFlags('t', { type: 'bounding-box', prefix: '../../../..' })).toThrow(new UsageError(`--prefix: ${prefixRule}, got "../../../.."; nothing was written`));
    expect(() => fromFlags('t', { type: 'bounding-box', prefix: '/lead/' })).toThrow(
      new UsageError('--prefix: write it without a leading or trailing "/" (e.g. "ticket-intent" or "jobs/ticket-intent"), got "/lead/"; nothing was written'),
    );
    // initTask guards its other callers (the prompts, the demo) the same way.
    const dir = join(temp.path, 'climbing');
    await expect(initTask({ dir, type: 'bounding-box', prefix: '..' })).rejects.toThrow(new UsageError(`--prefix: ${prefixRule}, got ".."; nothing was written`));
    expect(existsSync(dir)).toBe(false);
    expect(fromFlags('t', { type: 'bounding-box', prefix: 'jobs/boxes' })).toMatchObject({ prefix: 'jobs/boxes' });
  });

  it('numbers are plain decimals: " ", "0x20" and "1e3" are refused, not read as 0, 32 and 1000', () => {
    expect(() => fromFlags('t', { type: 'keypoint', workers: ' ' })).toThrow(new UsageError('--workers must be a whole number, e.g. 3, got " "'));
    expect(() => fromFlags('t', { type: 'keypoint', timeLimit: '0x20' })).toThrow(new UsageError('--time-limit must be a whole number, e.g. 3, got "0x20"'));
    expect(() => fromFlags('t', { type: 'keypoint', timeLimit: '1e3' })).toThrow(new UsageError('--time-limit must be a whole number, e.g. 3, got "1e3"'));
    expect(() => fromFlags('t', { type: 'keypoint', workforce: 'public', price: '.5' })).toThrow(new UsageError('--price must be a number, e.g. 0.036, got ".5"'));
    expect(fromFlags('t', { type: 'keypoint', workers: ' 5 ', timeLimit: '600' })).toMatchObject({ workersPerObject: 5, timeLimitSeconds: 600 });
  });

  it('--type in the wrong case gets the type it means', () => {
    expect(() => fromFlags('t', { type: 'Keypoint' })).toThrow(/is not a task type; use one of .* \(did you mean keypoint\?\)$/);
    expect(() => fromFlags('t', { type: 'text-clasification' })).toThrow(/\(did you mean text-classification\?\)$/);
  });

  it('a folder inside node_modules is refused: Node would never find gtkit from there', async () => {
    const dir = join(temp.path, 'node_modules', 'task');
    await expect(initTask({ dir, type: 'keypoint' })).rejects.toThrow(new UsageError(`${dir} is inside a node_modules folder, where Node would not find gtkit for the task; pick a folder outside node_modules`));
    expect(existsSync(dir)).toBe(false);
  });
});

describe('gtkit init: a folder half set up', () => {
  it('replaces a node_modules/gtkit link left dangling by a moved checkout', async () => {
    const dir = join(temp.path, 'dangling');
    await mkdir(join(dir, 'node_modules'), { recursive: true });
    await symlink(join(temp.path, 'moved-away'), join(dir, 'node_modules', 'gtkit'), 'dir');
    const result = await initTask({ dir, type: 'keypoint', force: true });
    expect(result.linked).toBe(true);
    expect(existsSync(join(dir, 'node_modules', 'gtkit', 'package.json'))).toBe(true);
  });

  it('a write that fails part-way says which files are already there and to re-run with --force', async () => {
    const dir = join(temp.path, 'half');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 's3'), 'a file where the sample objects go');
    const error = (await initTask({ dir, type: 'keypoint' }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^cannot write .*\/half\/s3\/.*\/sample-01\.png: a part of the path is a file, not a folder \(ENOTDIR\); 11 files were written before it \(gtkit\.config\.ts, template\.liquid\.html, pre\.ts, acs\.ts, manifest\.jsonl, answers\.jsonl, task\.test\.ts, package\.json, tsconfig\.json, \.gitignore, README\.md\); fix the cause and run gtkit init again with --force$/);
  });
});

describe('the placeholder private workteam', () => {
  it("is in the role's partition and account, or the region's partition without a role (as is the placeholder role)", async () => {
    const { buildConfig } = await import('../../../scaffold/init/init-task.ts');
    const teamOf = (config: ReturnType<typeof buildConfig>) => (config.workforce as { workteamArn?: string }).workteamArn;
    expect(teamOf(buildConfig({ dir: 't', type: 'keypoint', region: 'cn-north-1', roleArn: 'arn:aws-cn:iam::210987654321:role/gt' }))).toBe('arn:aws-cn:sagemaker:cn-north-1:210987654321:workteam/private-crowd/my-team');
    expect(teamOf(buildConfig({ dir: 't', type: 'keypoint', region: 'us-gov-west-1' }))).toBe('arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:workteam/private-crowd/my-team');
    // The placeholder role too: the function ARNs `gtkit job` derives take the role's partition.
    expect(buildConfig({ dir: 't', type: 'keypoint', region: 'cn-north-1' }).roleArn).toBe('arn:aws-cn:iam::123456789012:role/SageMakerGroundTruthExecutionRole');
    expect(teamOf(buildConfig({ dir: 't', type: 'keypoint' }))).toBe('arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/my-team');
  });
});

describe('gtkit init --labels with too few labels', () => {
  it('names the flag and says to change it, since no gtkit.config.ts was written to add labels in', async () => {
    const dir = join(temp.path, 'one-label');
    const error = await initCommandError([dir, '--type', 'text-classification', '--labels', 'onlyone', '--yes']);
    expect(error).toEqual(
      new UsageError('these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n  --labels (labels): text-classification needs at least 2 labels, got 1 (give --labels the task\'s labels, comma-separated (e.g. --labels a,b))'),
    );
    expect(existsSync(dir)).toBe(false);
  });
});

describe('gtkit init --workforce public in a Region outside the aws partition', () => {
  it('says which flags to give, not which config fields to set (no gtkit.config.ts was written)', async () => {
    const dir = join(temp.path, 'public-cn');
    const error = await initCommandError([dir, '--type', 'text-classification', '--workforce', 'public', '--price', '0.036', '--region', 'cn-north-1', '--yes']);
    expect((error as Error).message).toContain('(use a private or vendor workforce (give --workforce "private" or "vendor" and give --workteam-arn its work team), or give --region a Region of the aws partition)');
    expect((error as Error).message).not.toMatch(/workforce\.kind|workteamArn|set region/);
    expect(existsSync(dir)).toBe(false);
  });
});
