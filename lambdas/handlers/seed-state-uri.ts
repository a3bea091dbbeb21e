import { badKeySegment, describeValue } from '../contracts/check.ts';

/** Where an earlier job's ACS kept its carried state. */
const seedFolderPattern = 's3://<bucket>/<output path>/<job name>/annotations/gtkit-state/';

/** What a seed state is, as messages show it. */
export const seedStateShape = `the s3:// URI of an earlier job's carried-state folder, ${seedFolderPattern}`;

/** S3's longest key (1,024 bytes) less the longest the state keeps under its folder (`consolidation/batches/<32 hex digits>.json`). */
export const seedStateKeyBytesAtMost = 1024 - 'consolidation/batches/'.length - 32 - '.json'.length;

/**
 * The one rule for a seed state's URI (acsHandler's and taskConsolidation's `seedState`, the
 * task config's `consolidation.seedState`): the `gtkit-state/` folder under an earlier job's
 * annotations, where its ACS kept the worker-quality state, with a key S3 can hold and the dry
 * run can map to a local folder. Undefined when `value` is one.
 */
export function seedStateProblem(value: unknown): string | undefined {
  const key = typeof value === 'string' ? /^s3:\/\/[^/\s]+\/((?:\S*\/)?[^/\s]+\/annotations\/gtkit-state)\/?$/.exec(value)?.[1] : undefined;
  if (key === undefined) return `expected ${seedStateShape}, got ${describeValue(value)}`;
  const bad = badKeySegment(key);
  if (bad !== undefined) return `its key has ${bad === '' ? 'an empty segment (a doubled "/")' : `a "${bad}" segment, which S3 keeps as it is (it climbs no folder)`}, so no ACS wrote there; give the earlier job's folder as its ACS wrote it, ${seedFolderPattern}`;
  // The folder's key with its trailing "/", as the state's keys start.
  const bytes = Buffer.byteLength(key) + 1;
  if (bytes > seedStateKeyBytesAtMost) return `its key is ${bytes} bytes long: S3 keys are at most 1,024 bytes and the state's keys add up to ${1024 - seedStateKeyBytesAtMost} more under it, so no ACS wrote there; give the earlier job's folder, ${seedFolderPattern}`;
  return undefined;
}
