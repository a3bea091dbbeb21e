import { joinS3Uri } from '../../lambdas/io/object-store.ts';

/**
 * Ground Truth's output layout under `<S3OutputPath>/<jobName>/` (reference §2.2, §2.6, §5).
 * The dry run writes the same keys, locally or to an S3 endpoint.
 */
export interface JobOutputLayout {
  jobRoot: string;
  annotations: string;
  workerResponse(datasetObjectId: string, timestamp: string, iteration?: number): string;
  consolidationRequest(timestamp: string, batch: number, iteration?: number): string;
  consolidationResponse(timestamp: string, batch: number, iteration?: number): string;
  outputManifest: string;
}

export function jobOutputLayout(s3OutputPath: string, jobName: string): JobOutputLayout {
  const jobRoot = joinS3Uri(s3OutputPath, jobName);
  const annotations = joinS3Uri(jobRoot, 'annotations');
  // Ground Truth names request files by time alone; the dry run adds the batch number so that
  // several batches in the same second stay apart.
  const batchName = (timestamp: string, batch: number) => `${timestamp}${batch > 0 ? `-batch-${batch}` : ''}.json`;
  return {
    jobRoot,
    annotations,
    workerResponse: (id, timestamp, iteration = 1) => joinS3Uri(annotations, 'worker-response', `iteration-${iteration}`, id, `${timestamp}.json`),
    consolidationRequest: (timestamp, batch, iteration = 1) => joinS3Uri(annotations, 'consolidated-annotation', 'consolidation-request', `iteration-${iteration}`, batchName(timestamp, batch)),
    consolidationResponse: (timestamp, batch, iteration = 1) => joinS3Uri(annotations, 'consolidated-annotation', 'consolidation-response', `iteration-${iteration}`, batchName(timestamp, batch)),
    outputManifest: joinS3Uri(jobRoot, 'manifests', 'output', 'output.manifest'),
  };
}

/** `YYYY-MM-DD_HH:MM:SS`, the timestamp Ground Truth uses in file names. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', '_');
}

/** `YYYY-MM-DDTHH:MM:SS.ffffff` (no zone), the `creation-date` format of output manifests. */
export function creationDate(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000`;
}
