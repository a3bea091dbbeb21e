import { rowWindowSums, windowCounts } from './box-sum.ts';

/**
 * One image's vote: per pixel, each class's weighted votes, optionally blended with the class's
 * mean votes over the pixel's neighbourhood, and the best class. The answers are read side by
 * side a row at a time and each row is voted once the rows its neighbourhood reaches (the
 * smoothing radius r below it) are read, so memory is a few rows, not the image: per answer a row
 * of 1 byte a pixel and its reader. Smoothing adds per answer 2r + 1 rows, and per class a row of
 * 12 bytes a pixel; each class's votes and window sums on the window's rows are kept too (8 bytes
 * a pixel a row) while they take at most `windowBytes`; past that (many classes, a large radius)
 * a row's are added up again from the answers' rows each time they are needed (when the row
 * enters the window, is voted, and leaves it), so memory does not grow with classes × radius.
 * Every sum is made with the operations, in the order, of the whole-image vote this replaces, so
 * the results are the same to the bit either way. Without smoothing a pixel's score for a class
 * is its votes, and only the classes its answers hold there are compared.
 * Time: without smoothing, a pass per answer whatever the classes (one vote of maps held in
 * memory, 255 classes over 8000 × 600 × 5: 0.26 s, against 3.0 s when each pixel compared every
 * class present; 3 classes over 8000 × 6000 × 5: 2.4 s, against 2.5); with smoothing, a pass per
 * answer and one per class present; added up again, three and two.
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
 * met first: background, then each answer's classes in the answers' order. The weights must be
 * ≥ 0 and not all 0.
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
  // With smoothing, per class, its votes on the held rows when they fit in windowBytes with their window sums, else on one row.
  const ring = smoothing && K * heldRows * width * 8 <= settings.windowBytes ? heldRows : 1;
  const planes = smoothing ? present.map(() => new Float32Array(ring * width)) : [];
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
  // Without smoothing: one pixel's classes (compact, ascending) and their votes; at most background and one per answer.
  const pixelClasses = new Uint8Array(answers.length + 1);
  const pixelVotes = new Float32Array(answers.length + 1);

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

  /** Row `y`'s best class and its score per pixel, each class's score blended with its window's mean, and where someone painted. */
  const chooseSmoothed = (y: number): void => {
    const votesAt = votesOf(y);
    bestScore.fill(-1);
    chosen.fill(0);
    const rowArea = down[y] as number;
    for (let c = 0; c < K; c++) {
      const plane = planes[c] as Float32Array;
      if (c === 0) for (let x = 0; x < width; x++) painted[x] = (plane[votesAt + x] as number) < unanimous ? 1 : 0;
      const col = columns[c] as Float64Array;
      for (let x = 0; x < width; x++) {
        const v = plane[votesAt + x] as number;
        // The window's sum as the whole-image box sum stored it: rounded to Float32.
        const score = (1 - alpha) * v + alpha * Math.fround(col[x] as number) * (1 / (rowArea * (across[x] as number)));
        // Within float noise of the leader is a tie, and a tie stays with the class met first.
        if (score > (bestScore[x] as number) + tie) {
          chosen[x] = c;
          bestScore[x] = score;
        }
      }
    }
  };
  /**
   * The same without smoothing, where a class's score is its votes: a class no answer holds at a
   * pixel scores 0 there, and as background is met first with a score ≥ 0 (the weights are) and a
   * class must beat the leader by more than `tie`, it cannot win. So only the pixel's own classes
   * are compared, in the order the vote over every class meets them (ties depend on it), and time
   * grows with the answers, not the classes present.
   */
  const choosePlain = (y: number): void => {
    const at = (y % heldRows) * width;
    for (let x = 0; x < width; x++) {
      const n = votesAtPixel(answerRows, at + x, weights, compact, pixelClasses, pixelVotes);
      let best = -1;
      let choice = 0;
      for (let i = 0; i < n; i++) {
        const score = pixelVotes[i] as number;
        if (score > best + tie) {
          choice = pixelClasses[i] as number;
          best = score;
        }
      }
      painted[x] = (pixelVotes[0] as number) < unanimous ? 1 : 0;
      chosen[x] = choice;
      bestScore[x] = best;
    }
  };

  /** Votes row `y`, once the rows down to its halo's last are read. */
  const vote = (y: number): void => {
    const at = (y % heldRows) * width;
    if (smoothing) chooseSmoothed(y);
    else choosePlain(y);
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

/**
 * Pixel `p`'s votes: background, then each class the answers hold there, in ascending compact
 * index, once each, into `classes` and `votes`; how many. Each class's votes are added up in
 * Float32 in the answers' order, as the vote over every class adds them, so the sums are the same.
 */
function votesAtPixel(answerRows: readonly Uint8Array[], p: number, weights: Float64Array, compact: Int16Array, classes: Uint8Array, votes: Float32Array): number {
  classes[0] = 0;
  votes[0] = 0;
  let n = 1;
  for (let j = 0; j < answerRows.length; j++) {
    const w = weights[j] as number;
    if (w === 0) continue;
    const c = compact[(answerRows[j] as Uint8Array)[p] as number] as number;
    let i = 0;
    while (i < n && (classes[i] as number) < c) i++;
    if (i === n || classes[i] !== c) {
      // A class new to this pixel: insertion sort, the ones above it moved up.
      for (let m = n; m > i; m--) {
        classes[m] = classes[m - 1] as number;
        votes[m] = votes[m - 1] as number;
      }
      classes[i] = c;
      votes[i] = 0;
      n++;
    }
    votes[i] = (votes[i] as number) + w;
  }
  return n;
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
