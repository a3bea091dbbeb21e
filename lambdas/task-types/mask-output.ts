import { thrownReason } from '../contracts/check.ts';
import { ObjectWriteError } from '../contracts/errors.ts';
import { mapLimited } from '../handlers/concurrency.ts';
import type { AcsContext } from '../handlers/acs-types.ts';
import { joinS3Uri, putObjectBytes } from '../io/object-store.ts';

/**
 * Where the semantic-segmentation ACS writes each object's consolidated mask: the label is the
 * PNG's S3 URI (as Ground Truth's built-in output, reference §5), never the pixels, so the
 * response stays small however large the images.
 */

/** The folder under the event's `outputConfig` that holds the masks. */
export const maskFolder = 'gtkit-masks';

/**
 * The mask's URI: one per dataset object, so a batch sent again overwrites its masks rather than
 * adding copies; the id is percent-encoded (as the offloaded labels' keys are), so that any
 * character in it (a streaming job's own ids hold `/` or `..`) stays one key under the folder.
 */
export function maskUri(outputConfig: string, datasetObjectId: string): string {
  return joinS3Uri(outputConfig, maskFolder, `${encodeURIComponent(datasetObjectId)}.png`);
}

/** Masks written at once: enough to hide S3's latency, few enough not to flood it. */
const writeConcurrency = 16;

/** Why no mask can be written for an event without `outputConfig`, in words that say the fix. */
export const noOutputConfigReason =
  'the event has no outputConfig, so the consolidated mask has nowhere to be written (its label is the PNG\'s S3 URI under <outputConfig>/gtkit-masks/): Ground Truth\'s events carry one (reference §2.2); give a hand-made event an outputConfig ("s3://<bucket>/<prefix>/<job>/annotations"), as buildAcsEvent from gtkit/testing does';

/**
 * Writes each object's PNG through the ACS's store and returns, per object, its URI or why it
 * could not be written. A failed write fails that object alone (its entry keeps its answers and
 * the reason, which names the URI and the permission to give), as any other object that cannot be
 * consolidated; the batch goes on.
 */
export async function writeMasks(masks: ReadonlyArray<{ datasetObjectId: string; png: Uint8Array }>, context: AcsContext): Promise<Map<string, string | Error>> {
  const out = new Map<string, string | Error>();
  const outputConfig = context.event.outputConfig;
  if (!outputConfig) {
    for (const m of masks) out.set(m.datasetObjectId, new Error(noOutputConfigReason));
    return out;
  }
  const written = await mapLimited(masks, writeConcurrency, async (m) => {
    const uri = maskUri(outputConfig, m.datasetObjectId);
    try {
      await putObjectBytes(context.store, uri, m.png, 'image/png');
      return uri;
    } catch (error) {
      const reason = error instanceof ObjectWriteError && error.uri === uri ? error.reason : thrownReason(error, 'the store');
      return new Error(`could not write the consolidated mask to ${uri}: ${reason}`, { cause: error });
    }
  });
  masks.forEach((m, i) => out.set(m.datasetObjectId, written[i] as string | Error));
  return out;
}
