import { boxSum, windowCounts } from './box-sum.ts';
import type { LabelMask } from './masks.ts';

/**
 * One image's vote: per pixel, each class's weighted votes, optionally blended with the class's
 * mean votes over the pixel's neighbourhood, and the best class. The classes are voted one at a
 * time against a running best per pixel, so memory is about 15 bytes a pixel (19 with smoothing)
 * whatever the number of classes; time: a pass per answer and class present.
 */

export interface VoteSettings {
  /** Share of a pixel's score taken from its neighbourhood's mean, in [0, 1]. */
  smoothing: number;
  /** The neighbourhood is the (2r + 1)² window around the pixel. */
  radius: number;
}

export interface ItemVote {
  /** Chosen class per pixel (0 background, k = labels[k - 1]). */
  classes: Uint8Array;
  /**
   * Mean share of the (weighted, smoothed) vote the chosen class got, over the pixels some worker
   * painted; 1 when nobody painted anything (every answer agrees on background).
   */
  confidence: number;
  /** The same mean over the painted pixels that went to each class (class index → share), for classes that got any. */
  classConfidence: Map<number, number>;
  /** Per answer, mean IoU with the result over the labels either painted (1 when neither painted any). */
  agreement: Float64Array;
}

/**
 * Votes the masks (all of one size) with one weight per mask. Ties go to the lower class index:
 * background first, then the labels in their order. The weights must not all be 0.
 */
export function voteItem(masks: readonly LabelMask[], weights: Float64Array, settings: VoteSettings): ItemVote {
  const { width, height } = masks[0] as LabelMask;
  const n = width * height;
  // Compact class indices: only the classes some answer painted are voted on.
  const compact = new Int16Array(256).fill(-1);
  const present: number[] = [0];
  compact[0] = 0;
  for (const mask of masks) {
    const seen = new Uint8Array(256);
    const classes = mask.classes;
    for (let p = 0; p < n; p++) seen[classes[p] as number] = 1;
    for (let k = 1; k < 256; k++) if (seen[k] && compact[k] === -1) compact[k] = present.push(k) - 1;
  }
  const K = present.length;
  const total = weights.reduce((sum, w) => sum + w, 0);
  const alpha = settings.smoothing;
  const smoothing = alpha > 0 && K > 1;
  const across = windowCounts(width, settings.radius);
  const down = windowCounts(height, settings.radius);

  // One class at a time, keeping a running best per pixel: memory stays a few planes whatever K is.
  const plane = new Float32Array(n);
  const smooth = smoothing ? new Float32Array(n) : undefined;
  const bestScore = new Float64Array(n).fill(-1);
  const chosen = new Uint8Array(n);
  // Confidence counts only where someone painted: the background nobody touched would make every image look certain.
  const painted = new Uint8Array(n);
  const unanimous = total * (1 - 1e-9);
  const tie = 1e-9 * total;
  for (let c = 0; c < K; c++) {
    plane.fill(0);
    const k = present[c] as number;
    masks.forEach((mask, j) => {
      const w = weights[j] as number;
      if (w === 0) return;
      const classes = mask.classes;
      for (let p = 0; p < n; p++) if (classes[p] === k) plane[p] = (plane[p] as number) + w;
    });
    if (c === 0) for (let p = 0; p < n; p++) painted[p] = (plane[p] as number) < unanimous ? 1 : 0;
    if (smooth) boxSum(plane, smooth, width, height, 1, settings.radius);
    for (let y = 0, p = 0; y < height; y++) {
      const rowArea = down[y] as number;
      for (let x = 0; x < width; x++, p++) {
        const v = plane[p] as number;
        const score = smooth ? (1 - alpha) * v + alpha * (smooth[p] as number) * (1 / (rowArea * (across[x] as number))) : v;
        // Within float noise of the leader is a tie, and a tie stays with the lower class.
        if (score > (bestScore[p] as number) + tie) {
          chosen[p] = c;
          bestScore[p] = score;
        }
      }
    }
  }

  const shareSum = new Float64Array(K);
  const shareCount = new Float64Array(K);
  for (let p = 0; p < n; p++) {
    if (!painted[p]) continue;
    const best = chosen[p] as number;
    shareSum[best] = (shareSum[best] as number) + Math.min(1, (bestScore[p] as number) / total);
    shareCount[best] = (shareCount[best] as number) + 1;
  }
  let paintedCount = 0;
  let sum = 0;
  const classConfidence = new Map<number, number>();
  for (let c = 0; c < K; c++) {
    if ((shareCount[c] as number) === 0) continue;
    paintedCount += shareCount[c] as number;
    sum += shareSum[c] as number;
    classConfidence.set(present[c] as number, (shareSum[c] as number) / (shareCount[c] as number));
  }
  const agreement = Float64Array.from(masks, (m) => meanIou(m.classes, chosen, compact, K));
  // The compact indices become class indices in place: `chosen` is the result.
  for (let p = 0; p < n; p++) chosen[p] = present[chosen[p] as number] as number;
  return { classes: chosen, confidence: paintedCount === 0 ? 1 : sum / paintedCount, classConfidence, agreement };
}

/** Mean over the foreground classes either map has of their IoU; 1 when neither has any. */
function meanIou(answer: Uint8Array, chosen: Uint8Array, compact: Int16Array, K: number): number {
  const inAnswer = new Float64Array(K);
  const inResult = new Float64Array(K);
  const both = new Float64Array(K);
  for (let p = 0; p < answer.length; p++) {
    const a = compact[answer[p] as number] as number;
    const r = chosen[p] as number;
    inAnswer[a] = (inAnswer[a] as number) + 1;
    inResult[r] = (inResult[r] as number) + 1;
    if (a === r) both[a] = (both[a] as number) + 1;
  }
  let sum = 0;
  let classes = 0;
  for (let c = 1; c < K; c++) {
    const union = (inAnswer[c] as number) + (inResult[c] as number) - (both[c] as number);
    if (union === 0) continue;
    sum += (both[c] as number) / union;
    classes++;
  }
  return classes === 0 ? 1 : sum / classes;
}
