import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { initCommandError } from './init-command.ts';

const temp = useTempRoot('gtkit-init-region-');


describe('gtkit init --region: a bad value blames --region alone', () => {
  it('not --bucket or --workteam-arn, whose defaults are made from the region, and says what to give instead', async () => {
    const cases: Array<[string, string]> = [
      ['x y', '--region: "x y" is not an AWS Region code; give --region a Region code such as us-east-1, eu-west-1, ap-southeast-3 or us-gov-west-1. Nothing was written'],
      ['us-east-1a', '--region: "us-east-1a" is an Availability Zone, not a Region; give --region "us-east-1". Nothing was written'],
      ['EU-WEST-1', '--region: "EU-WEST-1" is not an AWS Region code: Region codes are lower case; give --region "eu-west-1". Nothing was written'],
    ];
    for (const [region, message] of cases) {
      const dir = join(temp.path, 'never');
      const error = await initCommandError([dir, '--type', 'text-classification', '--region', region]);
      expect(error, region).toBeInstanceOf(UsageError);
      expect((error as Error).message).toBe(message);
      expect((error as Error).message).not.toMatch(/--bucket|--workteam-arn|gtkit\.config\.ts/);
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('a good region still makes the task', async () => {
    expect(await initCommandError([join(temp.path, 'ok'), '--type', 'text-classification', '--region', 'eu-west-1'])).toBeUndefined();
  }, 60_000);
});

describe('initTask without flags (the demo, scripts): a bad region or job name is blamed alone', () => {
  it('a bad region is the one problem: not the default bucket and workteam ARN made from it', async () => {
    const dir = join(temp.path, 'never-region');
    await expect(initTask({ dir, type: 'text-classification', region: 'x y' })).rejects.toThrow(
      new UsageError('these choices make a task that gtkit job or gtkit lint would reject; nothing was written:\n  --region (region): "x y" is not an AWS Region code (give --region a Region code such as us-east-1, eu-west-1, ap-southeast-3 or us-gov-west-1)'),
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('a bad job name is refused as the job name, not as the key prefix that defaults to it', async () => {
    const dir = join(temp.path, 'never-name');
    await expect(initTask({ dir, type: 'text-classification', jobName: 'my-job/' })).rejects.toThrow(
      new UsageError('--job-name must be 1–63 letters, digits and hyphens, starting and ending with a letter or digit (Ground Truth\'s LabelingJobName), got "my-job/"; nothing was written'),
    );
    expect(existsSync(dir)).toBe(false);
  });
});
