import type { AcsResponse } from '../contracts/acs.ts';
import { ObjectWriteError } from '../contracts/errors.ts';
import { joinS3Uri, type ObjectStore } from '../io/object-store.ts';

/** Lambda's limit on a synchronous response payload. */
export const lambdaResponseLimitBytes = 6 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `the ACS response would be ${bytes} bytes, over Lambda's ${limit}-byte response limit. ` +
        `Set onOversize: 'offload' to write the largest labels to S3 and return {"annotation-ref": "s3://…"} in their place, or make the labels smaller.`,
    );
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * Keeps a response under the limit by moving the largest labels to the store, largest first,
 * each replaced by `{ "annotation-ref": "<uri>" }` (the convention AWS's own samples use).
 */
export async function offloadLargestLabels(
  response: AcsResponse,
  labelAttributeName: string,
  store: ObjectStore,
  prefix: string,
  limit: number,
): Promise<number> {
  let total = Buffer.byteLength(JSON.stringify(response));
  const sizes = response
    .map((entry, index) => ({ index, bytes: Buffer.byteLength(JSON.stringify(entry.consolidatedAnnotation.content[labelAttributeName] ?? null)) }))
    .sort((a, b) => b.bytes - a.bytes || a.index - b.index);
  let moved = 0;
  for (const { index, bytes } of sizes) {
    if (total <= limit) break;
    const entry = response[index];
    if (!entry) continue;
    const uri = joinS3Uri(prefix, `${encodeURIComponent(entry.datasetObjectId)}.json`);
    await offloadOne(store, uri, JSON.stringify(entry.consolidatedAnnotation.content[labelAttributeName] ?? null), entry.datasetObjectId);
    const ref = { 'annotation-ref': uri };
    entry.consolidatedAnnotation.content[labelAttributeName] = ref;
    total -= bytes - Buffer.byteLength(JSON.stringify(ref));
    moved++;
  }
  if (total > limit) throw new ResponseTooLargeError(total, limit);
  return moved;
}

/** Writes one label; a failure says that it was offloading, which object's label, and where to. */
async function offloadOne(store: ObjectStore, uri: string, text: string, datasetObjectId: string): Promise<void> {
  try {
    await store.putText(uri, text);
  } catch (error) {
    // The store's own reason, without its naming of the URI, which this message does.
    const reason = error instanceof ObjectWriteError && error.uri === uri ? error.reason : error instanceof Error ? error.message : String(error);
    throw new ObjectWriteError(`could not offload the label of datasetObjectId ${JSON.stringify(datasetObjectId)} to ${uri}: ${reason}`, uri, { cause: error });
  }
}
