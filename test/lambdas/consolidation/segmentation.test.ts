import { describe, expect, it } from 'vitest';
import { algorithms, encodePng, maskFromAnswer, MaskError, mergePixelVoteStates, pixelVote, toBase64, type MaskAnswer, type PixelVoteState } from '../../../lambdas/consolidation/index.ts';
import { writePng } from './segmentation-png-fixtures.ts';

const RED = [214, 39, 40] as const; // #d62728
const GREEN = [44, 160, 44] as const; // #2ca02c
const mappings = { cat: { color: '#d62728' }, dog: { color: '#2ca02c' } };
type Rgba = readonly [number, number, number, number] | readonly [number, number, number];

/** A mask PNG painted by `paint` (RGB is opaque; undefined is transparent). */
function maskPng(width: number, height: number, paint: (x: number, y: number) => Rgba | undefined): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const c = paint(x, y);
      if (c) data.set([c[0], c[1], c[2], c[3] ?? 255], (y * width + x) * 4);
    }
  return encodePng({ width, height, data });
}

/** A 6 × 4 answer: `cat` in the given rectangle [x0, x1) × [y0, y1), the rest transparent. */
const rect = (x0: number, x1: number, y0: number, y1: number, colour: Rgba = RED): MaskAnswer => ({
  png: maskPng(6, 4, (x, y) => (x >= x0 && x < x1 && y >= y0 && y < y1 ? colour : undefined)),
  labelMappings: mappings,
  imageSize: { width: 6, height: 4 },
});

const grid = (classes: Uint8Array, width: number) => Array.from({ length: classes.length / width }, (_, y) => Array.from(classes.subarray(y * width, (y + 1) * width)).join(''));

describe('maskFromAnswer', () => {
  it('reads exact colours, transparent and opaque backgrounds alike', () => {
    const transparent = maskFromAnswer(rect(1, 3, 0, 2), ['cat', 'dog']);
    expect(grid(transparent.classes, 6)).toEqual(['011000', '011000', '000000', '000000']);
    const white = maskFromAnswer({ ...rect(0, 0, 0, 0), png: maskPng(6, 4, (x) => (x < 2 ? GREEN : [255, 255, 255])) }, ['cat', 'dog']);
    expect(grid(white.classes, 6)).toEqual(['220000', '220000', '220000', '220000']);
    expect(white).toMatchObject({ farPixels: 16, nearPixels: 0, unknownLabels: [], badColors: [] });
    const black = maskFromAnswer({ ...rect(0, 0, 0, 0), png: maskPng(6, 4, (x) => (x < 2 ? GREEN : [0, 0, 0])) }, ['cat', 'dog']);
    expect(grid(black.classes, 6)[0]).toBe('220000');
  });

  it('reads an anti-aliased edge as the nearest label colour within the tolerance, a half-transparent pixel as background', () => {
    // A quarter of the way from red to white is 77 from red, within 96; half way is nearer white.
    const quarter = [Math.round(214 + 0.25 * 41), Math.round(39 + 0.25 * 216), Math.round(40 + 0.25 * 215)] as const;
    const half = [Math.round(214 + 0.5 * 41), Math.round(39 + 0.5 * 216), Math.round(40 + 0.5 * 215)] as const;
    const answer = { ...rect(0, 0, 0, 0), png: maskPng(6, 4, (x) => [RED, quarter, half, [44, 160, 44, 127] as const, [44, 160, 44, 128] as const, undefined][x]) };
    const mask = maskFromAnswer(answer, ['cat', 'dog']);
    expect(grid(mask.classes, 6)[0]).toBe('110020');
    expect(mask).toMatchObject({ nearPixels: 4, farPixels: 4 });
    // An opaque colour unlike any label (grey-blue, 100+ from every one) is background too.
    expect(maskFromAnswer({ png: maskPng(1, 1, () => [90, 90, 160]), labelMappings: mappings }, ['cat', 'dog'])).toMatchObject({ classes: Uint8Array.of(0), farPixels: 1 });
    expect(grid(maskFromAnswer(answer, ['cat', 'dog'], { colorTolerance: 0 }).classes, 6)[0]).toBe('100020');
  });

  it("reads a label outside `labels` as background, near colours included, and reports it with bad colours", () => {
    const answer: MaskAnswer = {
      png: maskPng(6, 4, (x) => [RED, [200, 40, 40] as const, [0, 0, 255] as const, GREEN, undefined, undefined][x]),
      labelMappings: { cat: { color: '#D62728' }, bird: { color: '#c82828' }, fish: { color: '#00f' }, dog: { color: 'green' } },
    };
    const mask = maskFromAnswer(answer, ['cat', 'dog']);
    // #c82828 is bird's (unknown): background, although it is near cat's red; dog's colour is unusable.
    expect(grid(mask.classes, 6)[0]).toBe('100000');
    expect(mask.unknownLabels).toEqual(['bird', 'fish']);
    expect(mask.badColors).toEqual(['dog']);
  });

  it('takes base64 and data: URLs, and refuses a mask of another size than the image, or too many labels', () => {
    const png = maskPng(2, 1, () => RED);
    for (const form of [toBase64(png), `data:image/png;base64,${toBase64(png)}`]) expect(Array.from(maskFromAnswer({ png: form, labelMappings: mappings }, ['cat']).classes)).toEqual([1, 1]);
    expect(() => maskFromAnswer({ png, labelMappings: mappings, imageSize: { width: 3, height: 1 } }, ['cat'])).toThrow(new MaskError('the mask is 2 × 1, but the image is 3 × 1 (inputImageProperties)'));
    expect(() => maskFromAnswer({ png: png.subarray(0, 20), labelMappings: mappings }, ['cat'])).toThrow(/PNG: truncated/);
    expect(() => maskFromAnswer({ png, labelMappings: mappings }, Array.from({ length: 256 }, (_, i) => `l${i}`))).toThrow(/at most 255 labels, got 256/);
  });
});

describe('pixel-vote', () => {
  const labels = ['cat', 'dog'];

  it('is registered for mask answers', () => {
    expect(algorithms['pixel-vote']).toBe(pixelVote);
    expect(pixelVote.kind).toBe('mask');
  });

  it('takes the majority per pixel; ties go to background, then to the label listed first', () => {
    const out = pixelVote.consolidate(
      [
        { item: 'a', worker: 'w1', answer: rect(0, 4, 0, 2) },
        { item: 'a', worker: 'w2', answer: rect(0, 2, 0, 2) },
        { item: 'a', worker: 'w3', answer: rect(0, 3, 0, 4) },
        { item: 'tie', worker: 'w1', answer: rect(0, 3, 0, 1) },
        { item: 'tie', worker: 'w2', answer: rect(0, 3, 0, 1, GREEN) },
        { item: 'tie', worker: 'w3', answer: rect(0, 0, 0, 0) },
        { item: 'tie', worker: 'w4', answer: rect(0, 1, 0, 1, GREEN) },
      ],
      { labels, smoothing: 0, qualityRounds: 0 },
    );
    expect(grid(out.items[0]?.label?.classes as Uint8Array, 6)).toEqual(['111000', '111000', '000000', '000000']);
    // x = 0: 1 cat, 2 dog, 1 nothing: dog. x = 1, 2: cat, dog, nothing, nothing: background wins the three-way tie.
    expect(grid(out.items[1]?.label?.classes as Uint8Array, 6)[0]).toBe('200000');
    expect(out.items[0]).toMatchObject({ support: 3, label: { width: 6, height: 4, labels, colors: ['#ffffff', '#d62728', '#2ca02c'] } });
  });

  it('measures confidence over the pixels someone painted, per image and per class', () => {
    const out = pixelVote.consolidate(
      [
        { item: 'a', worker: 'w1', answer: rect(0, 2, 0, 1) },
        { item: 'a', worker: 'w2', answer: rect(0, 1, 0, 1) },
        { item: 'a', worker: 'w3', answer: rect(0, 1, 0, 1) },
        { item: 'empty', worker: 'w1', answer: rect(0, 0, 0, 0) },
        { item: 'empty', worker: 'w2', answer: rect(0, 0, 0, 0) },
      ],
      { labels, smoothing: 0, qualityRounds: 0 },
    );
    // (0,0): all three say cat (share 1); (1,0): one says cat, two background (background, share 2/3).
    expect(out.items[0]?.confidence).toBeCloseTo((1 + 2 / 3) / 2, 9);
    expect(out.items[0]?.label?.classConfidence).toEqual({ '0': expect.closeTo(2 / 3, 9), '1': 1 });
    expect(out.items[1]).toMatchObject({ confidence: 1, label: { classConfidence: {} } });
  });

  it("smoothing settles a pixel the workers split on by its neighbourhood's votes", () => {
    // All three paint the whole image cat except one pixel (2, 1) where they split three ways.
    const split = (colour: Rgba | undefined): MaskAnswer => ({ png: maskPng(6, 4, (x, y) => (x === 2 && y === 1 ? colour : RED)), labelMappings: mappings });
    const records = [
      { item: 'i', worker: 'w1', answer: split(RED) },
      { item: 'i', worker: 'w2', answer: split(GREEN) },
      { item: 'i', worker: 'w3', answer: split(undefined) },
    ];
    const at = (smoothing: number) => pixelVote.consolidate(records, { labels, smoothing, qualityRounds: 0 }).items[0]?.label?.classes[1 * 6 + 2];
    expect(at(0)).toBe(0);
    expect(at(0.5)).toBe(1);
  });

  it("weights workers by their agreement with the consensus, so a careless worker's say shrinks", () => {
    // w1 and w2 agree on every image; w3 paints the opposite corner. On `close` only w1 and w3
    // answered: equal weights tie everywhere (background); weighted, w1's mask wins.
    const truth = rect(0, 3, 0, 2);
    const wrong = rect(3, 6, 2, 4);
    const records = ['p', 'q', 'r'].flatMap((item) => [
      { item, worker: 'w1', answer: truth },
      { item, worker: 'w2', answer: truth },
      { item, worker: 'w3', answer: wrong },
    ]);
    records.push({ item: 'close', worker: 'w1', answer: truth }, { item: 'close', worker: 'w3', answer: wrong });
    const unweighted = pixelVote.consolidate(records, { labels, smoothing: 0, qualityRounds: 0 });
    const weighted = pixelVote.consolidate(records, { labels, smoothing: 0 });
    const close = (out: typeof weighted) => grid(out.items[3]?.label?.classes as Uint8Array, 6);
    expect(close(unweighted)).toEqual(['000000', '000000', '000000', '000000']);
    expect(close(weighted)).toEqual(['111000', '111000', '000000', '000000']);
    expect(weighted.workers.map((w) => [w.worker, w.answers])).toEqual([['w1', 4], ['w2', 3], ['w3', 4]]);
    expect(weighted.workers[0]?.quality).toBe(1);
    expect(weighted.workers[2]?.quality).toBe(0);
  });

  it('leaves out answers of another size or that do not decode, with a reason; an item with none readable gets none', () => {
    const other = { png: maskPng(3, 2, () => RED), labelMappings: mappings };
    const out = pixelVote.consolidate([
      { item: 'i', worker: 'w1', answer: rect(0, 2, 0, 2) },
      { item: 'i', worker: 'w2', answer: rect(0, 2, 0, 2) },
      { item: 'i', worker: 'w3', answer: other },
      { item: 'i', worker: 'w4', answer: { png: 'not base64!', labelMappings: mappings } },
      { item: 'j', worker: 'w1', answer: { png: new Uint8Array(0), labelMappings: mappings } },
    ], { labels });
    expect(out.items[0]).toMatchObject({ support: 2, reason: expect.stringMatching(/^2 answer\(s\) left out: worker "w3"'s mask is 3 × 2, the item's other masks 6 × 4; worker "w4"'s mask cannot be read \(not base64: character "!" at position 10\)$/) });
    expect(out.items[1]).toEqual({ item: 'j', label: null, confidence: 0, support: 0, reason: 'no answer could be read: worker "w1"\'s mask cannot be read (PNG: the data is empty (0 bytes))' });
    expect(out.workers.find((w) => w.worker === 'w3')).toEqual({ worker: 'w3', quality: 0, answers: 0 });
  });

  it('says which labels outside `labels` were read as background, and by whom', () => {
    const bird = { png: maskPng(6, 4, () => [1, 2, 3]), labelMappings: { bird: { color: '#010203' } } };
    const out = pixelVote.consolidate([{ item: 'i', worker: 'w1', answer: bird }, { item: 'i', worker: 'w2', answer: rect(0, 1, 0, 1) }], { labels });
    expect(out.items[0]?.reason).toBe('labels outside `labels` were read as background: "bird" ("w1")');
  });

  it('names a worker whose painted pixels match no colour of their labelMappings (read as background), but not a few stray edge pixels', () => {
    const violet = [0x80, 0x20, 0xff] as const; // far from #d62728 and #2ca02c, and from white and black
    const out = pixelVote.consolidate([
      { item: 'i', worker: 'w1', answer: rect(0, 3, 0, 2, violet) },
      { item: 'i', worker: 'w2', answer: rect(0, 3, 0, 2) },
      // 1 violet pixel beside 84 red ones: under the share that makes a note.
      { item: 'j', worker: 'w1', answer: { png: maskPng(12, 8, (x, y) => (y === 7 && x === 0 ? violet : y < 7 ? RED : undefined)), labelMappings: mappings } },
    ], { labels, smoothing: 0, qualityRounds: 0 });
    expect(out.items[0]?.reason).toBe('worker "w1": 6 of 6 painted pixels (100 %) match no colour of their labelMappings and were read as background');
    expect(out.items[1]?.reason).toBeUndefined();
    expect(maskFromAnswer(rect(0, 3, 0, 2, violet), labels)).toMatchObject({ farPixels: 6, unmatchedPixels: 6, paintedPixels: 6 });
  });

  it("refuses an item whose answers hold more than maxItemPixels, from the PNG headers, with a reason; the batch's other items are voted", () => {
    const big = { png: toBase64(maskPng(12, 8, () => RED)), labelMappings: mappings };
    const out = pixelVote.consolidate([
      { item: 'big', worker: 'w1', answer: big },
      { item: 'big', worker: 'w2', answer: big },
      { item: 'small', worker: 'w1', answer: rect(0, 2, 0, 2) },
      { item: 'small', worker: 'w2', answer: rect(0, 2, 0, 2) },
    ], { labels, maxItemPixels: 100 });
    expect(out.items[0]).toEqual({ item: 'big', label: null, confidence: 0, support: 0, reason: expect.stringMatching(/^not voted: its 2 masks \(12 × 8, 12 × 8\) hold 192 pixels in all, more than maxItemPixels \(100\); give the algorithm a higher maxItemPixels/) });
    expect(grid(out.items[1]?.label?.classes as Uint8Array, 6)).toEqual(['110000', '110000', '000000', '000000']);
    expect(pixelVote.consolidate([{ item: 'big', worker: 'w1', answer: big }], { labels, maxItemPixels: 96 }).items[0]?.label).not.toBeNull();
  });

  it('counts an interlaced answer once per byte a pixel its whole decode holds (8-bit RGBA: 9), from its header', () => {
    const mask = (interlace: boolean) => writePng({ width: 12, height: 8, colourType: 6, bitDepth: 8, interlace, sample: () => [...RED, 255] });
    const [plain, adam7] = [mask(false), mask(true)];
    const vote = (png: Uint8Array, maxItemPixels: number) => pixelVote.consolidate([{ item: 'big', worker: 'w1', answer: { png, labelMappings: mappings } }], { labels, maxItemPixels }).items[0];
    expect(vote(adam7, 96 * 9 - 1)?.reason).toMatch(/^not voted: its 1 masks \(12 × 8 interlaced, counted 9 times\) hold 864 pixels in all, more than maxItemPixels \(863\)/);
    expect(vote(plain, 96)?.label).not.toBeNull();
  });

  it('votes without smoothing by default (smoothing stays an option)', () => {
    // Pixel (2, 1) has 1 vote of 3 for cat, every other pixel 3: only smoothing makes it cat.
    const holed = { ...rect(0, 6, 0, 4), png: maskPng(6, 4, (x, y) => (x === 2 && y === 1 ? undefined : RED)) };
    const records = [
      { item: 'i', worker: 'w1', answer: holed },
      { item: 'i', worker: 'w2', answer: holed },
      { item: 'i', worker: 'w3', answer: rect(0, 6, 0, 4) },
    ];
    expect(pixelVote.consolidate(records, { labels, qualityRounds: 0 }).items[0]?.label?.classes[1 * 6 + 2]).toBe(0);
    expect(pixelVote.consolidate(records, { labels, qualityRounds: 0, smoothing: 0.75 }).items[0]?.label?.classes[1 * 6 + 2]).toBe(1);
  });

  it('without `labels`, takes every mapped label in code-unit order', () => {
    const out = pixelVote.consolidate([{ item: 'i', worker: 'w', answer: { ...rect(0, 1, 0, 1), labelMappings: { b: { color: '#d62728' }, A: { color: '#000001' } } } }], { smoothing: 0 });
    expect(out.items[0]?.label?.labels).toEqual(['A', 'b']);
    expect(out.items[0]?.label?.classes[0]).toBe(2);
  });

  it('gives the same masks and qualities whatever the order of the records', () => {
    const records = [
      { item: 'i', worker: 'w1', answer: rect(0, 3, 0, 2) },
      { item: 'i', worker: 'w2', answer: rect(1, 4, 0, 3, GREEN) },
      { item: 'i', worker: 'w3', answer: rect(0, 4, 1, 2) },
    ];
    const forward = pixelVote.consolidate(records, { labels });
    const backward = pixelVote.consolidate([...records].reverse(), { labels });
    expect(backward.items[0]?.label?.classes).toEqual(forward.items[0]?.label?.classes);
    backward.workers.forEach((w, i) => expect(w.quality).toBeCloseTo(forward.workers[i]?.quality as number, 9));
  });

  it('carries worker quality between batches: a state to start from, added up per image', () => {
    const truth = rect(0, 3, 0, 2);
    const wrong = rect(3, 6, 2, 4);
    const records = [
      { item: 'i', worker: 'good', answer: truth },
      { item: 'i', worker: 'bad', answer: wrong },
    ];
    // Alone, the two tie; with a prior that says who is careful, the careful one wins.
    const prior: PixelVoteState = { version: 1, algorithm: 'pixel-vote', workers: { good: { quality: 0.9, images: 40 }, bad: { quality: 0.1, images: 40 } } };
    expect(grid(pixelVote.consolidate(records, { labels, smoothing: 0, qualityRounds: 0 }).items[0]?.label?.classes as Uint8Array, 6)[0]).toBe('000000');
    const carried = pixelVote.consolidate(records, { labels, smoothing: 0, qualityRounds: 0, prior });
    expect(grid(carried.items[0]?.label?.classes as Uint8Array, 6)[0]).toBe('111000');
    expect(carried.batchState).toEqual({ version: 1, algorithm: 'pixel-vote', workers: { bad: { quality: 0, images: 1 }, good: { quality: 1, images: 1 } } });
    expect(carried.state?.workers.good).toEqual({ quality: (0.9 * 40 + 1) / 41, images: 41 });
    expect(mergePixelVoteStates([carried.batchState as PixelVoteState, prior])).toEqual(mergePixelVoteStates([prior, carried.batchState as PixelVoteState]));
    expect(() => pixelVote.readState?.({ version: 1, algorithm: 'pixel-vote', workers: { w: { quality: 2, images: -1 } } })).toThrow(/workers\.w\.quality: expected a number in \[0, 1\], got 2; workers\.w\.images: expected a count ≥ 0, got -1/);
    expect(() => pixelVote.consolidate(records, { labels, prior: { version: 1, algorithm: 'box-merge', workers: {} } as never })).toThrow(/options\.prior: .*algorithm: expected "pixel-vote"/);
  });

  it('checks its options and records', () => {
    expect(() => pixelVote.consolidate([], { smoothing: 2, smoothingRadius: 0.5, colorTolerance: -1 })).toThrow(/options\.smoothing: expected a number at least 0 and at most 1, got 2[\s\S]*smoothingRadius: expected a whole number[\s\S]*colorTolerance/);
    expect(() => pixelVote.consolidate([{ item: 'i', worker: 'w', answer: { labeledImage: { pngImageData: 'x' }, labelMappings: {} } as never }])).toThrow(/records\[0\]\.answer\.png: expected the PNG as bytes \(a Uint8Array\) or base64 text, got undefined \(Ground Truth's labeledImage\.pngImageData goes in png\)/);
  });

  it('reads and votes a 1-megapixel image of 5 workers (the time is measured by bench/segmentation.bench.ts)', () => {
    const width = 1000;
    const height = 1000;
    const answer = (shift: number): MaskAnswer => ({ png: maskPng(width, height, (x, y) => ((x - 500 - shift) ** 2 + (y - 500) ** 2 < 300 ** 2 ? RED : x < 100 + shift ? GREEN : undefined)), labelMappings: mappings });
    const records = [0, 3, -3, 6, -6].map((shift, w) => ({ item: 'big', worker: `w${w}`, answer: answer(shift) }));
    const out = pixelVote.consolidate(records, { labels });
    const classes = out.items[0]?.label?.classes as Uint8Array;
    expect([classes[500 * width + 500], classes[500 * width + 50], classes[10]]).toEqual([1, 2, 2]);
    expect(out.items[0]?.confidence).toBeGreaterThan(0.9);
  });
});
