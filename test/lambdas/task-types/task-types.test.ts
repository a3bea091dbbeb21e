import { describe, expect, it } from 'vitest';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { buildAcsEvent, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import { seededRandom, taskTypeNames, taskTypes, getTaskType, type TaskTypeName } from '../../../lambdas/task-types/index.ts';
import { sampleData } from '../../../scaffold/init/samples.ts';
import { simulateAnswers, simulatedWorkers } from '../../../scaffold/run/simulate.ts';

describe('task types', () => {
  it('has one definition per stable name, and refuses unknown names with the list', () => {
    expect(Object.keys(taskTypes).sort()).toEqual([...taskTypeNames].sort());
    expect(() => getTaskType('boxes')).toThrow(/unknown task type "boxes"; use one of image-classification/);
    expect(() => getTaskType('constructor')).toThrow(/unknown task type "constructor"/);
  });

  describe.each(taskTypeNames)('%s', (name) => {
    const type = getTaskType(name);
    const samples = sampleData(name);
    const labelDefs = samples.labels.map((l) => (typeof l === 'string' ? { label: l } : l));
    const labels = labelDefs.map((l) => l.label);
    const lines = samples.lines.map((l) => JSON.parse(JSON.stringify(l).replaceAll('{{prefix}}', 's3://bucket/prefix')));

    it('builds a task input from every sample line', () => {
      for (const line of lines) expect(type.buildTaskInput(line, labelDefs)).toHaveProperty('taskObject');
    });

    it('simulates answers its own parser accepts, reproducibly', () => {
      const workers = simulatedWorkers({ workers: 5, seed: 3, spammers: 0.2 });
      const run = () => lines.flatMap((line, i) => simulateAnswers(type, String(i), line, type.buildTaskInput(line, labelDefs), labels, workers, { workers: 5, seed: 3 }));
      const answers = run();
      expect(JSON.stringify(run())).toBe(JSON.stringify(answers));
      for (const a of answers) expect(() => type.parseAnswer(a.answerContent)).not.toThrow();
    });

    it("names the simulated workers in the job's Region, with the same answers in every Region", () => {
      const answersIn = (region: string) => lines.flatMap((line, i) => simulateAnswers(type, String(i), line, type.buildTaskInput(line, labelDefs), labels, simulatedWorkers({ workers: 3, seed: 4 }, region), { workers: 3, seed: 4 }));
      const paris = answersIn('eu-west-3');
      expect(paris.every((a) => /^private\.eu-west-3\.sim\d{13}$/.test(a.workerId))).toBe(true);
      expect(paris.map((a) => JSON.stringify(a.answerContent))).toEqual(answersIn('us-east-1').map((a) => JSON.stringify(a.answerContent)));
    });

    it('rates an answer as fully similar to itself', () => {
      const line = lines[0];
      const [a] = simulateAnswers(type, '0', line, type.buildTaskInput(line, labelDefs), labels, simulatedWorkers({ workers: 1, seed: 1 }), { workers: 1, seed: 1 });
      const parsed = type.parseAnswer(a?.answerContent);
      expect(type.similarity(parsed, parsed)).toBeCloseTo(1, 10);
    });

    it('names the path of a malformed answer', () => {
      expect(() => type.parseAnswer({})).toThrow(`answer.${type.answerField}: is missing`);
      expect(() => type.parseAnswer(null)).toThrow('answer: expected an object');
    });
  });

  it('rejects named-entity offsets that are reversed or fractional', () => {
    const ner = getTaskType('named-entity');
    expect(() => ner.parseAnswer({ 'crowd-entity-annotation': { entities: [{ label: 'x', startOffset: 5, endOffset: 5 }] } })).toThrow(/0 ≤ startOffset < endOffset/);
    expect(() => ner.parseAnswer({ 'crowd-entity-annotation': { entities: [{ label: 'x', startOffset: 1.5, endOffset: 3 }] } })).toThrow(/whole numbers/);
  });

  it('rejects boxes with NaN or missing coordinates, by path', () => {
    const box = getTaskType('bounding-box');
    expect(() => box.parseAnswer({ annotatedResult: { boundingBoxes: [{ label: 'a', left: 'x', top: 0, width: 1, height: 1 }], inputImageProperties: { width: 10, height: 10 } } })).toThrow(
      'answer.annotatedResult.boundingBoxes[0].left: expected a finite number, got string "x"',
    );
  });

  it('lets spammers agree less with the crowd than good workers', () => {
    const type = getTaskType('text-classification');
    const labels = ['a', 'b', 'c', 'd'];
    const workers = simulatedWorkers({ workers: 6, seed: 9, spammers: 1 / 3, accuracy: [0.9, 0.95] });
    const random = seededRandom(1);
    let good = 0;
    let spam = 0;
    for (let i = 0; i < 300; i++) {
      const truth = labels[Math.floor(random() * 4)];
      const answers = simulateAnswers(type, String(i), { source: 't', truth }, { taskObject: 't', labels }, labels, workers, { workers: 6, seed: 9 });
      good += answers.slice(0, 4).filter((a) => (a.answerContent.category as { label: string }).label === truth).length;
      spam += answers.slice(4).filter((a) => (a.answerContent.category as { label: string }).label === truth).length;
    }
    expect(good / (300 * 4)).toBeGreaterThan(0.85);
    expect(spam / (300 * 2)).toBeLessThan(0.35);
  });
});

describe('task types through the ACS helper', () => {
  const payloadUri = 's3://b/output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/p.json';
  async function consolidate(typeName: string, answers: Array<Record<string, unknown>>, labels: string[] = []) {
    const type = getTaskType(typeName);
    const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify([{ datasetObjectId: '0', annotations: answers.map((a, i) => ({ workerId: `w${i}`, annotationData: { content: JSON.stringify(a) } })) }]) });
    const c = taskConsolidation(type, { algorithm: type.defaultAlgorithm, labels });
    const handler = acsHandler({ store, logger: silentLogger, decode: c.decode, parseAnswer: c.parseAnswer, consolidateBatch: c.consolidateBatch });
    return (await invokeAcs(handler, buildAcsEvent({ payloadUri }), ['0']))[0]?.consolidatedAnnotation.content;
  }

  it('free text that looks like JSON is text: "[1, 2, 3]" stays a transcription', async () => {
    const content = await consolidate('free-text', [{ transcription: '[1, 2, 3]' }, { transcription: '[1, 2, 3]' }, { transcription: '{}' }]);
    expect(content?.label).toBe('[1, 2, 3]');
  });

  it('multi-label without labels from the task or the event indexes the labels the answers use, instead of emptying every answer', async () => {
    const content = await consolidate('text-classification-multilabel', [{ category: { labels: ['cat', 'dog'] } }, { category: { labels: ['cat'] } }, { category: { labels: ['cat'] } }]);
    expect(content?.label).toEqual([0]);
    expect(content?.['label-metadata']).toMatchObject({ 'class-map': { 0: 'cat' } });
    const single = await consolidate('text-classification', [{ category: { label: 'dog' } }, { category: { label: 'dog' } }]);
    expect(single?.label).toBe('0');
    expect(single?.['label-metadata']).toMatchObject({ 'class-name': 'dog' });
  });
});

describe('simulated answers are what the Crowd HTML Elements would submit', () => {
  // Every worker a spammer, the hardest case (they invent shapes and pick labels at random).
  const spammerAnswers = (name: (typeof taskTypeNames)[number]) => {
    const type = getTaskType(name);
    const samples = sampleData(name);
    const labelDefs = samples.labels.map((l) => (typeof l === 'string' ? { label: l } : l));
    const labels = labelDefs.map((l) => l.label);
    const lines = samples.lines.map((l) => JSON.parse(JSON.stringify(l).replaceAll('{{prefix}}', 's3://bucket/prefix')));
    const workers = simulatedWorkers({ workers: 6, seed: 5, spammers: 1 });
    return lines.flatMap((line, i) => simulateAnswers(type, String(i), line, type.buildTaskInput(line, labelDefs), labels, workers, { workers: 6, seed: 5 })).map((a) => a.answerContent);
  };

  it.each(['bounding-box', 'keypoint', 'polygon'] as const)('%s: every coordinate in whole image pixels', (name) => {
    const numbers: number[] = [];
    const collect = (value: unknown, key = ''): void => {
      if (typeof value === 'number' && ['left', 'top', 'width', 'height', 'x', 'y'].includes(key)) numbers.push(value);
      else if (Array.isArray(value)) value.forEach((v) => collect(v));
      else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    collect(spammerAnswers(name));
    expect(numbers.length).toBeGreaterThan(20);
    expect(numbers.filter((n) => !Number.isInteger(n))).toEqual([]);
  });

  it.each(['image-classification-multilabel', 'text-classification-multilabel'] as const)('%s: never an empty choice (the element refuses one)', (name) => {
    const chosen = spammerAnswers(name).map((a) => ((a as { category: { labels: string[] } }).category.labels).length);
    expect(chosen.length).toBeGreaterThan(20);
    expect(chosen.filter((n) => n === 0)).toEqual([]);
  });
});

describe('each task type names the truth value its simulation reads', () => {
  const labels = ['cat', 'dog'];
  // A value the simulation reads, and one it would replace by made-up answers, per type.
  const cases: Record<TaskTypeName, [unknown, unknown]> = {
    'image-classification': ['dog', 'Dog'],
    'text-classification': ['cat', 3],
    'video-classification': ['cat', ['cat']],
    'image-classification-multilabel': [['cat', 'dog'], ['cat', 'bird']],
    'text-classification-multilabel': [[], 'cat'],
    'bounding-box': [{ boxes: [], imageSize: { width: 10, height: 10 } }, { box: [] }],
    keypoint: [[{ label: 'cat', x: 1, y: 2 }], 'cat'],
    polygon: [{ polygons: [] }, 7],
    'named-entity': [[{ label: 'cat', startOffset: 0, endOffset: 3 }], { entities: [] }],
    'free-text': ['a transcript', ['a']],
    'semantic-segmentation': [{ polygons: [], imageSize: { width: 10, height: 10 } }, { polygons: [], imageSize: { width: 0, height: 10 } }],
  };
  it.each(taskTypeNames)('%s', (name) => {
    const shape = getTaskType(name).truth;
    const [usable, unusable] = cases[name];
    expect(shape?.usable(usable, labels)).toBe(true);
    expect(shape?.usable(unusable, labels)).toBe(false);
    expect(shape?.expected).toMatch(/^(one of|a list of|a string)/);
  });
});
