import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { deterministicResolver, localResolver, renderTemplate, s3Location, s3PresignResolver } from '../../../templates/engine/index.ts';

describe('s3Location', () => {
  it.each([
    ['s3://bucket/key.jpg', { bucket: 'bucket', key: 'key.jpg' }],
    ['s3://bucket/a/b c/ü.png', { bucket: 'bucket', key: 'a/b c/ü.png' }],
    ['https://s3.amazonaws.com/bucket/a/b%20c.png', { bucket: 'bucket', key: 'a/b c.png' }],
    ['https://s3.us-west-2.amazonaws.com/bucket/k?x=1', { bucket: 'bucket', key: 'k' }],
    ['https://s3-eu-west-1.amazonaws.com/bucket/k', { bucket: 'bucket', key: 'k' }],
    // Review 43 F4: the A2I Textract and Rekognition templates build http:// path-style URLs.
    ['http://s3.amazonaws.com/my-bucket/docs/invoice.png', { bucket: 'my-bucket', key: 'docs/invoice.png' }],
    ['http://s3.us-east-1.amazonaws.com/bucket/a%20b.png', { bucket: 'bucket', key: 'a b.png' }],
  ])('%s', (uri, expected) => expect(s3Location(uri)).toEqual(expected));

  it.each([['s3://bucket'], ['s3://bucket/'], ['s3:///key'], ['https://example.com/bucket/key'], ['http://example.com/bucket/key'], ['ftp://s3.amazonaws.com/bucket/key'], ['https://s3.amazonaws.com/bucket/%E0%A4%A'], [''], ['S3 is a service'], ['s3://' + 'b'.repeat(10) + ' /k']])('not an S3 object: %j', (uri) => {
    expect(s3Location(uri)).toBeUndefined();
  });
});

describe('http:// path-style URLs are presigned like https:// (review 43 F4)', () => {
  it('the A2I capture pattern gets an https presigned URL', async () => {
    const t = '{% capture s3_arn %}http://s3.amazonaws.com/{{ task.input.bucket }}/{{ task.input.name }}{% endcapture %}<img src="{{ s3_arn | grant_read_access }}">';
    expect(await renderTemplate(t, { bucket: 'my-bucket', name: 'docs/invoice.png' })).toBe(
      '<img src="https://s3.amazonaws.com/my-bucket/docs/invoice.png?X-Amz-Expires=3600&amp;X-Amz-Signature=gtkit-test">',
    );
    expect(await renderTemplate('{{ task.input.u | s3_presign }}', { u: 'http://s3.amazonaws.com/b/k.png' }, { resolver: localResolver() })).toBe('/__s3/b/k.png');
  });
});

describe('deterministicResolver (tests)', () => {
  it('gives the same presigned-looking URL for the same URI, and different ones for different URIs', () => {
    const r = deterministicResolver();
    expect(r.resolve('s3://b/a b/c.jpg')).toBe('https://s3.amazonaws.com/b/a%20b/c.jpg?X-Amz-Expires=3600&X-Amz-Signature=gtkit-test');
    expect(r.resolve('s3://b/a b/c.jpg')).toBe(r.resolve('s3://b/a b/c.jpg'));
    expect(r.resolve('s3://b/x')).not.toBe(r.resolve('s3://b/y'));
    expect(deterministicResolver('http://127.0.0.1:9/').resolve('s3://b/k')).toBe('http://127.0.0.1:9/b/k?X-Amz-Expires=3600&X-Amz-Signature=gtkit-test');
  });

  it('passes through what is not an S3 object', () => {
    for (const uri of ['https://example.com/x.png', 'data:image/png;base64,AAAA', 's3://bucket-only', '../relative.png']) expect(deterministicResolver().resolve(uri)).toBe(uri);
  });
});

describe('localResolver (preview)', () => {
  it('maps s3://bucket/key to /__s3/bucket/key, encoding each segment', () => {
    const r = localResolver();
    expect(r.resolve('s3://my-bucket/images/cat 1#.jpg')).toBe('/__s3/my-bucket/images/cat%201%23.jpg');
    expect(localResolver('/files').resolve('s3://b/k')).toBe('/files/b/k');
  });

  it('never produces a path that climbs out of the prefix', () => {
    const url = localResolver().resolve('s3://b/../../etc/passwd') as string;
    expect(url).toBe('/__s3/b/..%2F..%2Fetc%2Fpasswd');
    expect(new URL(url, 'http://127.0.0.1').pathname.startsWith('/__s3/')).toBe(true);
  });
});

// A bucket is any text without / or whitespace to s3Location: it was written with encodeURIComponent,
// which keeps ' ( ), so "a presigned URL holds no '" did not hold and an attribute could be
// broken out of in the preview (helper 94, F3).
describe('the bucket is encoded like a key segment, so no resolver writes a quote', () => {
  const uri = "s3://x'onerror='alert(1)/k";
  it.each([
    ['deterministic', deterministicResolver(), "https://s3.amazonaws.com/x%27onerror%3D%27alert%281%29/k?X-Amz-Expires=3600&X-Amz-Signature=gtkit-test"],
    ['local', localResolver(), '/__s3/x%27onerror%3D%27alert%281%29/k'],
  ])('%s', async (_, resolver, url) => {
    expect(resolver.resolve(uri)).toBe(url);
    expect(await renderTemplate("<img src='{{ task.input.u | grant_read_access | skip_autoescape }}'>", { u: uri }, { resolver })).toBe(`<img src='${url}'>`);
  });
});

describe('s3PresignResolver (real presigned URLs, injectable client)', () => {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });

  it('signs a GET for the object with SigV4, valid for the given time', async () => {
    const url = new URL(await s3PresignResolver(client, 900).resolve('s3://gtkit-samples/images/cat 1.jpg'));
    expect(url.hostname).toMatch(/^gtkit-samples\.s3\.(us-east-1\.)?amazonaws\.com$/);
    expect(decodeURIComponent(url.pathname)).toBe('/images/cat 1.jpg');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\//);
  });

  it('signs for a local S3 endpoint too (path style)', async () => {
    const local = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4569', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const url = await s3PresignResolver(local).resolve('s3://bucket/k.png');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4569\/bucket\/k\.png\?.*X-Amz-Signature=[0-9a-f]{64}/);
  });

  it('renders into a template, escaped for the attribute', async () => {
    const html = await renderTemplate('<img src="{{ task.input.taskObject | grant_read_access }}">', { taskObject: 's3://gtkit-b/k.jpg' }, { resolver: s3PresignResolver(client) });
    expect(html).toMatch(/^<img src="https:\/\/gtkit-b\.s3\.[a-z0-9.-]*amazonaws\.com\/k\.jpg\?X-Amz-Algorithm=AWS4-HMAC-SHA256&amp;/);
  });

  it('passes other URIs through, rejects without credentials, and refuses a bad lifetime', async () => {
    expect(await s3PresignResolver(client).resolve('https://example.com/x')).toBe('https://example.com/x');
    const noCredentials = new S3Client({ region: 'us-east-1', credentials: () => Promise.reject(new Error('Could not load credentials from any providers')) });
    await expect(s3PresignResolver(noCredentials).resolve('s3://b/k')).rejects.toThrow('Could not load credentials');
    for (const bad of [0, -1, 1.5, 7 * 24 * 3600 + 1, Number.NaN]) expect(() => s3PresignResolver(client, bad)).toThrow(RangeError);
  });
});
