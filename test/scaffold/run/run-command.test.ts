import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CliError, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { runTask } from '../../../scaffold/commands/run.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-run-command-');

describe('gtkit run on a broken task', () => {
  it('a template syntax error fails the run as a lint finding with file:line:col, not as a crash', async () => {
    const dir = join(temp.path, 'broken-template');
    await initTask({ dir, type: 'text-classification' });
    await appendFile(join(dir, 'template.liquid.html'), '\n{% if task.input.x %}\n');
    const run = runTask(dir, { source: true });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(/lint error.*\n.*template\.liquid\.html:\d+:1: liquid-syntax: tag \{% if task\.input\.x %\} not closed/);
  }, 60_000);

  it('a template that no longer submits the field the ACS reads fails the run before any answer is consolidated', async () => {
    const dir = join(temp.path, 'renamed-field');
    await initTask({ dir, type: 'text-classification' });
    const file = join(dir, 'template.liquid.html');
    await writeFile(file, (await readFile(file, 'utf8')).replace('name="category"', 'name="intent"'));
    await expect(runTask(dir, { source: true, simulate: '3' })).rejects.toThrow(/answer-field: no field is named "category"/);
  }, 60_000);

  it('an ACS that throws at import, or exports no handler, is the task’s error with its file, not an internal error', async () => {
    const dir = join(temp.path, 'bad-acs');
    await initTask({ dir, type: 'text-classification' });
    await writeFile(join(dir, 'acs.ts'), "throw new Error('boom at import');\n");
    const run = runTask(dir, { simulate: '2' });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(`${join(dir, 'acs.ts')}: the ACS Lambda fails to load, as it would at cold start: boom at import`);
    await writeFile(join(dir, 'acs.ts'), 'export const notHandler = 1;\n');
    await expect(runTask(dir, { simulate: '2' })).rejects.toThrow(/acs\.ts: the ACS Lambda fails to load, as it would at cold start: .*exports no function "handler" \(Lambda would fail with Runtime\.HandlerNotFound\)/);
  }, 60_000);

  it('an --s3-endpoint that is not a URL is a usage error; one nobody listens on is a clear error, not a stack', async () => {
    const dir = join(temp.path, 'endpoint');
    await initTask({ dir, type: 'text-classification' });
    await expect(runTask(dir, { source: true, simulate: '2', s3Endpoint: 'localhost:4568' })).rejects.toThrow(new UsageError('--s3-endpoint must be an http(s) URL such as http://127.0.0.1:4568, got "localhost:4568"'));
    // A port that was free a moment ago: bind to 127.0.0.1:0, note the port, close.
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    const run = runTask(dir, { source: true, simulate: '2', s3Endpoint: `http://127.0.0.1:${port}` });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toThrow(`cannot reach the S3 endpoint http://127.0.0.1:${port}: nothing listens there (ECONNREFUSED); start the server or check the URL`);
  }, 60_000);
});
