import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acsHandler, preHandler } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildPreEvent, invokeAcs, invokeHandler, silentLogger } from '../../../lambdas/testing/index.ts';
import { S3ObjectStore } from '../../../lambdas/io/s3-store.ts';
import { S3Client } from '@aws-sdk/client-s3';
import { rejected } from '../../helpers/errors.ts';

// walk130 #9: a handler test that forgot GTKIT_LOCAL_S3_ROOT and `store` got the SDK's bare
// "Region is missing", which names neither way out.
const handlerAdvice =
  'no AWS Region is set, so S3 cannot be reached; outside Lambda, point GTKIT_LOCAL_S3_ROOT at a folder of local copies laid out as <root>/<bucket>/<key>, ' +
  'or pass the handler a `store` (acsHandler({ store }), preHandler(fn, { store })); to read real S3, set AWS_REGION';

describe('a handler run outside Lambda with no Region, no local root and no store', () => {
  // No Region from the environment or a profile, as on a laptop without an AWS config.
  beforeEach(() => {
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'GTKIT_LOCAL_S3_ROOT', 'GTKIT_S3_ENDPOINT']) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/gtkit-test/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/gtkit-test/credentials');
  });
  // In afterEach, so that a failed assertion does not leave the variables stubbed for what runs next.
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('the ACS names both ways out, and reading real S3', async () => {
    const handler = acsHandler({ logger: silentLogger, consolidateObject: () => ({ label: 'x' }) });
    const uri = 's3://bucket/payloads/missing.json';
    await expect(invokeAcs(handler, buildAcsEvent({ payloadUri: uri }))).rejects.toThrow(`could not read ${uri}: ${handlerAdvice}`);
  });

  it("the PRE's readText says the same", async () => {
    const handler = preHandler(async (line, { readText }) => ({ taskInput: { text: await readText(String(line['source-ref'])) } }), { logger: silentLogger });
    await expect(invokeHandler(handler, buildPreEvent({ 'source-ref': 's3://docs/a.txt' }))).rejects.toThrow(`readText: could not read s3://docs/a.txt: ${handlerAdvice}`);
  });

  it('an S3ObjectStore made elsewhere (the CLI) names the Region alone', async () => {
    const error = await rejected(new S3ObjectStore(new S3Client({})).getText('s3://bucket/a.json'));
    expect((error as Error).message).toBe('could not read s3://bucket/a.json: no AWS Region is set, so S3 cannot be reached; set AWS_REGION, or give the S3Client a region');
  });
});
