/** Ground Truth rounds confidences to 2 decimals and reports 0 when one worker answered (reference §6). */
export function builtInConfidence(confidence: number, workersPerObject: number | undefined): number {
  if (workersPerObject === 1) return 0;
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}
