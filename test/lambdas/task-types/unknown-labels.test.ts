import { describe, expect, it } from 'vitest';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { textDigestForLog } from '../../../lambdas/handlers/log-fields.ts';
import type { HandlerLogger } from '../../../lambdas/handlers/logger.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation, type TaskConsolidationOptions } from '../../../lambdas/task-types/consolidate.ts';
import type { TaskTypeName } from '../../../lambdas/task-types/names.ts';

const payloadUri = 's3://b/p.json';

/** An answer whose content is this text as it is, not JSON (a template that submits plain text). */
class RawContent {
  constructor(readonly text: string) {}
}

/**
 * One batch through the ACS helper; `answers[i]` are object i's answers, by workers w0, w1, ….
 * `warnings` are the warn lines; `logs` every warn and error line, with its level.
 */
async function run(type: TaskTypeName, settings: TaskConsolidationOptions, answers: unknown[][], event: { labelCategories?: string[] } = {}) {
  const warnings: Array<[string, unknown]> = [];
  const logs: Array<['warn' | 'error', string, unknown]> = [];
  const logger: HandlerLogger = {
    ...silentLogger,
    warn: (message, extra) => {
      warnings.push([message, extra]);
      logs.push(['warn', message, extra]);
    },
    error: (message, extra) => logs.push(['error', message, extra]),
  };
  const payload = buildAcsPayload(answers.map((list, id) => ({ datasetObjectId: id, answers: list.map((answer, w) => ({ workerId: `w${w}`, answer })) })));
  payload.forEach((o, i) =>
    o.annotations.forEach((a, w) => {
      const given = answers[i]?.[w];
      if (given instanceof RawContent) a.annotationData.content = given.text;
    }),
  );
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) });
  const response = await invokeAcs(acsHandler({ ...taskConsolidation(type, settings), store, logger }), buildAcsEvent({ payloadUri, ...event }));
  return { contents: response.map((e) => e.consolidatedAnnotation.content), warnings, logs };
}

const single = (label: string) => ({ category: { label } });
const multi = (...labels: string[]) => ({ category: { labels } });
const boxes = (...labels: string[]) => ({ annotatedResult: { inputImageProperties: { width: 100, height: 100 }, boundingBoxes: labels.map((label, i) => ({ label, left: i * 30, top: 0, width: 20, height: 20 })) } });

describe('answers with labels outside the known ones are reported, never silently dropped', () => {
  it.each(['majority-vote', 'dawid-skene'] as const)('single label (%s): set aside with a note; the confidence is that of the one answer that counted', async (algorithm) => {
    const { contents, warnings } = await run('text-classification', { algorithm, labels: ['cat', 'dog'] }, [[single('Dog'), single('Dog'), single('cat')]]);
    expect(contents[0]).toEqual({
      label: '0',
      'label-metadata': { 'class-name': 'cat', confidence: 0, type: 'groundtruth/text-classification', 'consolidation-note': '2 of 3 answers set aside: label "Dog" (w0, w1; did you mean "dog"?) is not one of cat, dog',
        // One entry per answer set aside, for a reader that counts and names them (the dry run's summary).
        'unknown-label-answers': [{ 'worker-id': 'w0', reason: 'label "Dog" (did you mean "dog"?) is not one of cat, dog' }, { 'worker-id': 'w1', reason: 'label "Dog" (did you mean "dog"?) is not one of cat, dog' }],
      },
    });
    expect(warnings).toEqual([['answers with labels outside the known ones were set aside or counted without those labels (the output manifest\'s consolidation-note names them)', { objects: 1, setAside: 2, trimmed: 0, unknownLabelCount: 1, labelDigests: [textDigestForLog('Dog')], known: ['cat', 'dog'] }]]);
  });

  it('logs a count and a short digest of each unknown label, never its text, which the output manifest keeps', async () => {
    const written = 'Jane Doe lives at 1 Main St, SSN 078-05-1120';
    const { contents, warnings } = await run('text-classification', { algorithm: 'majority-vote', labels: ['cat', 'dog'] }, [[single(written), single('cat'), single('cat')]]);
    expect(JSON.stringify(warnings)).not.toContain('Jane');
    expect(warnings[0]?.[1]).toMatchObject({ unknownLabelCount: 1, labelDigests: [expect.stringMatching(/^sha256:[0-9a-f]{12}$/)] });
    // The same text gives the same digest, so a reader matches the log line with the manifest's note.
    expect((warnings[0]?.[1] as { labelDigests: string[] }).labelDigests).toEqual([textDigestForLog(written)]);
    expect(JSON.stringify(contents[0])).toContain(written);
  });

  it('no log line, warning or error, carries what a worker wrote, also when an object fails for it; the output keeps the text', async () => {
    const written = 'Jane Doe lives at 1 Main St, SSN 078-05-1120';
    const { contents, logs } = await run('text-classification', { algorithm: 'majority-vote', labels: ['cat', 'dog'] }, [
      // Every answer's label is unknown: the object fails.
      [single(written), single(written)],
      // An answer whose category is the text is set aside by the parser, whose reason quotes it.
      [single('cat'), single('cat'), { category: written }],
      // Plain text, not JSON: no answer can be used, and JSON.parse's message quotes the text.
      [new RawContent(written), new RawContent(written)],
      // Both at once: one unknown label, one answer set aside.
      [single(written), new RawContent(written)],
    ]);
    for (const line of logs) for (const fragment of ['Jane', 'Main St', '078-05']) expect(JSON.stringify(line)).not.toContain(fragment);
    const errors = logs.filter(([level, message]) => level === 'error' && message === 'object not consolidated').map(([, , extra]) => extra as { datasetObjectId: string; reason: string });
    expect(errors.map((e) => e.datasetObjectId)).toEqual(['0', '2', '3']);
    const digest = textDigestForLog(written);
    expect(errors[0]?.reason).toBe(`no answer has a known label: label ${digest} (w0, w1) is not one of cat, dog`);
    expect(errors[1]?.reason).toBe("none of the 2 answers could be used (annotations[0–1].annotationData.content: not valid JSON (Unexpected token (the answer's text around it is left out of the log) is not valid JSON))");
    expect(errors[2]?.reason).toBe(`no answer has a known label: label ${digest} (w0) is not one of cat, dog (annotations[1].annotationData.content: not valid JSON (Unexpected token (the answer's text around it is left out of the log) is not valid JSON))`);
    const setAside = logs.find(([, message]) => message === 'answers set aside')?.[2] as { rejected: Array<{ workerId: string; reason: string }> };
    // describeValue quotes the first 40 characters: the digest is of those, with the ellipsis.
    expect(setAside.rejected).toEqual([{ workerId: 'w2', reason: `payload[datasetObjectId=1].annotations[2].annotationData.content: answer.category: expected an object, got string ${textDigestForLog(`${written.slice(0, 40)}…`)}` }]);
    // The job's own output keeps the readable reasons, beside the answers they come from.
    expect(failure(contents[0])).toBe(`no answer has a known label: label ${JSON.stringify(written)} (w0, w1) is not one of cat, dog`);
    expect(failure(contents[2])).toContain('"Jane Doe l"');
    expect(JSON.stringify(contents[1]?.['label-metadata'])).toContain('got string \\"Jane Doe');
  });

  it("single label: the event's labelCategories are the known labels when the task has none; two answers that count keep their confidence", async () => {
    const { contents } = await run('text-classification', { algorithm: 'majority-vote' }, [[single('cat'), single('cat'), single('Dog')]], { labelCategories: ['cat', 'dog'] });
    expect(contents[0]?.['label-metadata']).toEqual({ 'class-name': 'cat', confidence: 1, type: 'groundtruth/text-classification', 'consolidation-note': '1 of 3 answers set aside: label "Dog" (w2; did you mean "dog"?) is not one of cat, dog', 'unknown-label-answers': [{ 'worker-id': 'w2', reason: 'label "Dog" (did you mean "dog"?) is not one of cat, dog' }] });
  });

  it('single label: an object whose every answer is unknown fails with the reason and keeps its raw answers', async () => {
    const { contents } = await run('text-classification', { algorithm: 'majority-vote', labels: ['cat', 'dog'] }, [[single('Dog'), single('Bird')]]);
    expect(contents[0]?.label).toEqual({
      consolidationError: 'no answer has a known label: labels "Dog" (w0; did you mean "dog"?), "Bird" (w1) are not among cat, dog',
      rawAnnotations: [
        { workerId: 'w0', content: JSON.stringify(single('Dog')) },
        { workerId: 'w1', content: JSON.stringify(single('Bird')) },
      ],
    });
  });

  it('multi-label: unknown labels are ignored with a note; the known ones count, over every answer', async () => {
    const { contents } = await run('image-classification-multilabel', { algorithm: 'multi-label-vote', labels: ['cat', 'dog'] }, [[multi('cat', 'Dog'), multi('cat', 'Dog'), multi('Dog')]]);
    expect(contents[0]).toEqual({
      label: [0],
      'label-metadata': {
        'class-map': { 0: 'cat' },
        'confidence-map': { 0: 0.67 },
        type: 'groundtruth/image-classification-multilabel',
        'consolidation-note': '3 of 3 answers counted without these labels: label "Dog" (w0, w1, w2; did you mean "dog"?) is not one of cat, dog',
      },
    });
  });

  it('multi-label: answers naming only unknown labels are no answer, not a confident "none"', async () => {
    const { contents } = await run('image-classification-multilabel', { algorithm: 'multi-label-vote', labels: ['cat', 'dog'] }, [[multi('Dog'), multi('Dog')]]);
    expect((contents[0]?.label as { consolidationError: string }).consolidationError).toBe('no answer has a known label: label "Dog" (w0, w1; did you mean "dog"?) is not one of cat, dog');
  });

  it('boxes: boxes with unknown labels are left out with a note naming them, instead of class ids that differ from object to object', async () => {
    const { contents } = await run('bounding-box', { algorithm: 'box-merge', labels: ['car'] }, [
      [boxes('car', 'truck'), boxes('car', 'truck')],
      [boxes('bus', 'car'), boxes('bus', 'car')],
      [boxes('truck'), boxes('truck')],
    ]);
    expect(contents[0]).toEqual({
      label: { image_size: [{ width: 100, height: 100, depth: 3 }], annotations: [{ class_id: 0, left: 0, top: 0, width: 20, height: 20 }] },
      'label-metadata': { objects: [{ confidence: 1 }], 'class-map': { 0: 'car' }, type: 'groundtruth/object-detection', 'consolidation-note': '2 of 2 answers counted without these boxes: label "truck" (w0, w1) is not one of car' },
    });
    expect(contents[1]?.label).toEqual({ image_size: [{ width: 100, height: 100, depth: 3 }], annotations: [{ class_id: 0, left: 30, top: 0, width: 20, height: 20 }] });
    expect((contents[2]?.label as { consolidationError: string }).consolidationError).toBe('no answer has a known label: label "truck" (w0, w1) is not one of car');
  });
});

const size = { width: 100, height: 100 };
const spans = (...list: Array<[string, number, number]>) => ({ 'crowd-entity-annotation': { entities: list.map(([label, startOffset, endOffset]) => ({ label, startOffset, endOffset })) } });
const points = (...list: Array<[string, number, number]>) => ({ annotatedResult: { inputImageProperties: size, keypoints: list.map(([label, x, y]) => ({ label, x, y })) } });
const square = (at: number) => [
  { x: at, y: 0 },
  { x: at + 20, y: 0 },
  { x: at + 20, y: 20 },
  { x: at, y: 20 },
];
const shapes = (...labels: string[]) => ({ annotatedResult: { inputImageProperties: size, polygons: labels.map((label, i) => ({ label, vertices: square(i * 30) })) } });
const failure = (content: Record<string, unknown> | undefined) => (content?.label as { consolidationError?: string } | undefined)?.consolidationError;

describe('spans, points and shapes with labels outside the known ones are left out as boxes are', () => {
  it('named entity: a span labelled "Persn" is left out and cannot win the label vote; one warning for the batch', async () => {
    const { contents, warnings } = await run('named-entity', { algorithm: 'span-vote', labels: ['Person', 'Place'] }, [
      [spans(['Person', 0, 6], ['Place', 10, 16]), spans(['Persn', 0, 6], ['Place', 10, 16]), spans(['Persn', 0, 6], ['Place', 10, 16])],
      [spans(['Person', 0, 6]), spans(['Persn', 0, 6]), spans()],
    ]);
    expect(contents[0]).toEqual({
      label: { annotations: { labels: [{ label: 'Person' }, { label: 'Place' }], entities: [{ label: 'Place', startOffset: 10, endOffset: 16 }] } },
      'label-metadata': { entities: [{ confidence: 1 }], type: 'groundtruth/text-span', 'consolidation-note': '2 of 3 answers counted without these spans: label "Persn" (w1, w2; did you mean "Person"?) is not one of Person, Place' },
    });
    // Before, the "Persn"/"Person" cluster went to "Persn" on the tie.
    expect(contents[1]?.label).toEqual({ annotations: { labels: [{ label: 'Person' }, { label: 'Place' }], entities: [{ label: 'Person', startOffset: 0, endOffset: 6 }] } });
    expect(warnings).toEqual([['answers with labels outside the known ones were set aside or counted without those labels (the output manifest\'s consolidation-note names them)', { objects: 2, setAside: 1, trimmed: 2, unknownLabelCount: 1, labelDigests: [textDigestForLog('Persn')], known: ['Person', 'Place'] }]]);
  });

  it("named entity: a tied label vote goes to the first of the task's labels, as for classes, not to the first in the alphabet", async () => {
    const { contents } = await run('named-entity', { algorithm: 'span-vote', labels: ['Place', 'Person'] }, [[spans(['Person', 0, 6]), spans(['Place', 0, 6])]]);
    expect(contents[0]?.label).toEqual({ annotations: { labels: [{ label: 'Place' }, { label: 'Person' }], entities: [{ label: 'Place', startOffset: 0, endOffset: 6 }] } });
  });

  it('named entity: an answer whose every span has an unknown label is set aside, not taken as "no entity here"; one that marked nothing still counts', async () => {
    const { contents } = await run('named-entity', { algorithm: 'span-vote', labels: ['Person', 'Place'] }, [
      [spans(['Person', 0, 6]), spans(['Person', 0, 6]), spans(['Persn', 20, 26]), spans(['Persn', 20, 26]), spans()],
    ]);
    // Counted as "nothing here", the two emptied answers would put Person at 2 of 5, under the quorum.
    expect(contents[0]).toEqual({
      label: { annotations: { labels: [{ label: 'Person' }, { label: 'Place' }], entities: [{ label: 'Person', startOffset: 0, endOffset: 6 }] } },
      'label-metadata': { entities: [{ confidence: 0.67 }], type: 'groundtruth/text-span', 'consolidation-note': '2 of 5 answers set aside: label "Persn" (w2, w3; did you mean "Person"?) is not one of Person, Place',
        'unknown-label-answers': [{ 'worker-id': 'w2', reason: 'label "Persn" (did you mean "Person"?) is not one of Person, Place' }, { 'worker-id': 'w3', reason: 'label "Persn" (did you mean "Person"?) is not one of Person, Place' }],
      },
    });
  });

  it('named entity: an object whose every span has an unknown label fails with the reason; one with only empty answers left is labelled "nothing"', async () => {
    const { contents } = await run('named-entity', { algorithm: 'span-vote', labels: ['Person', 'Place'] }, [
      [spans(['Persn', 0, 6]), spans(['Persn', 0, 6])],
      [spans(), spans(), spans(['Persn', 0, 6])],
    ]);
    expect(failure(contents[0])).toBe('no answer has a known label: label "Persn" (w0, w1; did you mean "Person"?) is not one of Person, Place');
    expect(contents[1]).toEqual({
      label: { annotations: { labels: [{ label: 'Person' }, { label: 'Place' }], entities: [] } },
      'label-metadata': { entities: [], type: 'groundtruth/text-span', 'consolidation-note': '1 of 3 answers set aside: label "Persn" (w2; did you mean "Person"?) is not one of Person, Place',
        'unknown-label-answers': [{ 'worker-id': 'w2', reason: 'label "Persn" (did you mean "Person"?) is not one of Person, Place' }],
      },
    });
  });

  it("keypoints: points with unknown labels are left out; answers with only such points are set aside; the event's labelCategories count as the known labels", async () => {
    const { contents, warnings } = await run(
      'keypoint',
      { algorithm: 'keypoint-merge' },
      [
        [points(['nose', 10, 10], ['eye', 50, 50]), points(['nse', 10, 10], ['eye', 50, 50]), points(['nse', 10, 10], ['eye', 50, 50])],
        [points(['nose', 10, 10]), points(['nose', 10, 10]), points(['nse', 10, 10]), points(['nse', 10, 10]), points(['nse', 10, 10])],
        [points(['nse', 10, 10]), points(['nse', 10, 10])],
      ],
      { labelCategories: ['nose', 'eye'] },
    );
    expect(contents[0]).toEqual({
      label: { keypoints: [{ label: 'eye', x: 50, y: 50 }], inputImageProperties: size },
      'label-metadata': { keypoints: [{ confidence: 1 }], confidence: 1, type: 'groundtruth/custom', 'consolidation-note': '2 of 3 answers counted without these points: label "nse" (w1, w2; did you mean "nose"?) is not one of nose, eye' },
    });
    expect(contents[1]).toEqual({
      label: { keypoints: [{ label: 'nose', x: 10, y: 10 }], inputImageProperties: size },
      'label-metadata': { keypoints: [{ confidence: 1 }], confidence: 1, type: 'groundtruth/custom', 'consolidation-note': '3 of 5 answers set aside: label "nse" (w2, w3, w4; did you mean "nose"?) is not one of nose, eye',
        'unknown-label-answers': ['w2', 'w3', 'w4'].map((w) => ({ 'worker-id': w, reason: 'label "nse" (did you mean "nose"?) is not one of nose, eye' })),
      },
    });
    expect(failure(contents[2])).toBe('no answer has a known label: label "nse" (w0, w1; did you mean "nose"?) is not one of nose, eye');
    expect(warnings).toEqual([['answers with labels outside the known ones were set aside or counted without those labels (the output manifest\'s consolidation-note names them)', { objects: 3, setAside: 5, trimmed: 2, unknownLabelCount: 1, labelDigests: [textDigestForLog('nse')], known: ['nose', 'eye'] }]]);
  });

  it('polygons: shapes with unknown labels are left out, and an answer of only such shapes cannot be the chosen one', async () => {
    const { contents } = await run('polygon', { algorithm: 'polygon-best-agreement', labels: ['dog'] }, [
      [shapes('dog', 'cat'), shapes('dog', 'cat')],
      [shapes('dog'), shapes('Dgo'), shapes('Dgo')],
      [shapes('Dgo'), shapes('Dgo')],
    ]);
    expect(contents[0]).toEqual({
      label: { polygons: [{ label: 'dog', vertices: square(0) }], inputImageProperties: size },
      'label-metadata': { confidence: 1, type: 'groundtruth/custom', 'consolidation-note': '2 of 2 answers counted without these shapes: label "cat" (w0, w1) is not one of dog' },
    });
    expect(contents[1]).toEqual({
      label: { polygons: [{ label: 'dog', vertices: square(0) }], inputImageProperties: size },
      'label-metadata': { confidence: 0, type: 'groundtruth/custom', 'consolidation-note': '2 of 3 answers set aside: label "Dgo" (w1, w2) is not one of dog',
        'unknown-label-answers': [{ 'worker-id': 'w1', reason: 'label "Dgo" is not one of dog' }, { 'worker-id': 'w2', reason: 'label "Dgo" is not one of dog' }],
      },
    });
    expect(failure(contents[2])).toBe('no answer has a known label: label "Dgo" (w0, w1) is not one of dog');
  });

  it('boxes: an answer whose every box has an unknown label is set aside, not counted as "nothing here" against the known boxes', async () => {
    const { contents } = await run('bounding-box', { algorithm: 'box-merge', labels: ['car'] }, [[boxes('car'), boxes('car'), boxes('truck'), boxes('truck'), boxes('truck')]]);
    expect(contents[0]).toEqual({
      label: { image_size: [{ width: 100, height: 100, depth: 3 }], annotations: [{ class_id: 0, left: 0, top: 0, width: 20, height: 20 }] },
      'label-metadata': { objects: [{ confidence: 1 }], 'class-map': { 0: 'car' }, type: 'groundtruth/object-detection', 'consolidation-note': '3 of 5 answers set aside: label "truck" (w2, w3, w4) is not one of car',
        'unknown-label-answers': ['w2', 'w3', 'w4'].map((w) => ({ 'worker-id': w, reason: 'label "truck" is not one of car' })),
      },
    });
  });

  it('spans, points and shapes without any known labels are all consolidated, with no note and no warning about class order', async () => {
    const named = await run('named-entity', { algorithm: 'span-vote' }, [[spans(['Persn', 0, 6]), spans(['Persn', 0, 6])]]);
    const keypoints = await run('keypoint', { algorithm: 'keypoint-merge' }, [[points(['nse', 10, 10]), points(['nse', 10, 10])]]);
    const polygons = await run('polygon', { algorithm: 'polygon-best-agreement' }, [[shapes('Dgo'), shapes('Dgo')]]);
    expect(named.contents[0]?.label).toEqual({ annotations: { labels: [{ label: 'Persn' }], entities: [{ label: 'Persn', startOffset: 0, endOffset: 6 }] } });
    expect(keypoints.contents[0]?.label).toEqual({ keypoints: [{ label: 'nse', x: 10, y: 10 }], inputImageProperties: size });
    expect(polygons.contents[0]?.label).toEqual({ polygons: [{ label: 'Dgo', vertices: square(0) }], inputImageProperties: size });
    for (const r of [named, keypoints, polygons]) {
      expect(r.contents[0]?.['label-metadata']).not.toHaveProperty('consolidation-note');
      expect(r.warnings).toEqual([]);
    }
  });
});

describe('notes stay short however many labels and workers a job has', () => {
  const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  it('a long list of known labels is named by its first ten and a count, in the note and in the failure', async () => {
    const labels = many('class-', 300);
    const { contents } = await run('text-classification', { algorithm: 'majority-vote', labels }, [[single('class-0'), single('other')], [single('other')]]);
    const known = 'class-0, class-1, class-2, class-3, class-4, class-5, class-6, class-7, class-8, class-9 and 290 more';
    expect(contents[0]?.['label-metadata']).toMatchObject({ 'consolidation-note': `1 of 2 answers set aside: label "other" (w1) is not one of ${known}` });
    expect(failure(contents[1])).toBe(`no answer has a known label: label "other" (w0) is not one of ${known}`);
  });

  it('many unknown labels in one object: the first five are named with their workers, the rest counted', async () => {
    const { contents } = await run('bounding-box', { algorithm: 'box-merge', labels: ['car'] }, [[boxes('car', ...many('x', 8)), boxes('car')]]);
    expect(contents[0]?.['label-metadata']).toMatchObject({
      'consolidation-note': '1 of 2 answers counted without these boxes: labels "x0" (w0), "x1" (w0), "x2" (w0), "x3" (w0), "x4" (w0) and 3 more are not among car',
    });
  });

  it("an answer set aside for many unknown labels has its entry name the first five and a count, each with its suggestion", async () => {
    const { contents } = await run('bounding-box', { algorithm: 'box-merge', labels: ['car', 'truck'] }, [[boxes('lamp-0', 'Truck', ...many('lamp-', 8).slice(1)), boxes('car'), boxes('car')]]);
    expect(contents[0]?.['label-metadata']).toMatchObject({
      'unknown-label-answers': [{ 'worker-id': 'w0', reason: 'labels "lamp-0", "Truck" (did you mean "truck"?), "lamp-1", "lamp-2", "lamp-3" and 4 more are not among car, truck' }],
    });
  });

  it('a label given by many workers names the first five and a count', async () => {
    const answers = [single('cat'), ...Array.from({ length: 12 }, () => single('Cat'))];
    const { contents } = await run('text-classification', { algorithm: 'majority-vote', labels: ['cat', 'dog'] }, [answers]);
    expect(contents[0]?.['label-metadata']).toMatchObject({ 'consolidation-note': '12 of 13 answers set aside: label "Cat" (w1, w2, w3, w4, w5 and 7 more; did you mean "cat"?) is not one of cat, dog' });
  });

  it('a label that differs from a known one by case or spaces is matched to it before any typo', async () => {
    const { contents } = await run('text-classification', { algorithm: 'majority-vote', labels: ['cart', 'Car'] }, [[single('car '), single('Car')]]);
    expect(contents[0]?.['label-metadata']).toMatchObject({ 'consolidation-note': '1 of 2 answers set aside: label "car " (w0; did you mean "Car"?) is not one of cart, Car' });
  });

  it('hostile: 20,000 made-up labels against 2,000 known ones keep the note under a kilobyte and the warning at 100 labels of each, with no quadratic step', async () => {
    const labels = many('known-', 2000);
    const started = performance.now();
    const { contents, warnings } = await run('bounding-box', { algorithm: 'box-merge', labels }, [[boxes('known-0', ...many('made-up-', 20_000)), boxes('known-0')]]);
    const elapsed = performance.now() - started;
    const note = (contents[0]?.['label-metadata'] as { 'consolidation-note': string })['consolidation-note'];
    expect(note.length).toBeLessThan(1000);
    expect(note).toContain('and 19995 more are not among known-0,');
    const extra = warnings[0]?.[1] as { labelDigests: string[]; unknownLabelCount: number; known: string[]; knownLabelCount: number };
    expect([extra.labelDigests.length, extra.unknownLabelCount, extra.known.length, extra.knownLabelCount]).toEqual([100, 20_000, 100, 2000]);
    // Generous: the point is that no step is quadratic in the labels (a few hundred ms here).
    expect(elapsed).toBeLessThan(5000);
  });
});

describe('multi-label-vote used directly', () => {
  it('cuts the known labels in its reason for an item with no known label', async () => {
    const { multiLabelVote } = await import('../../../lambdas/consolidation/multi-label.ts');
    const labels = Array.from({ length: 50 }, (_, i) => `l${i}`);
    const result = multiLabelVote.consolidate([{ item: 'a', worker: 'w', answer: ['zzz'] }], { labels });
    expect(result.items[0]?.reason).toBe('no answer with a known label (known: l0, l1, l2, l3, l4, l5, l6, l7, l8, l9 and 40 more)');
  });
});
