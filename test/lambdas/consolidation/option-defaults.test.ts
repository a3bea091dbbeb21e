import { describe, expect, it } from 'vitest';
import {
  boxMerge,
  dawidSkene,
  dawidSkenePooled,
  encodePng,
  keypointMerge,
  majorityVote,
  multiLabelVote,
  oneCoinDawidSkene,
  pixelVote,
  spanVote,
  wawa,
  weightedVote,
  type AnswerRecord,
  type BoxAnswer,
  type KeypointAnswer,
  type MaskAnswer,
  type SpanAnswer,
} from '../../../lambdas/consolidation/index.ts';
import { algorithms } from '../../../lambdas/consolidation/registry.ts';
import type { OptionSpec } from '../../../lambdas/consolidation/options.ts';
import { seededRandom } from '../../../lambdas/task-types/define.ts';

// Each algorithm reads its defaults from its own optionSpecs: these tests keep it so. Leaving an
// option out must give what passing the spec's default gives, and (where the data can show it)
// another value must give something else, so a default written again in the code, differently,
// is caught.

type Defaulted = Extract<OptionSpec, { default: unknown }>;
/** Any of the algorithms, whatever its options' type (`never`: each takes its own). */
interface WithOptions<A> {
  name: string;
  optionSpecs: Readonly<Record<string, OptionSpec>>;
  consolidate(records: ReadonlyArray<AnswerRecord<A>>, options?: never): unknown;
}
const defaulted = (specs: Readonly<Record<string, OptionSpec>>) => Object.entries(specs).filter((e): e is [string, Defaulted] => e[0] !== undefined && 'default' in e[1]);

/** An in-range value other than the default. */
function otherValue(spec: Defaulted): number | string {
  if (spec.kind === 'choice') return spec.values.find((v) => v !== spec.default) as string;
  // One round or iteration fewer: more of them may change nothing once the weights have settled.
  if (spec.integer) return spec.min !== undefined && spec.default - 1 < spec.min ? spec.default + 1 : spec.default - 1;
  if (spec.max !== undefined) return spec.default < spec.max ? (spec.default + spec.max) / 2 : (spec.default + (spec.min ?? 0)) / 2;
  return spec.default === 0 ? 1 : spec.default * 4;
}

/**
 * Checks every defaulted option of `algorithm` on `records`: left out = its default, alone and all
 * together; and for each name in `sensitive`, another value (the one given, else {@link otherValue})
 * changes the result.
 */
function expectDefaultsAsOmitted<A>(algorithm: WithOptions<A>, records: ReadonlyArray<AnswerRecord<A>>, sensitive: Readonly<Record<string, number | string | undefined>>): void {
  // The options are built by name here; the algorithm's own check (`checked`) still reads them.
  const run = (options: Record<string, unknown>) => algorithm.consolidate(records, options as never);
  const omitted = run({});
  const options = defaulted(algorithm.optionSpecs);
  for (const [name, spec] of options) expect(run({ [name]: spec.default }), `${algorithm.name} ${name}: ${spec.default}`).toEqual(omitted);
  expect(run(Object.fromEntries(options.map(([name, spec]) => [name, spec.default])))).toEqual(omitted);
  for (const [name, given] of Object.entries(sensitive) as Array<[string, number | string | undefined]>) {
    const spec = options.find(([n]) => n === name)?.[1];
    if (!spec) throw new Error(`${algorithm.name} has no defaulted option ${name}`);
    const value = given ?? otherValue(spec);
    expect(run({ [name]: value }), `${algorithm.name} ${name}: ${value} should differ from the default`).not.toEqual(omitted);
  }
}

/** Noisy class answers: 40 items, 7 workers of mixed skill, some items answered by one worker only. */
function classRecords(): Array<AnswerRecord<string>> {
  const random = seededRandom(7);
  const classes = ['a', 'b', 'c'];
  const skill = [0.9, 0.8, 0.75, 0.6, 0.5, 0.4, 0.35];
  const records: Array<AnswerRecord<string>> = [];
  for (let i = 0; i < 40; i++) {
    const truth = classes[i % 3] as string;
    skill.forEach((s, w) => {
      if (random() < (i % 9 === 0 && w > 0 ? 1 : 0.45)) return;
      const wrong = classes.filter((c) => c !== truth);
      records.push({ item: `i${i}`, worker: `w${w}`, answer: random() < s ? truth : (wrong[Math.floor(random() * 2)] as string) });
    });
  }
  return records;
}

describe('an option left out is its spec default', () => {
  it('classification', () => {
    const records = classRecords();
    expectDefaultsAsOmitted(majorityVote, records, {});
    expectDefaultsAsOmitted(wawa, records, {});
    // defaultWeight only matters beside weights given for some workers.
    expectDefaultsAsOmitted(weightedVote, records, {});
    const weighted = (options: Record<string, unknown>) => weightedVote.consolidate(records, { weights: { w0: 3, w1: 2 }, ...options });
    expect(weighted({ defaultWeight: weightedVote.optionSpecs.defaultWeight.kind === 'number' ? weightedVote.optionSpecs.defaultWeight.default : NaN })).toEqual(weighted({}));
    expect(weighted({ defaultWeight: 4 })).not.toEqual(weighted({}));
    for (const variant of [dawidSkene, dawidSkenePooled, oneCoinDawidSkene])
      // EM settles well before its 30 iterations here: a single one shows the option is read.
      expectDefaultsAsOmitted(variant, records, { maxIterations: 1, smoothing: undefined, diagonalPrior: undefined, pooling: undefined, confidencePrior: undefined });
  });

  it('the Dawid–Skene variants differ in their defaults only: the pooled one given the plain one\'s defaults answers as the plain one', () => {
    const records = classRecords();
    expect(dawidSkenePooled.consolidate(records, { diagonalPrior: 0.3, pooling: 0 }).items).toEqual(dawidSkene.consolidate(records).items);
    expect(dawidSkene.consolidate(records, { diagonalPrior: 0.5, pooling: 5 }).items).toEqual(dawidSkenePooled.consolidate(records).items);
  });

  it('multi-label', () => {
    const random = seededRandom(11);
    const labels = ['x', 'y', 'z'];
    const records: Array<AnswerRecord<string[]>> = [];
    for (let i = 0; i < 30; i++) for (let w = 0; w < (i % 2 ? 4 : 5); w++) records.push({ item: `i${i}`, worker: `w${w}`, answer: labels.filter(() => random() < 0.5) });
    expectDefaultsAsOmitted(multiLabelVote, records, { threshold: undefined, ties: undefined });
  });

  it('boxes and keypoints', () => {
    const random = seededRandom(3);
    const jitter = (x: number, by: number) => x + (random() - 0.5) * by;
    const boxes: Array<AnswerRecord<BoxAnswer>> = [];
    const points: Array<AnswerRecord<KeypointAnswer>> = [];
    for (let i = 0; i < 12; i++)
      for (let w = 0; w < 5; w++) {
        const careless = w === 4;
        const drawn = [{ label: 'car', left: 100, top: 80, width: 60, height: 40 }, { label: i % 2 ? 'car' : 'bus', left: 300, top: 200, width: 30, height: 30 }].filter((_, k) => random() < (k ? 0.55 : 0.9));
        boxes.push({ item: `i${i}`, worker: `w${w}`, answer: { imageSize: { width: 640, height: 480 }, boxes: drawn.map((b) => ({ ...b, left: jitter(b.left, careless ? 60 : 16), top: jitter(b.top, careless ? 60 : 16) })) } });
        const placed = [{ label: 'eye', x: 200, y: 150 }, { label: 'nose', x: 400, y: 300 }].filter((_, k) => random() < (k ? 0.55 : 0.9));
        points.push({ item: `i${i}`, worker: `w${w}`, answer: { imageSize: { width: 640, height: 480 }, keypoints: placed.map((p) => ({ ...p, x: jitter(p.x, careless ? 200 : 50), y: jitter(p.y, careless ? 200 : 50) })) } });
      }
    expectDefaultsAsOmitted(boxMerge, boxes, { iouThreshold: undefined, quorum: undefined, qualityRounds: undefined });
    expectDefaultsAsOmitted(keypointMerge, points, { radius: undefined, quorum: undefined });
  });

  it('spans', () => {
    const random = seededRandom(5);
    const records: Array<AnswerRecord<SpanAnswer>> = [];
    for (let i = 0; i < 15; i++)
      for (let w = 0; w < 5; w++) {
        const marked = [{ label: 'PER', startOffset: 10, endOffset: 20 }, { label: 'ORG', startOffset: 40, endOffset: 52 }].filter((_, k) => random() < (k ? 0.55 : 0.9));
        records.push({ item: `d${i}`, worker: `w${w}`, answer: { entities: marked.map((s) => ({ ...s, startOffset: s.startOffset + Math.floor(random() * 7) - 3, endOffset: s.endOffset + Math.floor(random() * 7) - 3 })) } });
      }
    expectDefaultsAsOmitted(spanVote, records, { similarity: undefined, quorum: undefined });
  });

  it('masks', () => {
    const random = seededRandom(9);
    const [width, height] = [24, 16];
    const mappings = { cat: { color: '#d62728' }, dog: { color: '#2ca02c' } };
    // Each worker paints a cat rectangle and a dog one with ragged edges, in exact colours or, now and then, in a colour 60 off the label's.
    const answer = (careless: boolean): MaskAnswer => {
      const data = new Uint8Array(width * height * 4);
      const off = random() < 0.3 ? 60 : 0;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const edge = careless ? 6 : 1.5;
          const cat = x >= 3 + (random() - 0.5) * edge && x < 11 + (random() - 0.5) * edge && y >= 3 && y < 12;
          const dog = x >= 14 + (random() - 0.5) * edge && x < 21 && y >= 5 + (random() - 0.5) * edge && y < 14;
          if (cat) data.set([214 - off, 39, 40, 255], (y * width + x) * 4);
          else if (dog) data.set([44, 160 - off, 44, 255], (y * width + x) * 4);
        }
      return { png: encodePng({ width, height, data }), labelMappings: mappings, imageSize: { width, height } };
    };
    const records: Array<AnswerRecord<MaskAnswer>> = [];
    for (let i = 0; i < 4; i++) for (let w = 0; w < 5; w++) records.push({ item: `i${i}`, worker: `w${w}`, answer: answer(w >= 3) });
    // A colour 60 off the label's is the label's within the default tolerance (96), not within 30.
    expectDefaultsAsOmitted(pixelVote, records, { smoothing: undefined, qualityRounds: undefined, colorTolerance: 30 });
    // smoothingRadius counts only with smoothing on; maxItemPixels only for an image past it.
    const smoothed = (options: Record<string, unknown>) => pixelVote.consolidate(records, { smoothing: 0.75, ...options });
    expect(smoothed({ smoothingRadius: 2 })).toEqual(smoothed({}));
    expect(smoothed({ smoothingRadius: 1 })).not.toEqual(smoothed({}));
  });

  it('every registered algorithm with a defaulted option is covered above', () => {
    const covered = [majorityVote, wawa, weightedVote, dawidSkene, dawidSkenePooled, oneCoinDawidSkene, multiLabelVote, boxMerge, keypointMerge, spanVote, pixelVote].map((a) => a.name);
    const withDefaults = Object.values(algorithms).filter((a) => defaulted(a.optionSpecs).length > 0).map((a) => a.name);
    expect(covered).toEqual(expect.arrayContaining(withDefaults));
  });
});
