import { rowWindowSums, windowCounts } from './box-sum.ts';

/**
 * One image's vote: per pixel, each class's weighted votes, optionally blended with the class's
 * mean votes over the pixel's neighbourhood, and the best class. The answers are read side by
 * side a row at a time and each row is voted once the rows its neighbourhood reaches (the
 * smoothing radius r below it) are read, so memory is a few rows, not the image: per answer
 * 2r + 2 rows of 1 byte a pixel and its reader, per class a row of 12 bytes a pixel. Each class's
 * votes and window sums on the window's rows are kept too (8 bytes a pixel a row) while they take
 * at most `windowBytes`; past that (many classes, a large radius) a row's are added up again from
 * the answers' rows each time they are needed (when the row enters the window, is voted, and
 * leaves it), so memory does not grow with classes × radius. Every sum is made with the
 * operations, in the order, of the whole-image vote this replaces, so the results are the same to
 * the bit either way. Time: a pass per answer, and one per class present; added up again, three
 * and two.
 */

export interface VoteSettings {
  /** Share of a pixel's score taken from its neighbourhood's mean, in [0, 1]. */
  smoothing: number;
  /** The neighbourhood is the (2r + 1)² window around the pixel. */
  radius: number;
  /** The most bytes the classes' votes and window sums on the window's rows are kept in (else added up again as needed). */
  windowBytes: number;
}

/** One answer as the vote reads it: which classes its map holds, and its map row by row. */
export interface VoteAnswer {
  /** `seen[k]` is 1 when class k occurs in the answer's map (256 entries). */
  seen: Uint8Array;
  /** Starts a read of the class map: each call of the result gives the next row's classes, top to bottom (`width` bytes, valid until the next call). */
  open(): () => Uint8Array;
}

export interface ItemVote {
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
 * Votes the answers (all of one size) with one weight per answer, writing each row's chosen
 * classes (0 background, k = labels[k - 1]) into `output(y)` when given. Ties go to the class
 * met first: background, then each answer's classes in the answers' order. The weights must not
 * all be 0.
 */
export function voteItem(answers: readonly VoteAnswer[], size: { width: number; height: number }, weights: Float64Array, settings: VoteSettings, output?: (y: number) => Uint8Array): ItemVote {
  const { width, height } = size;
  // Compact class indices: only the classes some answer painted are voted on.
  const compact = new Int16Array(256).fill(-1);
  const present: number[] = [0];
  compact[0] = 0;
  for (const answer of answers) for (let k = 1; k < 256; k++) if (answer.seen[k] && compact[k] === -1) compact[k] = present.push(k) - 1;
  const K = present.length;
  const total = weights.reduce((sum, w) => sum + w, 0);
  const alpha = settings.smoothing;
  const smoothing = alpha > 0 && K > 1;
  const radius = settings.radius;
  const across = windowCounts(width, radius);
  const down = windowCounts(height, radius);
  // Rows read ahead of the row voted: the neighbourhood's reach below it.
  const halo = smoothing ? radius : 0;

  // Per answer, its rows from the smoothing window's top (the row leaving it) to one past its bottom (the row entering).
  const heldRows = smoothing ? Math.min(2 * halo + 2, height) : 1;
  const readers = answers.map((a) => a.open());
  const answerRows = answers.map(() => new Uint8Array(heldRows * width));
  // Per class, its votes on the held rows when they fit in windowBytes with their window sums, else on one row.
  const ring = smoothing && K * heldRows * width * 8 <= settings.windowBytes ? heldRows : 1;
  const planes = present.map(() => new Float32Array(ring * width));
  /** The row whose votes each slot of `planes` holds (-1: none yet). */
  const planeRows = new Int32Array(ring).fill(-1);
  // With smoothing: each row's window sums along it, per class on the held rows or one class at a
  // time on one row; and per class the running sums of those down the columns (as the whole-image
  // box sum keeps them).
  const rowSums = smoothing ? (ring > 1 ? present : [0]).map(() => new Float32Array(ring * width)) : [];
  const columns = smoothing ? present.map(() => new Float64Array(width)) : [];

  const bestScore = new Float64Array(width);
  const chosen = new Uint8Array(width);
  // Confidence counts only where someone painted: the background nobody touched would make every image look certain.
  const painted = new Uint8Array(width);
  const unanimous = total * (1 - 1e-9);
  const tie = 1e-9 * total;
  const shareSum = new Float64Array(K);
  const shareCount = new Float64Array(K);
  const inAnswer = answers.map(() => new Float64Array(K));
  const inResult = new Float64Array(K);
  const both = answers.map(() => new Float64Array(K));

  /** Reads row `y` of every answer into its held rows. */
  const read = (y: number): void => {
    const at = (y % heldRows) * width;
    readers.forEach((next, j) => (answerRows[j] as Uint8Array).set(next(), at));
  };
  /** Row `y`'s votes per class in `planes`, added up from the answers' held rows unless still there (the same Float32 sums each time): where they start. */
  const votesOf = (y: number): number => {
    const slot = y % ring;
    const at = slot * width;
    if (planeRows[slot] === y) return at;
    planeRows[slot] = y;
    for (const plane of planes) plane.fill(0, at, at + width);
    const from = (y % heldRows) * width;
    answerRows.forEach((rows, j) => {
      const w = weights[j] as number;
      if (w === 0) return;
      // Each pixel's votes are added in the answers' order, as class by class over the whole image.
      for (let x = 0; x < width; x++) {
        const plane = planes[compact[rows[from + x] as number] as number] as Float32Array;
        plane[at + x] = (plane[at + x] as number) + w;
      }
    });
    return at;
  };
  /** Adds (sign 1) or takes away (-1) row `y`'s window sums along it from every class's column sums; kept ones are made as the row enters. */
  const column = (y: number, sign: 1 | -1): void => {
    const at = votesOf(y);
    for (let c = 0; c < K; c++) {
      const sums = rowSums[ring > 1 ? c : 0] as Float32Array;
      if (sign > 0 || ring === 1) rowWindowSums(planes[c] as Float32Array, at, sums, at, width, radius);
      const col = columns[c] as Float64Array;
      if (sign > 0) for (let x = 0; x < width; x++) col[x] = (col[x] as number) + (sums[at + x] as number);
      else for (let x = 0; x < width; x++) col[x] = (col[x] as number) - (sums[at + x] as number);
    }
  };

  /** Votes row `y`, once the rows down to its halo's last are read. */
  const vote = (y: number): void => {
    const at = (y % heldRows) * width;
    const votesAt = votesOf(y);
    bestScore.fill(-1);
    chosen.fill(0);
    const rowArea = down[y] as number;
    for (let c = 0; c < K; c++) {
      const plane = planes[c] as Float32Array;
      if (c === 0) for (let x = 0; x < width; x++) painted[x] = (plane[votesAt + x] as number) < unanimous ? 1 : 0;
      const col = columns[c];
      for (let x = 0; x < width; x++) {
        const v = plane[votesAt + x] as number;
        // The window's sum as the whole-image box sum stored it: rounded to Float32.
        const score = col ? (1 - alpha) * v + alpha * Math.fround(col[x] as number) * (1 / (rowArea * (across[x] as number))) : v;
        // Within float noise of the leader is a tie, and a tie stays with the class met first.
        if (score > (bestScore[x] as number) + tie) {
          chosen[x] = c;
          bestScore[x] = score;
        }
      }
    }
    for (let x = 0; x < width; x++) {
      const best = chosen[x] as number;
      inResult[best] = (inResult[best] as number) + 1;
      if (!painted[x]) continue;
      shareSum[best] = (shareSum[best] as number) + Math.min(1, (bestScore[x] as number) / total);
      shareCount[best] = (shareCount[best] as number) + 1;
    }
    answerRows.forEach((rows, j) => countOverlap(rows, at, chosen, compact, inAnswer[j] as Float64Array, both[j] as Float64Array));
    if (output) {
      const out = output(y);
      for (let x = 0; x < width; x++) out[x] = present[chosen[x] as number] as number;
    }
  };

  for (let y = 0; y <= Math.min(halo, height - 1); y++) {
    read(y);
    if (smoothing) column(y, 1);
  }
  for (let y = 0; y < height; y++) {
    vote(y);
    const enter = y + halo + 1;
    if (enter < height) {
      read(enter);
      if (smoothing) column(enter, 1);
    }
    if (smoothing && y - halo >= 0) column(y - halo, -1);
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
  const agreement = Float64Array.from(answers, (_, j) => meanIou(inAnswer[j] as Float64Array, inResult, both[j] as Float64Array));
  return { confidence: paintedCount === 0 ? 1 : sum / paintedCount, classConfidence, agreement };
}

/** Counts one row of an answer (at `at` in `rows`) against the chosen compact classes: pixels per class in the answer, and in both. */
function countOverlap(rows: Uint8Array, at: number, chosen: Uint8Array, compact: Int16Array, inAnswer: Float64Array, both: Float64Array): void {
  for (let x = 0; x < chosen.length; x++) {
    const a = compact[rows[at + x] as number] as number;
    inAnswer[a] = (inAnswer[a] as number) + 1;
    if (a === chosen[x]) both[a] = (both[a] as number) + 1;
  }
}

/** Mean over the foreground classes either map has of their IoU; 1 when neither has any. */
function meanIou(inAnswer: Float64Array, inResult: Float64Array, both: Float64Array): number {
  let sum = 0;
  let classes = 0;
  for (let c = 1; c < inAnswer.length; c++) {
    const union = (inAnswer[c] as number) + (inResult[c] as number) - (both[c] as number);
    if (union === 0) continue;
    sum += (both[c] as number) / union;
    classes++;
  }
  return classes === 0 ? 1 : sum / classes;
}
