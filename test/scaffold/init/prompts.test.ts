import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError, ExitCode, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { initCommandError } from './init-command.ts';

// The questions, answered by the test: each prompt is cancelled (what Ctrl-C gives @clack/prompts).
const cancelled = Symbol('clack:cancel');
const asked: string[] = [];
vi.mock('@clack/prompts', () => ({
  intro: () => undefined,
  outro: () => undefined,
  cancel: () => undefined,
  isCancel: (value: unknown) => value === cancelled,
  select: async ({ message }: { message: string }) => (asked.push(message), cancelled),
  text: async ({ message }: { message: string }) => (asked.push(message), cancelled),
}));

const temp = useTempRoot('gtkit-init-prompts-');


describe('gtkit init on a terminal', () => {
  const tty = { stdin: process.stdin.isTTY, stdout: process.stdout.isTTY };
  beforeEach(() => {
    asked.length = 0;
    process.stdin.isTTY = true;
    process.stdout.isTTY = true;
  });
  afterEach(() => {
    process.stdin.isTTY = tty.stdin;
    process.stdout.isTTY = tty.stdout;
  });

  it('Ctrl-C at a question ends with exit code 130 (as its --help lists) and writes nothing', async () => {
    const dir = join(temp.path, 'cancelled');
    const error = await initCommandError([dir]);
    expect(asked).toEqual(['Task type']);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.interrupted);
    expect(existsSync(dir)).toBe(false);
  });

  it('a bad --region or --job-name is refused before the first question, in the flag\'s own words', async () => {
    const region = await initCommandError([join(temp.path, 'r'), '--region', 'x y']);
    expect(region).toEqual(new UsageError('--region: "x y" is not an AWS Region code; give --region a Region code such as us-east-1, eu-west-1, ap-southeast-3 or us-gov-west-1. Nothing was written'));
    const name = await initCommandError([join(temp.path, 'n'), '--job-name', 'my-job/']);
    expect(name).toEqual(new UsageError('--job-name must be 1–63 letters, digits and hyphens, starting and ending with a letter or digit (Ground Truth\'s LabelingJobName), got "my-job/"; nothing was written'));
    expect(asked).toEqual([]);
  });
});
