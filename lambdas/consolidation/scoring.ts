import { compareIds } from './order.ts';

/** One class's precision, recall and F1 against gold (0 where nothing was predicted or expected), and how many gold items hold it. */
export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold items of this class. */
  support: number;
}

/** Labels scored against gold on the items both hold. */
export interface GoldScore {
  /** Items with a gold label and a prediction (a null prediction, nothing decided, counts as wrong). */
  scored: number;
  /** Gold items with no prediction at all (not in the results). */
  missing: number;
  accuracy: number;
  /** Per class (gold's and predicted), in `labels` order, then the others sorted. */
  classes: ClassScore[];
  macroF1: number;
  /** `matrix[i][j]`: gold `labels[i]` predicted as `labels[j]`; the last column counts items nothing was decided for. */
  confusion: { labels: string[]; matrix: number[][] };
}

/**
 * Scores predicted class labels against gold: accuracy, per-class precision, recall and F1, and
 * a confusion matrix. Only items with a gold label count; `labels` fixes the class order.
 */
export function scoreAgainstGold(predicted: ReadonlyMap<string, string | null>, gold: ReadonlyMap<string, string>, labels: readonly string[] = []): GoldScore {
  const seen = new Set<string>();
  for (const [item, truth] of gold) {
    seen.add(truth);
    const p = predicted.get(item);
    if (typeof p === 'string') seen.add(p);
  }
  const given = new Set(labels);
  const order = [...labels, ...[...seen].filter((l) => !given.has(l)).sort(compareIds)];
  const index = new Map(order.map((l, i) => [l, i]));
  const K = order.length;
  // One column more: items nothing was decided for.
  const matrix = order.map(() => new Array<number>(K + 1).fill(0));
  let scored = 0;
  let missing = 0;
  let right = 0;
  for (const [item, truth] of gold) {
    if (!predicted.has(item)) {
      missing++;
      continue;
    }
    const p = predicted.get(item) ?? null;
    scored++;
    if (p === truth) right++;
    const row = matrix[index.get(truth) as number] as number[];
    const column = p === null ? K : (index.get(p) as number);
    row[column] = (row[column] ?? 0) + 1;
  }
  const classes = order.map((label, k) => {
    const tp = matrix[k]?.[k] ?? 0;
    const support = (matrix[k] ?? []).reduce((a, b) => a + b, 0);
    const predictedK = matrix.reduce((n, row) => n + (row[k] ?? 0), 0);
    const precision = predictedK > 0 ? tp / predictedK : 0;
    const recall = support > 0 ? tp / support : 0;
    return { label, precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, support };
  });
  const withGold = classes.filter((c) => c.support > 0);
  return {
    scored,
    missing,
    accuracy: scored > 0 ? right / scored : 0,
    classes,
    macroF1: withGold.length > 0 ? withGold.reduce((n, c) => n + c.f1, 0) / withGold.length : 0,
    confusion: { labels: order, matrix },
  };
}
