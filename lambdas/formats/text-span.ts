import { builtInConfidence } from './metadata.ts';

/**
 * Built-in named-entity output (reference §5): `annotations.labels` (the label definitions) and
 * `annotations.entities`; metadata `entities` with one confidence each (0 with one worker).
 */
export function textSpanOutput(
  entities: ReadonlyArray<{ label: string; startOffset: number; endOffset: number; confidence: number }>,
  labels: ReadonlyArray<{ label: string; shortDisplayName?: string }>,
  workersPerObject?: number,
) {
  return {
    label: { annotations: { labels: labels.map((l) => ({ ...l })), entities: entities.map((e) => ({ label: e.label, startOffset: e.startOffset, endOffset: e.endOffset })) } },
    metadata: { entities: entities.map((e) => ({ confidence: builtInConfidence(e.confidence, workersPerObject) })), type: 'groundtruth/text-span' },
  };
}
