import { describeType, isObject, type JsonObject } from '../../lambdas/contracts/check.ts';
import { isConsolidationFailure } from '../../lambdas/handlers/acs-types.ts';

export interface OutputLineContext {
  labelAttributeName: string;
  jobName: string;
  creationDate: string;
}

/** An output-manifest line, and what it had to leave out of what the ACS returned (for the run's problems). */
export interface LabeledLine {
  line: JsonObject;
  problem?: string;
}

/**
 * One output-manifest line: the input line plus `<attr>` (what the ACS returned) and
 * `<attr>-metadata`. The metadata merges what the ACS put under `<attr>-metadata` (built-in
 * formats carry `type`, `class-name`, `confidence`, …) with the fields Ground Truth itself writes
 * (`job-name`, `human-annotated`, `creation-date`); `type` defaults to `groundtruth/custom`. A
 * `<attr>-metadata` that is not an object is left out, and `problem` says so: every caller gets
 * the word with the line, so none can drop it unseen.
 * Real Ground Truth may replace the ACS's metadata with its own (reference §2.4: unverified).
 */
export function labeledLine(input: JsonObject, content: JsonObject, ctx: OutputLineContext): LabeledLine {
  const attr = ctx.labelAttributeName;
  // Spread, a string or a list would turn into one key per character or item.
  const given = content[`${attr}-metadata`];
  const acsMetadata = isObject(given) ? given : {};
  const problem = given === undefined || isObject(given) ? undefined : `the ACS returned "${attr}-metadata" of type ${describeType(given)}, not an object; it is left out of the output line (return an object of metadata fields, or none)`;
  const label = content[attr];
  const metadata: JsonObject = {
    type: 'groundtruth/custom',
    ...acsMetadata,
    // A custom job's real lines name the job plainly (reference §2.5, observed); `labeling-job/<name>`
    // appears only among the built-in types' examples (§5).
    'job-name': ctx.jobName,
    'human-annotated': 'yes',
    'creation-date': ctx.creationDate,
  };
  // A failure keeps the raw answers and the reason where a reader of the manifest will find them.
  const line = isConsolidationFailure(label) ? { ...input, [attr]: label, [`${attr}-metadata`]: { ...metadata, 'failure-reason': `ACS: ${label.consolidationError}` } } : { ...input, [attr]: label, [`${attr}-metadata`]: metadata };
  return problem === undefined ? { line } : { line, problem };
}

/**
 * A line no worker answered: Ground Truth writes it without the label and with a failure
 * reason in the metadata (observed in real manifests, reference §2.1).
 */
export function failedLine(input: JsonObject, reason: string, ctx: OutputLineContext): JsonObject {
  return { ...input, [`${ctx.labelAttributeName}-metadata`]: { 'retry-count': 1, 'failure-reason': reason, 'human-annotated': 'true' } };
}

/**
 * A line the PRE Lambda kept from workers (`isHumanAnnotationRequired: false`). What Ground
 * Truth writes for it is not documented; the dry run copies the line unchanged, like the
 * intermediate manifests do for lines not labeled yet.
 */
export function unlabeledLine(input: JsonObject): JsonObject {
  return { ...input };
}
