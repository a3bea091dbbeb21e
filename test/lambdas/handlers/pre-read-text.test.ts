import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidDataObjectError, LocalObjectStore, MemoryObjectStore, preHandler, type ObjectStore } from '../../../lambdas/index.ts';
import { maxTextBytes, readObjectText, withLocalDataRoot } from '../../../lambdas/handlers/pre-read-text.ts';
import { buildPreEvent, createLambdaContext, invokeHandler, invokePre, silentLogger } from '../../../lambdas/testing/index.ts';
import { rejected } from '../../helpers/errors.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

// readFile watched, to show which reads never happen; it still reads.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readFile: vi.fn(actual.readFile) };
});

const temp = useTempRoot('gtkit-pre-text-');

/** Writes `s3://bucket/key`'s local copy under `root` as `<root>/<bucket>/<key>`. */
async function putLocal(root: string, uri: string, body: string | Uint8Array): Promise<void> {
  const file = join(root, uri.slice('s3://'.length));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, body);
}

/** A PRE that shows workers the text of the line's source-ref object. */
const textPre = (options: Parameters<typeof preHandler>[1] = {}) =>
  preHandler<{ text: string }>(async (line, { readText }) => ({ taskInput: { text: await readText(line['source-ref'] ?? '') } }), { logger: silentLogger, ...options });

describe('readText on the PRE context', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads an object as UTF-8 text from the injected store', async () => {
    const store = new MemoryObjectStore({ 's3://docs/doc-17.txt': 'Ada Lovelace wrote to Babbage.' });
    const response = await invokePre(textPre({ store }), buildPreEvent({ 'source-ref': 's3://docs/doc-17.txt' }));
    expect(response).toEqual({ taskInput: { text: 'Ada Lovelace wrote to Babbage.' }, isHumanAnnotationRequired: true });
  });

  it('drops a byte-order mark (it would shift every offset by one) and keeps CRLF line ends byte for byte', async () => {
    const root = join(temp.path, 'bom');
    await putLocal(root, 's3://docs/bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoë\r\nline two\r\n')]));
    const text = await readObjectText(new LocalObjectStore(root), 's3://docs/bom.txt');
    expect(text).toBe('Zoë\r\nline two\r\n');
  });

  it('reads an empty object as empty text', async () => {
    const root = join(temp.path, 'empty');
    await putLocal(root, 's3://docs/empty.txt', '');
    expect(await readObjectText(new LocalObjectStore(root), 's3://docs/empty.txt')).toBe('');
  });

  it('reads a key with spaces and non-ASCII letters as written (not URL-decoded)', async () => {
    const root = join(temp.path, 'unicode');
    await putLocal(root, 's3://docs/Zoë files/résumé 2024 (final).txt', 'ok');
    expect(await readObjectText(new LocalObjectStore(root), 's3://docs/Zoë files/résumé 2024 (final).txt')).toBe('ok');
  });

  it('refuses an object that is not UTF-8, naming the URI, the byte and its offset', async () => {
    const root = join(temp.path, 'latin1');
    await putLocal(root, 's3://docs/latin1.txt', Buffer.from('Caf\xe9 au lait', 'latin1'));
    const error = await rejected(readObjectText(new LocalObjectStore(root), 's3://docs/latin1.txt'), InvalidDataObjectError);
    expect(error.message).toBe('readText: s3://docs/latin1.txt is not UTF-8 text (byte 0xE9 at offset 3 does not decode); save the file as UTF-8 and upload it again');
  });

  it('refuses overlong forms and UTF-16 surrogates encoded as UTF-8 (both decode to other text elsewhere)', async () => {
    const store = { getText: async () => '', putText: async () => undefined, getBytes: async (uri: string) => (uri.endsWith('a') ? Uint8Array.from([0x61, 0xc0, 0xaf]) : Uint8Array.from([0x61, 0x62, 0xed, 0xa0, 0x80])) } satisfies ObjectStore;
    expect((await rejected(readObjectText(store, 's3://b/a'))).message).toMatch(/byte 0xC0 at offset 1/);
    expect((await rejected(readObjectText(store, 's3://b/b'))).message).toMatch(/byte 0xED at offset 2/);
  });

  it('refuses a 20 MB object from its size, before reading it, as too large for a task input', async () => {
    const root = join(temp.path, 'big');
    await putLocal(root, 's3://docs/big.txt', Buffer.alloc(20 * 1024 * 1024, 0x61));
    const store = new LocalObjectStore(root);
    vi.mocked(readFile).mockClear();
    const error = await rejected(readObjectText(store, 's3://docs/big.txt'), InvalidDataObjectError);
    expect(error.message).toBe(
      `readText: s3://docs/big.txt is 20971520 bytes, over the ${maxTextBytes} bytes a PRE response can carry (Lambda's 6 MB limit); split the document into smaller objects`,
    );
    // Without the size check up front, readFile would read all 20 MB and the check after it would say the same.
    expect(readFile).not.toHaveBeenCalled();
  });

  it('refuses text that fits as bytes but not once JSON escapes it (control characters)', async () => {
    const store = new MemoryObjectStore({ 's3://docs/ctl.txt': '\u0001'.repeat(2 * 1024 * 1024) });
    const error = await rejected(readObjectText(store, 's3://docs/ctl.txt'), InvalidDataObjectError);
    expect(error.message).toMatch(/^readText: s3:\/\/docs\/ctl.txt holds 2097152 bytes of text, 12582914 once written as JSON, over the 6291456 bytes/);
  });

  it('a store without getBytes is read through getText', async () => {
    const store: ObjectStore = { getText: async () => 'plain', putText: async () => undefined };
    expect(await readObjectText(store, 's3://b/k.txt')).toBe('plain');
  });

  it('a missing object is an InvalidDataObjectError naming the URI: fails by default, skipped under onInvalidDataObject "skip"', async () => {
    const store = new MemoryObjectStore();
    const failing = await rejected(invokeHandler(textPre({ store }), buildPreEvent({ 'source-ref': 's3://docs/gone.txt' })));
    expect(failing.message).toBe(
      'invalid data object: readText: s3://docs/gone.txt does not exist (could not read s3://docs/gone.txt: the object does not exist); check the URI in the manifest line, or upload the object',
    );
    expect(failing.cause).toBeInstanceOf(InvalidDataObjectError);
    const skipped = await invokePre(textPre({ store, onInvalidDataObject: 'skip' }), buildPreEvent({ 'source-ref': 's3://docs/gone.txt' }));
    expect(skipped.isHumanAnnotationRequired).toBe(false);
    expect(skipped.taskInput).toEqual({ gtkitSkipped: { reason: expect.stringMatching(/^readText: s3:\/\/docs\/gone.txt does not exist/) } });
  });

  it('refuses what is not an s3://bucket/key URI: a local path or file:// would read the machine running the dry run', async () => {
    const root = join(temp.path, 'paths');
    await putLocal(root, 's3://docs/a.txt', 'a');
    const store = new LocalObjectStore(root);
    for (const [uri, why] of [
      ['/etc/passwd', 'not an S3 URI (expected s3://bucket/key)'],
      ['file:///etc/passwd', 'not an S3 URI (expected s3://bucket/key)'],
      ['https://docs.s3.amazonaws.com/a.txt', 'not an S3 URI (expected s3://bucket/key)'],
      ['s3://docs', 'the URI names a bucket but no object key (s3://bucket/key)'],
      ['', 'not an S3 URI (expected s3://bucket/key)'],
    ] as const) {
      const error = await rejected(readObjectText(store, uri), InvalidDataObjectError);
      expect(error.message).toBe(`readText: cannot read ${JSON.stringify(uri)}: ${why}`);
    }
    await expect(readObjectText(store, 's3://docs/../../x')).rejects.toThrow(/a key with a "." or ".." segment/);
    await expect(readObjectText(store, undefined)).rejects.toThrow(new TypeError('readText: expected an S3 URI (s3://bucket/key) as a string, got undefined'));
  });

  it('no access is the deployment\'s problem, not the line\'s: it fails even under "skip", saying which grants are needed', async () => {
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const s3Client = { send: vi.fn(async () => Promise.reject(denied)) };
    const error = await rejected(invokeHandler(textPre({ s3Client: s3Client as never, onInvalidDataObject: 'skip' }), buildPreEvent({ 'source-ref': 's3://docs/a.txt' })));
    expect(error).not.toBeInstanceOf(InvalidDataObjectError);
    expect(error.message).toMatch(/^readText: access denied to s3:\/\/docs\/a.txt: the PRE Lambda's role needs s3:GetObject on it and s3:ListBucket on its bucket/);
    expect(s3Client.send).toHaveBeenCalledTimes(1);
  });

  it('a bucket that does not exist is the line\'s problem (its URI), so "skip" applies', async () => {
    const noBucket = Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    const s3Client = { send: async () => Promise.reject(noBucket) };
    const skipped = await invokePre(textPre({ s3Client: s3Client as never, onInvalidDataObject: 'skip' }), buildPreEvent({ 'source-ref': 's3://typo-bucket/a.txt' }));
    expect(skipped.taskInput).toEqual({ gtkitSkipped: { reason: 'readText: s3://typo-bucket/a.txt: its bucket does not exist; check the URI in the manifest line' } });
  });

  it('reads the local data folder gtkit puts on the context, before GTKIT_LOCAL_S3_ROOT, and names the missing copy', async () => {
    const root = join(temp.path, 'task-s3');
    await putLocal(root, 's3://docs/a.txt', 'from the task');
    const other = join(temp.path, 'run-s3');
    await putLocal(other, 's3://docs/a.txt', 'from the run');
    vi.stubEnv('GTKIT_LOCAL_S3_ROOT', other);
    const context = withLocalDataRoot(createLambdaContext(), root);
    expect((await invokePre(textPre(), buildPreEvent({ 'source-ref': 's3://docs/a.txt' }), context)).taskInput).toEqual({ text: 'from the task' });
    // The same handler called without gtkit's folder reads GTKIT_LOCAL_S3_ROOT, as the ACS does.
    expect((await invokePre(textPre(), buildPreEvent({ 'source-ref': 's3://docs/a.txt' }))).taskInput).toEqual({ text: 'from the run' });
    const missing = await rejected(invokeHandler(textPre(), buildPreEvent({ 'source-ref': 's3://docs/b c.txt' }), withLocalDataRoot(createLambdaContext(), root)));
    expect(missing.message).toBe(
      `invalid data object: readText: s3://docs/b c.txt does not exist (could not read s3://docs/b c.txt (${join(root, 'docs', 'b c.txt')}): no such file); ` +
        `gtkit reads s3://<bucket>/<key> here from the task's local copy ${root}/<bucket>/<key>: put the file there, or fix the URI`,
    );
    const viaEnv = await rejected(invokeHandler(textPre(), buildPreEvent({ 'source-ref': 's3://docs/b c.txt' })));
    expect(viaEnv.message).toMatch(
      `gtkit reads s3://<bucket>/<key> here from GTKIT_LOCAL_S3_ROOT (the folder standing in for S3) ${other}/<bucket>/<key>: put the file there, or fix the URI`,
    );
  });

  // Review 68: S3 keeps `a//b`, `dir/` and `..` keys apart (and answers "no such key" for most);
  // a local folder cannot hold them, and refusing them failed the whole run even under 'skip'.
  it('a key a local folder cannot hold is the line\'s problem, as on S3: skipped under skip', async () => {
    const root = join(temp.path, 'odd-keys');
    await putLocal(root, 's3://docs/a.txt', 'hello');
    for (const uri of ['s3://docs//a.txt', 's3://docs/x/../a.txt', 's3://docs/dir/']) {
      const error = await rejected(readObjectText(new LocalObjectStore(root), uri));
      expect(error, uri).toBeInstanceOf(InvalidDataObjectError);
      expect(error.message, uri).toContain(uri);
    }
    const skipped = await invokePre(textPre({ onInvalidDataObject: 'skip' }), buildPreEvent({ 'source-ref': 's3://docs//a.txt' }), withLocalDataRoot(createLambdaContext(), root));
    expect(skipped.isHumanAnnotationRequired).toBe(false);
  });

  // Review 81: S3 answers "no such key" for each of these; locally they failed the whole run, even under 'skip'.
  it('a folder in the key\'s place, a NUL character or a file name too long for a folder: the line\'s problem, skipped under skip', async () => {
    const root = join(temp.path, 'hostile-keys');
    await putLocal(root, 's3://docs/folder/inside.txt', 'x');
    const cases = [
      ['s3://docs/folder', /^readText: s3:\/\/docs\/folder does not exist \(could not read .*: a folder, not a file\); gtkit reads/],
      ['s3://docs/a\u0000b.txt', /^readText: refusing s3:\/\/docs\/a\u0000b\.txt: a key with a NUL character cannot be a file name in a local folder; check the URI/],
      [`s3://docs/${'n'.repeat(300)}.txt`, /: a file name in its key is too long for a local folder \(most file systems take 255 bytes\); check the URI/],
    ] as const;
    for (const [uri, reason] of cases) {
      const skipped = await invokePre(textPre({ onInvalidDataObject: 'skip' }), buildPreEvent({ 'source-ref': uri }), withLocalDataRoot(createLambdaContext(), root));
      expect(skipped.isHumanAnnotationRequired, uri).toBe(false);
      expect((skipped.taskInput as { gtkitSkipped: { reason: string } }).gtkitSkipped.reason, uri).toMatch(reason);
    }
  });

  it('the data folder on the context is invisible to JSON and to a spread of the context', () => {
    const context = withLocalDataRoot(createLambdaContext(), '/task/s3');
    expect(JSON.stringify(context)).not.toContain('/task/s3');
    // Symbol keys never show in Object.keys or JSON; a spread copies them when enumerable.
    expect(Object.getOwnPropertySymbols({ ...context })).toEqual([]);
    expect(Object.getOwnPropertySymbols(context)).toHaveLength(1);
  });

  it('checks the store and s3Client options when the handler is built', () => {
    expect(() => preHandler(() => ({ taskInput: {} }), { store: {} as never })).toThrow(new TypeError('preHandler: options.store: expected an object store { getText }, got an object without getText'));
    expect(() => preHandler(() => ({ taskInput: {} }), { s3Client: 'client' as never })).toThrow(/^preHandler: options.s3Client: expected an S3Client, got /);
    expect(() => preHandler(() => ({ taskInput: {} }), { stores: {} } as never)).toThrow(/options.stores.*did you mean "store"/);
  });
});
