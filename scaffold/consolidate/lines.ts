import { isObject, type JsonObject } from '../../lambdas/contracts/check.ts';
import { isConsolidationFailure } from '../../lambdas/handlers/acs-types.ts';

/**
 * An object the ACS could not consolidate because its worker-response file could not be read (or
 * held no usable answer) says that in its consolidationError: the ACS saw no answer and would say
 * "no worker answered", which sends the reader looking for workers, not for the file.
 */
export function withFileFailure(content: JsonObject, attr: string, fileFailure: string | undefined): JsonObject {
  const label = content[attr];
  if (fileFailure === undefined || !isConsolidationFailure(label)) return content;
  return { ...content, [attr]: { ...label, consolidationError: fileFailure } };
}

/**
 * A labelled object that lost some of its worker-response files (cut short, unreadable) says so in
 * its metadata's `consolidation-note`: it was labelled from fewer answers than its workers gave.
 */
export function withLostFilesNote(content: JsonObject, attr: string, lost: { lost: number; files: number } | undefined): JsonObject {
  const metadata = content[`${attr}-metadata`] ?? {};
  if (lost === undefined || !isObject(metadata) || isConsolidationFailure(content[attr])) return content;
  const note = `${lost.lost} of ${lost.files} worker-response files could not be read (see the problems); labelled from the answers in the others`;
  const before = typeof metadata['consolidation-note'] === 'string' && metadata['consolidation-note'] !== '' ? `${metadata['consolidation-note']}; ` : '';
  return { ...content, [`${attr}-metadata`]: { ...metadata, 'consolidation-note': `${before}${note}` } };
}

/** One problem for the input lines that already hold the label attribute (as gtkit run finds it): the output replaces what they hold. */
export function labelAlreadyThere(ids: readonly string[], attr: string, lines: ReadonlyMap<string, JsonObject>): string {
  const first = lines.get(ids[0] as string);
  const metadata = first?.[`${attr}-metadata`];
  const job = isObject(metadata) && typeof metadata['job-name'] === 'string' ? ` (job-name ${JSON.stringify(metadata['job-name'])})` : '';
  return `${ids.length} input line(s) already hold "${attr}" or "${attr}-metadata", the first datasetObjectId ${ids[0]}${job}; the output replaces them with this consolidation's label. Give --label-attribute another name to keep both side by side`;
}
