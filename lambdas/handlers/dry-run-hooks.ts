import type { S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * How `gtkit run` points the unchanged, deployable ACS code at its local copy of S3. Neither
 * variable is ever set inside AWS Lambda, so deployed code always reads real S3. The root is
 * given, not a store: the ACS writes there, the PRE only reads (and so bundles only a reader).
 * - `GTKIT_LOCAL_S3_ROOT`: a folder laid out as `<root>/<bucket>/<key>`.
 * - `GTKIT_S3_ENDPOINT`: an S3-protocol endpoint (s3rver), with path-style addressing.
 */
export function dryRunRoot(): string | undefined {
  return process.env.GTKIT_LOCAL_S3_ROOT || undefined;
}

export function dryRunS3Config(): S3ClientConfig {
  const endpoint = process.env.GTKIT_S3_ENDPOINT;
  if (!endpoint) return {};
  return {
    endpoint,
    forcePathStyle: true,
    region: process.env.AWS_REGION ?? 'us-east-1',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}
