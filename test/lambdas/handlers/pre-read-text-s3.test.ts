import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidDataObjectError, preHandler } from '../../../lambdas/index.ts';
import { S3ObjectStore } from '../../../lambdas/io/s3-store.ts';
import { ObjectTooLargeError } from '../../../lambdas/io/object-store.ts';
import { maxTextBytes } from '../../../lambdas/handlers/pre-read-text.ts';
import { namedEntity, withSourceText } from '../../../lambdas/task-types/index.ts';
import { buildPreEvent, invokeHandler, invokePre, silentLogger } from '../../../lambdas/testing/index.ts';
import { rejected } from '../../helpers/errors.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';

const bucket = 'gt-docs';

/** The scaffolded named-entity PRE, with the S3 client of a real S3-protocol server. */
const nerPre = (client: S3Client, onInvalidDataObject: 'fail' | 'skip' = 'fail') =>
  preHandler(async (line, { readText }) => ({ taskInput: namedEntity.buildTaskInput(await withSourceText(line, readText), [{ label: 'person' }]) }), {
    s3Client: client,
    logger: silentLogger,
    onInvalidDataObject,
  });

describe('readText against an S3-protocol server (s3rver)', () => {
  let s3: LocalS3;
  const put = (key: string, body: string | Uint8Array) => s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

  beforeAll(async () => {
    s3 = await startLocalS3([bucket]);
    await put('docs/doc-17.txt', 'Ada Lovelace wrote to Charles Babbage.');
    await put('docs/Zoë notes/été 2024 #1.txt', 'Zoë met Ada.');
    await put('docs/bom-crlf.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Ada\r\nBabbage\r\n')]));
    await put('docs/empty.txt', '');
    await put('docs/latin1.txt', Buffer.from('na\xefve', 'latin1'));
    await put('docs/big.txt', Buffer.alloc(20 * 1024 * 1024, 0x61));
  }, 60_000);
  afterAll(async () => s3?.close());

  it('a named-entity line with source-ref gets the object\'s text as its taskObject; a line with source works as before', async () => {
    const pre = nerPre(s3.client);
    const fromS3 = await invokePre(pre, buildPreEvent({ 'source-ref': `s3://${bucket}/docs/doc-17.txt`, channel: 'mail' }));
    expect(fromS3.taskInput).toEqual({ taskObject: 'Ada Lovelace wrote to Charles Babbage.', labels: [{ label: 'person' }] });
    const inline = await invokePre(pre, buildPreEvent({ source: 'Inline text.' }));
    expect(inline.taskInput).toEqual({ taskObject: 'Inline text.', labels: [{ label: 'person' }] });
  });

  it('reads a key with spaces, non-ASCII letters and a # as written', async () => {
    const response = await invokePre(nerPre(s3.client), buildPreEvent({ 'source-ref': `s3://${bucket}/docs/Zoë notes/été 2024 #1.txt` }));
    expect(response.taskInput.taskObject).toBe('Zoë met Ada.');
  });

  // Review of the whole change: readText took a key with a line break, the S3 store's parser did
  // not, and its plain Error failed the whole invocation even under "skip".
  it('a key with a line break is read as written; missing, it is the line\'s problem, skipped under "skip"', async () => {
    await put('docs/two\nlines.txt', 'Ada.');
    expect((await invokePre(nerPre(s3.client), buildPreEvent({ 'source-ref': `s3://${bucket}/docs/two\nlines.txt` }))).taskInput.taskObject).toBe('Ada.');
    const skipped = await invokePre(nerPre(s3.client, 'skip'), buildPreEvent({ 'source-ref': `s3://${bucket}/docs/no\nsuch.txt` }));
    expect(skipped.isHumanAnnotationRequired).toBe(false);
  });

  it('drops the byte-order mark, keeps CRLF, and reads an empty object as empty text', async () => {
    const pre = nerPre(s3.client);
    expect((await invokePre(pre, buildPreEvent({ 'source-ref': `s3://${bucket}/docs/bom-crlf.txt` }))).taskInput.taskObject).toBe('Ada\r\nBabbage\r\n');
    expect((await invokePre(pre, buildPreEvent({ 'source-ref': `s3://${bucket}/docs/empty.txt` }))).taskInput.taskObject).toBe('');
  });

  it('a missing object fails the invocation naming the URI, or is skipped under "skip"', async () => {
    const uri = `s3://${bucket}/docs/missing.txt`;
    const error = await rejected(invokeHandler(nerPre(s3.client), buildPreEvent({ 'source-ref': uri })));
    expect(error.message).toBe(`invalid data object: readText: ${uri} does not exist (could not read ${uri}: the object does not exist); check the URI in the manifest line, or upload the object`);
    const skipped = await invokePre(nerPre(s3.client, 'skip'), buildPreEvent({ 'source-ref': uri }));
    expect(skipped.isHumanAnnotationRequired).toBe(false);
  });

  it('an object that is not UTF-8 is refused with the URI and the offending byte', async () => {
    const error = await rejected(invokeHandler(nerPre(s3.client), buildPreEvent({ 'source-ref': `s3://${bucket}/docs/latin1.txt` })));
    expect(error.cause).toBeInstanceOf(InvalidDataObjectError);
    expect(error.message).toBe(`invalid data object: readText: s3://${bucket}/docs/latin1.txt is not UTF-8 text (byte 0xEF at offset 2 does not decode); save the file as UTF-8 and upload it again`);
  });

  it('a 20 MB object is refused from its Content-Length, without downloading it', async () => {
    const error = await rejected(new S3ObjectStore(s3.client).getBytes(`s3://${bucket}/docs/big.txt`, maxTextBytes), ObjectTooLargeError);
    expect([error.bytes, error.maxBytes]).toEqual([20 * 1024 * 1024, maxTextBytes]);
    const viaPre = await rejected(invokeHandler(nerPre(s3.client), buildPreEvent({ 'source-ref': `s3://${bucket}/docs/big.txt` })));
    expect(viaPre.message).toMatch(new RegExp(`^invalid data object: readText: s3://${bucket}/docs/big.txt is 20971520 bytes, over the ${maxTextBytes} bytes a PRE response can carry`));
    // The connection was closed unread: the same client still serves the next read.
    expect((await invokePre(nerPre(s3.client), buildPreEvent({ 'source-ref': `s3://${bucket}/docs/doc-17.txt` }))).taskInput.taskObject).toMatch(/^Ada/);
  });

  it('the body of a too-large object is destroyed, never read', async () => {
    let destroyed = 0;
    const body = { destroy: () => destroyed++, transformToByteArray: () => Promise.reject(new Error('read the body')) };
    const client = { send: async () => ({ ContentLength: 20 * 1024 * 1024, Body: body }) } as unknown as S3Client;
    await rejected(new S3ObjectStore(client).getBytes('s3://b/big.txt', maxTextBytes), ObjectTooLargeError);
    expect(destroyed).toBe(1);
  });
});
