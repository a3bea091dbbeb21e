import { describe, expect, it } from 'vitest';
import { classIdsOf } from '../../../lambdas/formats/class-ids.ts';
import { builtInConfidence, classificationOutput, multiLabelOutput, objectDetectionOutput, textSpanOutput } from '../../../lambdas/formats/index.ts';

describe('built-in output formats', () => {
  it('classification: class index, class-name, confidence rounded to 2 decimals', () => {
    expect(classificationOutput('dog', ['cat', 'dog'], 0.876, 'groundtruth/image-classification')).toEqual({ label: 1, metadata: { 'class-name': 'dog', confidence: 0.88, type: 'groundtruth/image-classification' } });
  });

  it('one worker per object means confidence 0, as Ground Truth reports it', () => {
    expect(builtInConfidence(0.97, 1)).toBe(0);
    expect(classificationOutput('cat', ['cat'], 1, 'groundtruth/text-classification', 1).metadata.confidence).toBe(0);
  });

  it('multi-label: indices, class-map and confidence-map', () => {
    expect(multiLabelOutput(['b', 'c'], ['a', 'b', 'c'], { a: 0, b: 0.666, c: 1 }, 'groundtruth/image-classification-multilabel')).toEqual({
      label: [1, 2],
      metadata: { 'class-map': { '1': 'b', '2': 'c' }, 'confidence-map': { '1': 0.67, '2': 1 }, type: 'groundtruth/image-classification-multilabel' },
    });
  });

  it('multi-label: a label outside the classes gets an index after them, named in the class-map, not dropped', () => {
    const out = multiLabelOutput(['b', 'zebra', 'a', 'zebra'], ['a', 'b'], { a: 1, b: 0.5, zebra: 0.25 }, undefined, 4);
    expect(out).toEqual({ label: [1, 2, 0], metadata: { 'class-map': { '0': 'a', '1': 'b', '2': 'zebra' }, 'confidence-map': { '0': 1, '1': 0.5, '2': 0.25 } } });
  });

  // Edges rounded: left 10.4 → 10, right 40.6 → 41; top 20.6 → 21, bottom 61.1 → 61.
  it('object detection: image_size, integer boxes with class_id, objects in the same order, class-map', () => {
    const out = objectDetectionOutput([{ label: 'car', left: 10.4, top: 20.6, width: 30.2, height: 40.5, confidence: 0.713 }], ['person', 'car'], { width: 640, height: 480 });
    expect(out).toEqual({
      label: { image_size: [{ width: 640, height: 480, depth: 3 }], annotations: [{ class_id: 1, left: 10, top: 21, width: 31, height: 40 }] },
      metadata: { objects: [{ confidence: 0.71 }], 'class-map': { '1': 'car' }, type: 'groundtruth/object-detection' },
    });
  });

  it('object detection: a label outside the classes gets one id after them, in first-seen order, built once for all boxes', () => {
    const box = (label: string) => ({ label, left: 0, top: 0, width: 5, height: 5, confidence: 1 });
    const out = objectDetectionOutput([box('bus'), box('car'), box('truck'), box('bus')], ['car'], { width: 10, height: 10 });
    expect(out.label.annotations.map((a) => a.class_id)).toEqual([1, 0, 2, 1]);
    expect(out.metadata['class-map']).toEqual({ 0: 'car', 1: 'bus', 2: 'truck' });
    // It looked up the unknown labels afresh for every box: 16,000 such boxes took 12.6 s.
    const many = Array.from({ length: 20_000 }, (_, i) => box(`x${i % 50}`));
    const start = performance.now();
    const big = objectDetectionOutput(many, ['car'], { width: 10, height: 10 });
    expect(performance.now() - start).toBeLessThan(1000);
    expect(big.label.annotations[20_000 - 1]?.class_id).toBe(50);
  });

  it('classification without a type (video classification, whose built-in type string is unverified) leaves `type` out', () => {
    expect(classificationOutput('dog', ['cat', 'dog'], 1, undefined)).toEqual({ label: 1, metadata: { 'class-name': 'dog', confidence: 1 } });
  });

  it('text spans: labels and entities, a confidence per entity', () => {
    expect(textSpanOutput([{ label: 'person', startOffset: 0, endOffset: 12, confidence: 0.5 }], [{ label: 'person', shortDisplayName: 'per' }])).toEqual({
      label: { annotations: { labels: [{ label: 'person', shortDisplayName: 'per' }], entities: [{ label: 'person', startOffset: 0, endOffset: 12 }] } },
      metadata: { entities: [{ confidence: 0.5 }], type: 'groundtruth/text-span' },
    });
  });

  it('object detection: rounds the edges, so a box that ends at the image edge stays inside it', () => {
    // Rounding left and width apart gave left 11 + width 90 = 101 in a 100-px image.
    const out = objectDetectionOutput([{ label: 'a', left: 10.5, top: 0.5, width: 89.5, height: 99.5, confidence: 1 }], ['a'], { width: 100, height: 100 });
    expect(out.label.annotations).toEqual([{ class_id: 0, left: 11, top: 1, width: 89, height: 99 }]);
  });

  it('object detection: a box thinner than a pixel keeps one pixel, inside the image', () => {
    const box = (left: number, width: number) => ({ label: 'a', left, top: 0, width, height: 10, confidence: 1 });
    const out = objectDetectionOutput([box(10.5, 0.4), box(99.7, 0.3)], ['a'], { width: 100, height: 100 });
    expect(out.label.annotations.map((a) => [a.left, a.width])).toEqual([[11, 1], [99, 1]]);
  });

  it('a confidence that is not a number is 0, not the null JSON would write', () => {
    expect(builtInConfidence(Number.NaN, 3)).toBe(0);
    expect(JSON.stringify(classificationOutput('a', ['a'], Number.NaN, undefined).metadata)).toBe('{"class-name":"a","confidence":0}');
  });

  it('classification: a label outside the classes gets the index after them (the built-in value is an index), named by class-name', () => {
    expect(classificationOutput('zebra', ['cat', 'dog'], 0.5, 'groundtruth/image-classification')).toEqual({ label: 2, metadata: { 'class-name': 'zebra', confidence: 0.5, type: 'groundtruth/image-classification' } });
  });

  it('class ids: many labels are indexed in one pass, not looked up by a scan each (100,000 labels took 6 s), with the same ids', () => {
    const list = ['c0', 'c1', 'c0', ...Array.from({ length: 997 }, (_, i) => `c${i + 3}`)];
    /** The class list, counting each read of a class, however the classes are looked at (a scan per label read about 250,000). */
    let reads = 0;
    const classes = new Proxy(list, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const labels = ['zz', 'c0', ...Array.from({ length: 500 }, (_, i) => `c${999 - i}`), 'yy', 'c1'];
    const ids = classIdsOf(labels, classes);
    expect(reads).toBeLessThanOrEqual(2 * list.length);
    expect(ids.get('zz')).toBe(1000);
    expect(ids.get('yy')).toBe(1001);
    expect(ids.get('c0')).toBe(0);
    expect(ids.get('c1')).toBe(1);
    expect(ids.get('c999')).toBe(999);
    expect([...ids.keys()]).toEqual([...new Set(labels)]);
  });
});
