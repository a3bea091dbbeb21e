import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { LocalObjectStore } from '../io/local-store.ts';

/**
 * How `gtkit run` points the unchanged, deployable ACS code at its local copy of S3. Neither
 * variable is ever set inside AWS Lambda, so deployed code always reads real S3.
 * - `GTKIT_LOCAL_S3_ROOT`: a folder laid out as `<root>/<bucket>/<key>`.
 * - `GTKIT_S3_ENDPOINT`: an S3-protocol endpoint (s3rver), with path-style addressing.
 */
export function dryRunStore(): LocalObjectStore | undefined {
  const root = process.env.GTKIT_LOCAL_S3_ROOT;
  return root ? new LocalObjectStore(root) : undefined;
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
