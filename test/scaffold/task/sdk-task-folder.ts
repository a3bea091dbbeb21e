import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';
import { runningGtkitRoot } from '../../../scaffold/build/resolve-gtkit.ts';

/**
 * A handler that reads `s3://<event.bucket>/<event.key>` with its own S3Client (as handlers written
 * to AWS's samples do), in each module format a task may use. The event carries the endpoint, so
 * the same source runs against s3rver from source, from a bundle and in a separate process.
 */
const esm = `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
const client = (event) => new S3Client({ region: 'us-east-1', endpoint: event.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
export const handler = async (event) => {
  const got = await client(event).send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));
  return { body: await got.Body.transformToString(), own: S3Client.ownMarker ?? null };
};
`;

const ts = `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
interface ReadEvent { endpoint: string; bucket: string; key: string }
const client = (event: ReadEvent): S3Client => new S3Client({ region: 'us-east-1', endpoint: event.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
export const handler = async (event: ReadEvent): Promise<{ body: string; own: string | null }> => {
  const got = await client(event).send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));
  return { body: (await got.Body?.transformToString()) ?? '', own: (S3Client as unknown as { ownMarker?: string }).ownMarker ?? null };
};
`;

const cjs = `const { GetObjectCommand, S3Client } = require('@aws-sdk/client-s3');
const client = (event) => new S3Client({ region: 'us-east-1', endpoint: event.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
exports.handler = async (event) => {
  const got = await client(event).send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));
  return { body: await got.Body.transformToString(), own: S3Client.ownMarker ?? null };
};
`;

export const s3ReadingHandlers = { 'acs.mjs': esm, 'acs.ts': ts, 'acs.cjs': cjs } as const;

/**
 * A task folder at `dir` (outside this repository) holding `files`, with nothing in
 * `node_modules` but the `gtkit` link `gtkit init` makes: no AWS SDK of its own.
 */
export async function sdkTaskFolder(dir: string, files: Record<string, string>, options: { type?: 'module' | 'commonjs' } = {}): Promise<string> {
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(runningGtkitRoot, join(dir, 'node_modules', 'gtkit'), 'dir');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'sdk-task', private: true, type: options.type ?? 'module' }));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/**
 * A tiny stand-in `@aws-sdk/client-s3` in the task folder (a team pinning its own SDK): its
 * S3Client carries `ownMarker` and answers every GetObject with `own:<key>`, for ESM and CommonJS.
 */
export async function ownFakeClientS3(dir: string, marker = 'TASK-OWN-SDK'): Promise<void> {
  const pkg = join(dir, 'node_modules', '@aws-sdk', 'client-s3');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@aws-sdk/client-s3', version: '3.0.0-own', exports: { '.': { import: './index.mjs', require: './index.cjs' } }, main: './index.cjs', module: './index.mjs' }));
  const body = (exportWord: string) => `class S3Client {
  static ownMarker = ${JSON.stringify(marker)};
  async send(command) { return { Body: { transformToString: async () => 'own:' + command.input.Key } }; }
}
class GetObjectCommand { constructor(input) { this.input = input; } }
${exportWord}
`;
  await writeFile(join(pkg, 'index.mjs'), body('export { S3Client, GetObjectCommand };'));
  await writeFile(join(pkg, 'index.cjs'), body('module.exports = { S3Client, GetObjectCommand };'));
}

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));

export type LoadOutcome = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Loads handlers in a plain Node process started in `cwd` (gtkit's TypeScript loader registered,
 * as `bin/gtkit.js` does) and calls each with `event`: `files` from source, as `gtkit run --source`
 * and the preview load them, and with `taskDir` the task's PRE from its bundle, as `gtkit run` does.
 */
export async function loadInNode(cwd: string, request: { files?: string[]; taskDir?: string; event: unknown }): Promise<Record<string, LoadOutcome>> {
  // tsx alone, as bin/gtkit.js registers it: not register.js, which lends the SDK itself and would hide a loader that does not.
  const { stdout } = await run(process.execPath, ['--import', import.meta.resolve('tsx/esm'), join(repo, 'test', 'scaffold', 'task', 'load-in-node.child.ts'), JSON.stringify(request)], {
    cwd,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return JSON.parse(stdout) as Record<string, LoadOutcome>;
}

/**
 * An s3rver for the describe block it is called in, holding `s3://sdk-bucket/payload.json`, and
 * the event that makes an S3-reading handler read it.
 */
export function useSdkBucket(): { readEvent(): { endpoint: string; bucket: string; key: string } } {
  let s3: LocalS3 | undefined;
  beforeAll(async () => {
    s3 = await startLocalS3(['sdk-bucket']);
    await s3.client.send(new PutObjectCommand({ Bucket: 'sdk-bucket', Key: 'payload.json', Body: '{"answers":[]}' }));
  }, 60_000);
  afterAll(async () => {
    await s3?.close();
  });
  return {
    readEvent: () => {
      if (!s3) throw new Error('useSdkBucket: the bucket is not up yet (read the event inside a test)');
      return { endpoint: s3.endpoint, bucket: 'sdk-bucket', key: 'payload.json' };
    },
  };
}
