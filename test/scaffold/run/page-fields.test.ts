import { describe, expect, it } from 'vitest';
import { seededRandom, hashString } from '../../../lambdas/task-types/define.ts';
import { elementSpecs } from '../../../templates/elements/spec.ts';
import { answerPage, simulatedImageSize } from '../../../scaffold/run/field-answers.ts';
import { readPagePlan, type PagePlan } from '../../../scaffold/run/page-fields.ts';
import { decodePng } from '../../helpers/png.ts';

const category = { name: 'category', shape: elementSpecs['crowd-classifier']?.submits };
const plan = (body: string) => readPagePlan(body, category) as PagePlan;
/** Worker `w`'s answer to a page (seeded as the dry run seeds a field: by key). */
const answer = (p: PagePlan, w = 0, truth: unknown = { label: 'refund' }) => answerPage(p.fields, () => truth, (key) => seededRandom(hashString(`1\u0000${w}\u0000${key}`)));
const many = (p: PagePlan, n = 60) => Array.from({ length: n }, (_, w) => answer(p, w));

describe('readPagePlan and answerPage', () => {
  it('answers native fields as the stand-ins submit them: selects, radios by name, checkboxes merged, hidden and read-only values, disabled left out', () => {
    const p = plan(`<crowd-form>
      <select name="size"><option>small</option><option value="l">large</option><option disabled>none</option></select>
      <select name="tags" multiple><option value="a">A</option><option value="b">B</option></select>
      <input type="radio" name="side" value="left"><input type="radio" name="side" value="right">
      <input type="checkbox" name="seen" value="x"><input type="checkbox" name="seen" value="y">
      <input type="hidden" name="ticket" value="T-9"><input name="fixed" readonly value="kept">
      <input name="off" disabled value="gone"><input type="number" name="count" min="3" max="5">
      <input name="short" maxlength="4" required><textarea name="note"></textarea>
      <input type="submit" name="go"><input name="taskAnswers">
    </crowd-form><input name="outside">`);
    expect(p.typeField).toBe('absent');
    expect(p.names).toEqual(['count', 'fixed', 'note', 'seen', 'short', 'side', 'size', 'tags', 'ticket']);
    for (const a of many(p)) {
      expect(['small', 'l']).toContain(a.size);
      expect((a.tags as string[]).every((t) => ['a', 'b'].includes(t))).toBe(true);
      expect(Object.keys(a.side as object)).toEqual(['left', 'right']);
      expect(Object.values(a.side as object).filter(Boolean)).toHaveLength(1);
      expect(Object.keys(a.seen as object)).toEqual(['x', 'y']);
      expect(a).toMatchObject({ ticket: 'T-9', fixed: 'kept' });
      expect(a).not.toHaveProperty('off');
      // A native field a worker leaves empty still submits its empty string.
      expect(['', '3', '4', '5']).toContain(a.count);
      expect((a.short as string).length).toBeGreaterThan(0);
      expect((a.short as string).length).toBeLessThanOrEqual(4);
      // A native field is always submitted, empty or not.
      expect(typeof a.note).toBe('string');
    }
    // Some worker filled the count in: the check above is not only ever of empty strings.
    expect(many(p).some((a) => a.count !== '')).toBe(true);
  });

  it('leaves an empty crowd-input out, as the reference says, but always answers a required one', () => {
    const answers = many(plan('<crowd-form><crowd-input name="maybe"></crowd-input><crowd-input name="must" required></crowd-input></crowd-form>'));
    expect(answers.every((a) => typeof a.must === 'string' && a.must !== '')).toBe(true);
    const left = answers.filter((a) => !('maybe' in a)).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(answers.length);
  });

  it('answers a slider on its step within min and max, and a single radio-button group with exactly one on', () => {
    const p = plan(`<crowd-form><crowd-slider name="s" min="0.5" max="1.1" step="0.2"></crowd-slider><crowd-slider name="flat" min="7" max="3"></crowd-slider>
      <crowd-radio-group><crowd-radio-button name="a" value="yes"></crowd-radio-button><crowd-radio-button name="b" value="no"></crowd-radio-button><crowd-radio-button name="a" value="maybe"></crowd-radio-button></crowd-radio-group></crowd-form>`);
    const seen = new Set<number>();
    for (const a of many(p)) {
      expect([0.5, 0.7, 0.9, 1.1]).toContain(a.s);
      seen.add(a.s as number);
      expect(a.flat).toBe(7);
      const on = [...Object.values(a.a as object), ...Object.values(a.b as object)].filter(Boolean);
      expect(Object.keys(a.a as object)).toEqual(['yes', 'maybe']);
      expect(on).toHaveLength(1);
    }
    expect(seen.size).toBeGreaterThan(2);
  });

  it('answers an image tool that is not the type’s field with nothing drawn, keeping its initial shapes', () => {
    const p = plan(`<crowd-form>
      <crowd-bounding-box name="boxes" src="x.png" labels='["a"]' initial-value='[{"label":"a","left":1,"top":2,"width":3,"height":4}]'></crowd-bounding-box>
      <crowd-keypoint name="points" src="x.png" labels='["a"]'></crowd-keypoint>
      <crowd-semantic-segmentation name="mask" src="x.png" labels='["a"]'></crowd-semantic-segmentation>
      <crowd-instance-segmentation name="inst" src="x.png" labels='["a"]'></crowd-instance-segmentation>
    </crowd-form>`);
    const a = answer(p);
    expect(a.boxes).toEqual({ boundingBoxes: [{ label: 'a', left: 1, top: 2, width: 3, height: 4 }], inputImageProperties: simulatedImageSize, initialValueModified: false });
    expect(a.points).toEqual({ inputImageProperties: simulatedImageSize, keypoints: [] });
    const mask = a.mask as { labelMappings: object; labeledImage: { pngImageData: string } };
    expect(Object.keys(mask)).toEqual(['inputImageProperties', 'labelMappings', 'labeledImage']);
    expect(mask.labelMappings).toEqual({});
    const png = decodePng(Buffer.from(mask.labeledImage.pngImageData, 'base64'));
    expect([png.width, png.height]).toEqual([simulatedImageSize.width, simulatedImageSize.height]);
    expect((a.inst as { instances: unknown[] }).instances).toEqual([]);
  });

  it('finds the type’s field only with an element of the type’s shape, and leaves fields inside another element to it', () => {
    expect(plan('<crowd-form><crowd-classifier name="category" categories="[\'a\']"><input name="inner"></crowd-classifier></crowd-form>')).toMatchObject({ typeField: 'truth', names: ['category'] });
    expect(answer(plan('<crowd-form><crowd-classifier name="category" categories="[\'a\']"></crowd-classifier></crowd-form>'))).toEqual({ category: { label: 'refund' } });
    expect(plan('<crowd-form><crowd-input name="category"></crowd-input></crowd-form>').typeField).toEqual({ otherElement: 'crowd-input' });
    // A page with only crowd-entity-annotation submits its answer alone (its own form).
    const entity = readPagePlan('<crowd-entity-annotation name="category" text="t" labels="[]"><input name="extra"></crowd-entity-annotation>', category) as PagePlan;
    expect(entity.fields).toEqual([{ name: 'category', kind: 'entities' }]);
    expect(readPagePlan('<p>nothing to submit</p><crowd-input name="x"></crowd-input>', category)).toBeUndefined();
  });

  it('reads a multi-select’s exclusion choice as its stand-in reports it', () => {
    const answers = many(plan(`<crowd-form><crowd-classifier-multi-select name="m" header="h" categories="['a','b']" exclusion-category="{ text: 'None of these' }"></crowd-classifier-multi-select></crowd-form>`), 90);
    const lists = answers.map((a) => (a.m as { labels: string[] }).labels);
    expect(lists.some((l) => l.length === 1 && l[0] === 'None of these')).toBe(true);
    for (const l of lists) expect(l.length).toBeGreaterThan(0);
  });
});
