import { resolve, dirname } from 'node:path';
import { cannotWriteIn } from '../cli/make-folder.ts';
import { LockWriteError, takeOutputLock } from '../cli/output-lock.ts';
import { shownPath } from '../cli/paths.ts';
import { checkFlags, type ConsolidateFlags } from '../consolidate/flags.ts';
import type { ConsolidateProgress } from '../consolidate/progress.ts';
import { consolidateInto, type ConsolidateSummary } from '../consolidate/run.ts';

/**
 * Consolidates the worker responses at `source` and writes the output manifest; `onProgress`
 * hears where it is, `onNote` what the user should know that is no problem of the output. One
 * consolidate at a time per output file (as one gtkit run per folder): a second one writing the
 * same file is refused while the first works.
 */
export async function consolidateCommand(source: string, flags: ConsolidateFlags, onProgress?: (progress: ConsolidateProgress) => void, onNote?: (note: string) => void): Promise<ConsolidateSummary> {
  const { out, batchSize } = await checkFlags(source, flags);
  const release = lockOutputFile(out, onNote);
  try {
    return await consolidateInto(out, source, flags, batchSize, onProgress);
  } finally {
    release();
  }
}

/** Takes the lock of the output file (`<out>.lock`, the name gtkit run's lock has beside its output.manifest), or says who holds it. */
function lockOutputFile(out: string, onNote?: (note: string) => void): () => void {
  try {
    return takeOutputLock(`${resolve(out)}.lock`, { command: 'gtkit consolidate', writing: shownPath(resolve(out)), elsewhere: 'give -o another file', ...(onNote ? { onNote } : {}) });
  } catch (error) {
    // Its folder refuses files (checked writable, as root may find it is not): the flag's usage error, as checkOutputFileFlag says it.
    if (error instanceof LockWriteError) throw cannotWriteIn('-o', out, dirname(resolve(out)), error.reason);
    throw error;
  }
}
