/**
 * An object's outcome when the consolidation function threw for it: the reason (its entry's
 * consolidationError) and, as its `cause`, what was thrown, whose class and stack go to the log line. When the
 * whole batch's call threw, the batch's one log line has reported it (with the batch's ids), so
 * each object's entry keeps the reason without a log line of its own.
 */
export class ConsolidationThrew extends Error {
  constructor(
    reason: string,
    thrown: unknown,
    readonly reportedWithBatch = false,
  ) {
    super(reason, { cause: thrown });
    this.name = 'ConsolidationThrew';
  }
}
