import type { JsonObject } from '../../lambdas/contracts/check.ts';
import { qualityHoldsEarlierBatches, workerQualityMeasures } from '../../lambdas/consolidation/quality-measures.ts';
import { getAlgorithm, type AlgorithmName } from '../../lambdas/consolidation/registry.ts';
import { compareIds } from '../../lambdas/consolidation/order.ts';
import type { ConsolidationResult, WorkerQuality } from '../../lambdas/consolidation/types.ts';
import type { AnswerKind } from '../../lambdas/consolidation/types.ts';
import { shownPath } from '../cli/paths.ts';
import { writeWhole } from '../cli/write-whole.ts';

/**
 * The answer kinds whose algorithms give class posteriors, the ones `--posteriors` serves. Its
 * `confidence-unrounded` is the item's confidence, which only these kinds' metadata carries as
 * such: boxes, spans and keypoints carry one confidence per object, and a mask one per class.
 */
export const posteriorKinds: readonly AnswerKind[] = ['class', 'multi-label'];

/** One row of `--workers`: what the algorithm estimated for the worker over the whole run. */
export interface WorkerRow {
  worker: string;
  quality: number;
  answers: number;
  algorithm: string;
  measures: string;
}

/** What the algorithm itself returned, batch by batch, beside the ACS's output lines. */
export interface Inspection {
  /** Give it to taskConsolidation as `onResult`: it keeps each batch's result. */
  onResult(result: ConsolidationResult<unknown>): void;
  /** Each item's posteriors and unrounded confidence, by datasetObjectId. */
  items: Map<string, { confidence: number; posteriors?: Record<string, number> }>;
  /** The workers, sorted by id, once every batch has run. */
  workers(): WorkerRow[];
}

/**
 * Keeps the algorithm's own result of every batch the ACS consolidates (through
 * taskConsolidation's `onResult`, so it is the very result behind the output lines): the ACS
 * writes only the label and a rounded confidence. Dawid–Skene's quality holds the earlier batches'
 * answers, so a worker's latest estimate is the run's; the others' (box-merge and pixel-vote
 * included, whose carried quality only weights the votes) are the mean over batches weighted by
 * answers, as their carried states merge ({@link qualityHoldsEarlierBatches}).
 */
export function inspectConsolidation(algorithmName: AlgorithmName): Inspection {
  const algorithm = getAlgorithm(algorithmName);
  const latestHoldsAll = qualityHoldsEarlierBatches[algorithmName];
  const items = new Map<string, { confidence: number; posteriors?: Record<string, number> }>();
  const tally = new Map<string, { quality: number; weighted: number; answers: number }>();
  const keep = (w: WorkerQuality) => {
    const t = tally.get(w.worker) ?? { quality: 0, weighted: 0, answers: 0 };
    t.answers += w.answers;
    t.weighted += w.quality * w.answers;
    t.quality = latestHoldsAll ? w.quality : t.answers > 0 ? t.weighted / t.answers : w.quality;
    tally.set(w.worker, t);
  };
  return {
    items,
    onResult(result) {
      for (const item of result.items) items.set(item.item, { confidence: item.confidence, ...(item.posteriors ? { posteriors: item.posteriors } : {}) });
      for (const w of result.workers) keep(w);
    },
    workers: () =>
      [...tally]
        .sort(([a], [b]) => compareIds(a, b))
        .map(([worker, t]) => ({ worker, quality: t.quality, answers: t.answers, algorithm: algorithm.name, measures: workerQualityMeasures[algorithmName] })),
  };
}

/** The metadata names `--posteriors` adds beside Ground Truth's rounded `confidence`. */
export const posteriorsKey = 'class-posteriors';
export const exactConfidenceKey = 'confidence-unrounded';

/** An output content with the algorithm's posteriors and unrounded confidence in its metadata (a failed object is left as it is). */
export function withPosteriors(content: JsonObject, attr: string, found: { confidence: number; posteriors?: Record<string, number> } | undefined): JsonObject {
  const metadata = content[`${attr}-metadata`];
  if (!found || typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return content;
  return { ...content, [`${attr}-metadata`]: { ...metadata, [exactConfidenceKey]: found.confidence, ...(found.posteriors ? { [posteriorsKey]: found.posteriors } : {}) } };
}

/** Writes --workers: one JSON line per worker, sorted by id. */
export async function writeWorkers(file: string, rows: readonly WorkerRow[]): Promise<{ file: string; workers: number }> {
  await writeWhole(file, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''), 'give --workers a file in a folder gtkit may write');
  return { file: shownPath(file), workers: rows.length };
}
