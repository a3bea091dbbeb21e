/** One problem found in an event, a payload or a response, at a JSON path. */
export interface ContractIssue {
  /** JSON path such as `payload[3].annotations[1].annotationData.content`. */
  path: string;
  /** What is wrong, e.g. `not valid JSON`, `expected a string, got number`. */
  problem: string;
}

/**
 * Thrown when input does not match a Ground Truth contract. The message lists every issue as
 * `path: problem`, so a log line tells exactly what to fix.
 */
export class ContractError extends Error {
  readonly issues: ContractIssue[];
  constructor(what: string, issues: ContractIssue[]) {
    const shown = issues.slice(0, 20).map((i) => `  ${i.path}: ${i.problem}`);
    if (issues.length > 20) shown.push(`  … and ${issues.length - 20} more`);
    super(`${what} is not valid:\n${shown.join('\n')}`);
    this.name = 'ContractError';
    this.issues = issues;
  }
}

/** The input could not be read at all (missing S3 object, unreadable file, wrong URI). */
export class PayloadReadError extends Error {
  /** True when the object does not exist (as opposed to no access, a network error, …). */
  readonly missing: boolean;
  /**
   * True when the store refused access (S3's 403). S3 answers so for an object that does not
   * exist too, when the reader may not list the bucket, so this may also mean "not there yet".
   */
  readonly denied: boolean;
  /** True when the store will not read such a key at all (a local folder standing in for S3: `a//b`, `dir/`, `..`). */
  readonly refused: boolean;
  constructor(
    message: string,
    readonly uri: string,
    options?: { cause?: unknown; missing?: boolean; denied?: boolean; refused?: boolean },
  ) {
    super(message, options);
    this.name = 'PayloadReadError';
    this.missing = options?.missing ?? false;
    this.denied = options?.denied ?? false;
    this.refused = options?.refused ?? false;
  }
}

/**
 * An object could not be written (no bucket, no access, a key the store refuses). The message
 * names the URI; `reason` is the why alone, for a caller that says the URI in its own words.
 */
export class ObjectWriteError extends Error {
  readonly reason: string;
  constructor(
    message: string,
    readonly uri: string,
    options?: { cause?: unknown; reason?: string },
  ) {
    super(message, options);
    this.name = 'ObjectWriteError';
    this.reason = options?.reason ?? message;
  }
}
