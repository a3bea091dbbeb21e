import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, encodePng, toBase64 } from '../../../lambdas/consolidation/segmentation/png.ts';
import { ObjectWriteError } from '../../../lambdas/contracts/errors.ts';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { MemoryObjectStore } from '../../../lambdas/io/memory-store.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { maskUri } from '../../../lambdas/task-types/mask-output.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, silentLogger } from '../../../lambdas/testing/index.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';

const labels = ['cat', 'dog'];
const outputConfig = 's3://gt/output/pets/annotations';
const payloadUri = `${outputConfig}/consolidated-annotation/consolidation-request/iteration-1/2026-11-23_00:00:00.json`;
const width = 32;
const height = 24;

/** A worker's answer: `cat` painted over columns [left, left + 12), rows 4–16; the rest transparent. */
function answer(left: number) {
  const data = new Uint8Array(width * height * 4);
  for (let y = 4; y < 16; y++) for (let x = left; x < left + 12; x++) data.set([0x1f, 0x77, 0xb4, 255], (y * width + x) * 4);
  return { annotatedResult: { inputImageProperties: { width, height }, labelMappings: { cat: { color: '#1f77b4' } }, labeledImage: { pngImageData: toBase64(encodePng({ width, height, data })) } } };
}

function payload(ids: string[]) {
  return JSON.stringify(buildAcsPayload(ids.map((id) => ({ datasetObjectId: id, answers: [4, 4, 6].map((left, w) => ({ workerId: `w${w}`, answer: answer(left) })) }))));
}

function handler(store: MemoryObjectStore) {
  return acsHandler({ store, logger: silentLogger, ...taskConsolidation('semantic-segmentation', { algorithm: 'pixel-vote', labels }) });
}

type Content = Record<string, unknown>;
const contentOf = (entry: { consolidatedAnnotation: { content: Content } } | undefined) => entry?.consolidatedAnnotation.content as Content;

describe('the semantic-segmentation ACS', () => {
  it("writes each object's consolidated mask under <outputConfig>/gtkit-masks/ and returns its S3 URI as the label, with the built-in metadata", async () => {
    const store = new MemoryObjectStore({ [payloadUri]: payload(['0', '1']) });
    const response = await invokeAcs(handler(store), buildAcsEvent({ payloadUri, labelAttributeName: 'pets', outputConfig }), ['0', '1']);
    const content = contentOf(response[0]);
    expect(content.pets).toBe(`${outputConfig}/gtkit-masks/0.png`);
    const metadata = content['pets-metadata'] as { type: string; 'internal-color-map': Record<string, { 'class-name': string; 'hex-color': string; confidence: number }> };
    expect(metadata.type).toBe('groundtruth/semantic-segmentation');
    expect(metadata['internal-color-map']['0']?.['class-name']).toBe('BACKGROUND');
    expect(Object.values(metadata['internal-color-map']).map((c) => c['class-name'])).toContain('cat');
    // The PNG is there, of the image's size, and the majority's region is cat.
    const image = decodePng((await store.getBytes(`${outputConfig}/gtkit-masks/0.png`)) as Uint8Array);
    expect([image.width, image.height]).toEqual([width, height]);
    const cat = metadata['internal-color-map'][String(Object.values(metadata['internal-color-map']).findIndex((c) => c['class-name'] === 'cat'))]?.['hex-color'] as string;
    const at = (x: number, y: number) => `#${[...image.data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    expect(at(10, 10)).toBe(cat);
    expect(at(30, 20)).not.toBe(cat);
    // The response holds the URI, never the pixels.
    expect(JSON.stringify(response).length).toBeLessThan(2000);
  });

  it('a batch sent again overwrites its masks, one per object; any datasetObjectId stays one key under the folder', async () => {
    const ids = ['0', 'a/b', '..', 'ü ?#'];
    const store = new MemoryObjectStore({ [payloadUri]: payload(ids) });
    const event = buildAcsEvent({ payloadUri, labelAttributeName: 'pets', outputConfig });
    await invokeAcs(handler(store), event, ids);
    const response = await invokeAcs(handler(store), event, ids);
    const written = await store.list(`${outputConfig}/gtkit-masks/`);
    expect(written).toHaveLength(ids.length);
    expect(response.map((e) => contentOf(e).pets)).toEqual(ids.map((id) => maskUri(outputConfig, id)));
    for (const uri of written) expect(uri.slice(`${outputConfig}/gtkit-masks/`.length)).toMatch(/^[^/]+\.png$/);
  });

  it('an event without outputConfig fails each object with the fix, keeping its answers; nothing is written', async () => {
    const store = new MemoryObjectStore({ [payloadUri]: payload(['0']) });
    const event = { ...buildAcsEvent({ payloadUri, labelAttributeName: 'pets' }), outputConfig: undefined };
    const response = await invokeAcs(handler(store), JSON.parse(JSON.stringify(event)), ['0']);
    const failure = contentOf(response[0]).pets as { consolidationError: string; rawAnnotations: unknown[] };
    expect(failure.consolidationError).toMatch(/^the event has no outputConfig, so the consolidated mask has nowhere to be written .*give a hand-made event an outputConfig/);
    expect(failure.rawAnnotations).toHaveLength(3);
    expect(store.binary.size).toBe(0);
  });

  it('a mask the store refuses fails that object alone, naming the URI and the permission', async () => {
    const store = new MemoryObjectStore({ [payloadUri]: payload(['0', '1']) });
    const put = store.putBytes.bind(store);
    store.putBytes = async (uri, bytes) => {
      if (uri.endsWith('/1.png')) throw new ObjectWriteError(`could not write ${uri}: access denied — give the writing role s3:PutObject on it`, uri, { reason: 'access denied — give the writing role s3:PutObject on it' });
      return put(uri, bytes);
    };
    const response = await invokeAcs(handler(store), buildAcsEvent({ payloadUri, labelAttributeName: 'pets', outputConfig }), ['0', '1']);
    expect(contentOf(response[0]).pets).toBe(`${outputConfig}/gtkit-masks/0.png`);
    expect((contentOf(response[1]).pets as { consolidationError: string }).consolidationError).toBe(`could not write the consolidated mask to ${outputConfig}/gtkit-masks/1.png: access denied — give the writing role s3:PutObject on it`);
  });
});

describe('the semantic-segmentation ACS against an S3-protocol server', () => {
  const bucket = 'gtkit-test-bucket';
  const s3Output = `s3://${bucket}/output/pets/annotations`;
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3([bucket]);
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'output/pets/annotations/request.json', Body: payload(['0']) }));
  });
  afterAll(async () => s3.close());

  it('puts the PNG into the bucket as image/png, byte for byte a PNG of the image size', async () => {
    const acs = acsHandler({ s3Client: s3.client, logger: silentLogger, ...taskConsolidation('semantic-segmentation', { algorithm: 'pixel-vote', labels }) });
    const response = await invokeAcs(acs, buildAcsEvent({ payloadUri: `${s3Output}/request.json`, labelAttributeName: 'pets', outputConfig: s3Output }), ['0']);
    expect(contentOf(response[0]).pets).toBe(`${s3Output}/gtkit-masks/0.png`);
    const object = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'output/pets/annotations/gtkit-masks/0.png' }));
    expect(object.ContentType).toBe('image/png');
    const image = decodePng(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    expect([image.width, image.height]).toEqual([width, height]);
  });
});
