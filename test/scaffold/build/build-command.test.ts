import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, ExitCode, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { registerBuildCommand, runBuildCommand } from '../../../scaffold/commands/build.ts';
import { main } from '../../../scaffold/cli.ts';
import { copyFixture, fixtureDir } from './fixture.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const exec = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const temp = useTempRoot('gtkit-build-cmd-');

const capture = () => {
  const out: string[] = [];
  return { out, output: { out: (l: string) => out.push(l), err: (l: string) => out.push(l) } };
};

describe('gtkit build', () => {
  it('prints a progress line and the size report', async () => {
    const { out, output } = capture();
    await runBuildCommand(fixtureDir, { out: join(temp.path, 'report') }, output);
    expect(out[0]).toContain('build: bundling');
    expect(out.filter((l) => /^(pre|acs) +\d/.test(l))).toHaveLength(2);
    expect(out.join('\n')).toContain('AWS SDK: bundled');
  });

  it('--json prints every field but the zip bytes; --sdk runtime is reflected', async () => {
    const { out, output } = capture();
    await runBuildCommand(fixtureDir, { json: true, sdk: 'runtime', out: join(temp.path, 'json') }, output);
    expect(out).toHaveLength(1);
    const result = JSON.parse(out[0] ?? '');
    expect(Object.keys(result.acs).sort()).toEqual(['bundleFile', 'bytes', 'codeSha256', 'composition', 'gtkitBuild', 'gtkitRoot', 'handler', 'name', 'runtimeImports', 'sdk', 'sdkPackages', 'sourceMapFile', 'taskDir', 'zipBytes', 'zipFile']);
    expect(result.notes).toEqual([]);
    expect(result.acs.sdk).toBe('runtime');
    expect(result.acs.runtimeImports).toContain('@aws-sdk/client-s3');
  });

  it('exit code 2 for a bad flag or folder, 1 with file:line:col for a bundling error', async () => {
    await expect(runBuildCommand(fixtureDir, { sdk: 'cdn' }, capture().output)).rejects.toThrow(UsageError);
    await expect(runBuildCommand(join(temp.path, 'nowhere'), {}, capture().output)).rejects.toMatchObject({ exitCode: ExitCode.usage });
    const task = await copyFixture(join(temp.path, 'broken'), { linkGtkit: true });
    await writeFile(task.paths.pre, 'export const handler = async () => {\n  return (;\n};\n');
    const error = (await runBuildCommand(task.dir, {}, capture().output).catch((e: unknown) => e)) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(ExitCode.failure);
    expect(error.message).toContain(`${task.paths.pre}:2:11: Unexpected ";"`);
  });

  it('is registered under the name registerBuildCommand and parses its flags', async () => {
    const { out, output } = capture();
    const program = new Command('gtkit').exitOverride();
    registerBuildCommand(program, output);
    await program.parseAsync(['node', 'gtkit', 'build', fixtureDir, '--json', '--out', join(temp.path, 'registered')]);
    expect(JSON.parse(out[0] ?? '').pre.handler).toBe('index.handler');
    expect(await main(['node', 'gtkit', 'build', fixtureDir, '--sdk', 'nope'])).toBe(ExitCode.usage);
  });

  it('npm run build -- <task-dir> builds the task and prints the report', async () => {
    const task = await copyFixture(join(temp.path, 'script'), { linkGtkit: true });
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', join(repo, 'build.ts'), task.dir], { cwd: repo, env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toMatch(/^pre +\d+\.\d KB bundle/m);
    expect(stdout).toMatch(/^acs +\d+\.\d KB bundle/m);
    const failed = await exec(process.execPath, ['--import', 'tsx', join(repo, 'build.ts'), join(temp.path, 'missing')], { cwd: repo }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain('no such file or folder');
  }, 60_000);
});
