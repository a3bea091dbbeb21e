import { describe, expect, it } from 'vitest';
import { algorithms } from '../../../lambdas/consolidation/index.ts';
import { checkOptions, describeSpec, type OptionSpecs } from '../../../lambdas/consolidation/options.ts';
import { ContractError } from '../../../lambdas/contracts/errors.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { getTaskType } from '../../../lambdas/task-types/registry.ts';

const specs: OptionSpecs = {
  share: { kind: 'number', min: 0, max: 1, default: 0.5, what: 'a share' },
  rounds: { kind: 'number', min: 0, max: 10, integer: true, default: 2, what: 'rounds' },
  smoothing: { kind: 'number', min: 0, aboveMin: true, default: 1e-6, what: 'pseudo-counts' },
  ties: { kind: 'choice', values: ['include', 'exclude'], default: 'include', what: 'ties' },
  labels: { kind: 'labels', what: 'labels' },
  weights: { kind: 'weights', what: 'weights' },
};
const problems = (options: unknown) => checkOptions(specs, options, 'opts').map((i) => `${i.path}: ${i.problem}`);

describe('algorithm options are checked before a batch runs', () => {
  it('accepts good values and no options at all; undefined values are left out', () => {
    expect(problems(undefined)).toEqual([]);
    expect(problems({})).toEqual([]);
    expect(problems({ share: 0, rounds: 10, smoothing: 1e-9, ties: 'exclude', labels: ['a', 'b'], weights: { w1: 0, w2: 2.5 } })).toEqual([]);
    expect(problems({ share: undefined, rounds: undefined })).toEqual([]);
  });

  it('names each bad value with its path, what was expected and what the option is for', () => {
    expect(problems({ share: 1.5, rounds: 2.5, smoothing: 0, ties: 'maybe', labels: ['a', '', 'a'], weights: { w1: -1 } })).toEqual([
      'opts.share: expected a number at least 0 and at most 1, got 1.5 (a share)',
      'opts.rounds: expected a whole number, got 2.5 (rounds)',
      'opts.smoothing: expected a number above 0, got 0 (pseudo-counts)',
      'opts.ties: expected "include" or "exclude", got "maybe" (ties)',
      'opts.labels: item 1: expected a non-empty string, got an empty one (labels)',
      'opts.weights: worker "w1": expected a number ≥ 0, got -1 (weights)',
    ]);
    expect(problems({ share: '0.5', rounds: Number.NaN, smoothing: Infinity, ties: 1, labels: 'a,b', weights: [] })).toEqual([
      'opts.share: expected a number, got string "0.5" (a share)',
      'opts.rounds: expected a number, got NaN (rounds)',
      'opts.smoothing: expected a number, got Infinity (pseudo-counts)',
      'opts.ties: expected "include" or "exclude", got 1 (ties)',
      'opts.labels: expected a list of labels, got string (labels)',
      'opts.weights: expected an object of worker id → weight, got array (weights)',
    ]);
  });

  it('a hole in a sparse list, a repeated label and a weight that is not a number are problems, not skipped', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(problems({ labels: ['a', , 'b'] })).toEqual(['opts.labels: item 1: expected a non-empty string, got undefined (labels)']);
    expect(problems({ labels: ['a', 'b', 'a'] })).toEqual(['opts.labels: item 2: "a" is listed twice (labels)']);
    expect(problems({ weights: { w: '1' } })).toEqual(['opts.weights: worker "w": expected a number ≥ 0, got string (weights)']);
  });

  it('an unknown name is a problem, with the option it is a typo of, or the list; `__proto__` is a name like any other', () => {
    expect(problems({ shaer: 0.5, colour: 1 })).toEqual(['opts.shaer: not an option of this algorithm; did you mean "share"?', 'opts.colour: not an option of this algorithm; it takes share, rounds, smoothing, ties, labels, weights']);
    expect(problems(JSON.parse('{"__proto__": 1}'))).toEqual(['opts.__proto__: not an option of this algorithm; it takes share, rounds, smoothing, ties, labels, weights']);
    expect(checkOptions({}, { x: 1 }, 'o')).toEqual([{ path: 'o.x', problem: 'not an option of this algorithm; it takes none' }]);
    // A name that is not a plain one is quoted, so the path reads back as one key (lint places the finding by it).
    expect(checkOptions({}, { 'quorum.min': 1 }, 'o')).toEqual([{ path: 'o["quorum.min"]', problem: 'not an option of this algorithm; it takes none' }]);
    expect(problems([1])).toEqual(['opts: expected an object of options, got array']);
  });

  it('every registered algorithm declares its options, and each is one of the four kinds', () => {
    for (const algorithm of Object.values(algorithms)) {
      for (const spec of Object.values(algorithm.optionSpecs)) expect(['number', 'choice', 'labels', 'weights']).toContain(spec.kind);
    }
    expect(Object.keys(algorithms['dawid-skene']?.optionSpecs ?? {})).toEqual(['labels', 'maxIterations', 'tolerance', 'smoothing', 'diagonalPrior', 'priorWeight', 'pooling', 'confidencePrior']);
    expect(Object.keys(algorithms['box-merge']?.optionSpecs ?? {})).toEqual(['labels', 'iouThreshold', 'quorum', 'qualityRounds', 'weights']);
    expect(Object.keys(algorithms['pixel-vote']?.optionSpecs ?? {})).toEqual(['labels', 'smoothing', 'smoothingRadius', 'qualityRounds', 'weights', 'colorTolerance', 'maxItemPixels']);
  });
});

describe('options in help text', () => {
  it('says what each kind takes, in a few words, and the default of a number or a choice', () => {
    expect(Object.values(specs).map(describeSpec)).toEqual(['number 0–1 (default: 0.5)', 'whole number 0–10 (default: 2)', 'number > 0 (default: 0.000001)', '"include" | "exclude" (default: "include")', 'list of labels', '{ "<worker id>": weight ≥ 0 }']);
    expect(describeSpec({ kind: 'number', min: 0, default: 10, what: '' })).toBe('number ≥ 0 (default: 10)');
    expect(describeSpec({ kind: 'number', default: -1, what: '' })).toBe('number (default: -1)');
  });

  it("every registered algorithm's number and choice options have a default their own spec accepts", () => {
    for (const algorithm of Object.values(algorithms)) {
      const defaults = Object.fromEntries(Object.entries(algorithm.optionSpecs).flatMap(([name, spec]) => ('default' in spec ? [[name, spec.default]] : [])));
      expect(checkOptions(algorithm.optionSpecs, defaults, algorithm.name)).toEqual([]);
      // Every number and choice option has one (labels and weights have none: left out, they mean "the answers'" and "equal").
      expect(Object.keys(defaults)).toEqual(Object.entries(algorithm.optionSpecs).filter(([, spec]) => spec.kind === 'number' || spec.kind === 'choice').map(([name]) => name));
    }
  });

  it('each Dawid–Skene variant has its own defaults, and help shows them', () => {
    const spec = (algorithm: string, option: string) => algorithms[algorithm]?.optionSpecs[option];
    expect([spec('dawid-skene', 'diagonalPrior'), spec('dawid-skene-pooled', 'diagonalPrior'), spec('one-coin-dawid-skene', 'diagonalPrior')].map((s) => s && 'default' in s && s.default)).toEqual([0.3, 0.5, 0.3]);
    expect([spec('dawid-skene', 'pooling'), spec('dawid-skene-pooled', 'pooling')].map((s) => s && describeSpec(s))).toEqual(['number ≥ 0 (default: 0)', 'number ≥ 0 (default: 5)']);
  });
});

describe('taskConsolidation checks its settings at cold start', () => {
  const boxes = getTaskType('bounding-box');
  it('throws one ContractError listing every problem, with config paths', () => {
    const attempt = () => taskConsolidation(boxes, { algorithm: 'box-merge', options: { quorum: 2, iouTreshold: 0.5, prior: {} }, labels: ['car'] });
    expect(attempt).toThrow(ContractError);
    expect(attempt).toThrow(/consolidation\.options\.quorum: expected a number at least 0 and at most 1, got 2/);
    expect(attempt).toThrow(/consolidation\.options\.iouTreshold: not an option of this algorithm; did you mean "iouThreshold"\?/);
    expect(attempt).toThrow(/consolidation\.options\.prior: not an option of this algorithm/);
    expect(() => taskConsolidation(boxes, { algorithm: 'dawid-skene', labels: [] })).toThrow(/"dawid-skene" consolidates class answers, but bounding-box answers are box; use box-merge/);
    expect(() => taskConsolidation(boxes, { algorithm: 'toString' as never, labels: [] })).toThrow(/unknown algorithm "toString"; for bounding-box use box-merge/);
  });

  it("labels in the options would be overridden by the task's labels, so they are a problem when the task has labels", () => {
    const classes = getTaskType('text-classification');
    expect(() => taskConsolidation(classes, { algorithm: 'majority-vote', options: { labels: ['b', 'a'] }, labels: ['a', 'b'] })).toThrow(/consolidation\.options\.labels: the task's labels are used/);
    expect(() => taskConsolidation(classes, { algorithm: 'majority-vote', options: { labels: ['b', 'a'] }, labels: [] })).not.toThrow();
  });

  it('good options reach the algorithm: a quorum of 1 drops a box only two of three workers drew', async () => {
    const object = (id: string, drawnBy: number) => ({
      datasetObjectId: id,
      dataObject: { 'source-ref': `s3://b/${id}.jpg` },
      annotations: ['w1', 'w2', 'w3'].map((workerId, i) => ({
        workerId,
        answer: boxes.parseAnswer({ annotatedResult: { boundingBoxes: i < drawnBy ? [{ label: 'car', left: 10, top: 10, width: 50, height: 40 }] : [], inputImageProperties: { width: 200, height: 100 } } }),
      })),
    });
    const context = { state: { load: async () => undefined, save: async () => {}, loadShared: async () => undefined, contribute: async () => {}, uri: 'memory' }, logger: { warn() {}, info() {}, error() {}, debug() {} }, event: { labelCategories: ['car'] } } as never;
    const boxesOf = async (options: Record<string, unknown>) => {
      const out = await taskConsolidation(boxes, { algorithm: 'box-merge', options, labels: ['car'] }).consolidateBatch([object('0', 2)] as never, context);
      return ((out.get('0') as { label: { annotations: unknown[] } }).label.annotations ?? []).length;
    };
    expect(await boxesOf({})).toBe(1);
    expect(await boxesOf({ quorum: 1 })).toBe(0);
  });
});
