import { afterEach, describe, expect, it, vi } from 'vitest';

// Review 69: a local runner without the AWS SDK got Node's bare "Cannot find package" with no URI.
vi.mock('@aws-sdk/client-s3', () => {
  throw new Error("Cannot find package '@aws-sdk/client-s3' imported from /var/task/index.mjs");
});

describe('readText without the AWS SDK', () => {
  // In afterEach, so that a failed assertion does not leave the variable stubbed for what runs next.
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('names the URI it was reading and what to do', async () => {
    vi.stubEnv('GTKIT_LOCAL_S3_ROOT', '');
    const { preHandler } = await import('../../../lambdas/handlers/pre.ts');
    const { buildPreEvent, invokeHandler, silentLogger } = await import('../../../lambdas/testing/index.ts');
    const handler = preHandler(async (line, { readText }) => ({ taskInput: { text: await readText(String(line['source-ref'])) } }), { logger: silentLogger });
    const error = await invokeHandler(handler, buildPreEvent({ 'source-ref': 's3://docs/a.txt' })).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^readText: cannot load the AWS SDK to read s3:\/\/docs\/a\.txt \(.+\); Lambda's Node\.js runtime provides it: to run this PRE elsewhere, install @aws-sdk\/client-s3, or point GTKIT_LOCAL_S3_ROOT at a folder of local copies$/);
  });
});
