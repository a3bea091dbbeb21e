/**
 * Ground Truth rounds confidences to 2 decimals and reports 0 when one worker answered (reference
 * §6). A confidence that is not a number (NaN from a user's own consolidator) is 0, not the `null`
 * JSON would write for it. The algorithm's own number is in its result (`ItemResult.confidence`),
 * and `gtkit consolidate --posteriors` adds it to each line as `confidence-unrounded`.
 */
export function builtInConfidence(confidence: number, workersPerObject: number | undefined): number {
  if (workersPerObject === 1 || Number.isNaN(confidence)) return 0;
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}
