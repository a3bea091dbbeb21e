import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { fromFlags, registerInitCommand } from '../../../scaffold/commands/init.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-init-flags-');
const privateArn = 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t';
const workteamForPublic =
  "--workteam-arn is for a private or vendor workforce; --workforce public always uses the region's public-crowd workteam. Drop --workteam-arn, or use --workforce private or vendor";

async function runInit(args: string[]): Promise<unknown> {
  const program = new Command().exitOverride();
  registerInitCommand(program, { out: () => undefined, err: () => undefined });
  return program.parseAsync(['init', ...args], { from: 'user' }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('gtkit init: flags that do not fit the workforce are usage errors, not dropped', () => {
  it('--workforce public --workteam-arn: exit code 2 and nothing written', async () => {
    expect(() => fromFlags('t', { type: 'keypoint', workforce: 'public', workteamArn: privateArn })).toThrow(new UsageError(workteamForPublic));
    const dir = join(temp.path, 'public-with-arn');
    const error = await runInit([dir, '--type', 'keypoint', '--workforce', 'public', '--workteam-arn', privateArn, '--yes']);
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
          '  --bucket (s3.bucket): "Bad_Bucket" is not a valid S3 bucket name: it has characters S3 does not allow: "B", "_" (set s3.bucket in gtkit.config.ts to your bucket\'s name: 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)\n' +
          '  --region (region): "useast1" is not an AWS Region code (set region in gtkit.config.ts to a Region code such as us-east-1, eu-west-1, ap-southeast-3 or us-gov-west-1)',
      ),
    );
    expect(existsSync(dir)).toBe(false);
  });
});
