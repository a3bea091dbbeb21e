import { describe, expect, it } from 'vitest';
import { unverifiedChoices } from '../../../templates/elements/answer-shapes.ts';
import { standIns } from '../../../templates/elements/registry.ts';
import { elementSpecs, regionTags, v2Tags } from '../../../templates/elements/spec.ts';

/** Every element and region issue 8 names. */
const issueTags = [
  'crowd-form', 'crowd-button', 'crowd-classifier', 'crowd-classifier-multi-select', 'crowd-image-classifier', 'crowd-image-classifier-multi-select',
  'crowd-bounding-box', 'crowd-keypoint', 'crowd-polygon', 'crowd-line', 'crowd-polyline', 'crowd-semantic-segmentation', 'crowd-instance-segmentation',
  'crowd-entity-annotation', 'crowd-input', 'crowd-text-area', 'crowd-checkbox', 'crowd-radio-group', 'crowd-radio-button', 'crowd-toggle-button', 'crowd-slider',
  'crowd-instructions', 'crowd-modal', 'crowd-tabs', 'crowd-tab', 'crowd-alert', 'crowd-badge', 'crowd-card', 'crowd-fab', 'crowd-icon-button', 'crowd-toast',
  'short-instructions', 'full-instructions', 'classification-target',
];

describe('element specs and the stand-in registry', () => {
  it('know every element and region of the issue, plus the V2 tags', () => {
    for (const tag of [...issueTags, ...regionTags, ...v2Tags]) {
      const spec = elementSpecs[tag];
      expect(spec, tag).toBeDefined();
      expect(spec?.tag).toBe(tag);
      expect(spec?.answerShape.length, tag).toBeGreaterThan(0);
    }
  });

  it('have a stand-in for every known tag except the undocumented V2 elements', () => {
    const expected = Object.keys(elementSpecs).filter((t) => !(v2Tags as readonly string[]).includes(t)).sort();
    expect(Object.keys(standIns).sort()).toEqual(expected);
    for (const [tag, standIn] of Object.entries(standIns)) expect(standIn.tag).toBe(tag);
  });

  it('record the documented limits and rules', () => {
    expect(elementSpecs['crowd-bounding-box']).toMatchObject({ maxLabels: 10, labelAttribute: 'labels', takesInput: true });
    expect(elementSpecs['crowd-line']?.maxLabels).toBe(10);
    expect(elementSpecs['crowd-polyline']?.maxLabels).toBe(10);
    expect(elementSpecs['crowd-image-classifier']).toMatchObject({ maxLabels: 10, labelAttribute: 'categories' });
    expect(elementSpecs['crowd-entity-annotation']?.outsideCrowdForm).toBe(true);
    expect(elementSpecs['crowd-input']?.noSelfClosing).toBe(true);
    expect(elementSpecs['crowd-classifier-multi-select']?.required).toEqual(['name', 'categories', 'header']);
    expect(elementSpecs['crowd-checkbox']?.sharesName).toBe(true);
    expect(elementSpecs['crowd-image-classifier']?.objectAttributes).toContain('overlay');
    // Inputs answer under a name; layout elements and regions do not.
    for (const spec of Object.values(elementSpecs)) expect(spec.required.includes('name'), spec.tag).toBe(spec.takesInput);
  });

  it('document every unverified answer choice in one table', () => {
    expect(unverifiedChoices.length).toBeGreaterThanOrEqual(10);
    for (const c of unverifiedChoices) {
      expect(c.subject).not.toBe('');
      expect(c.reference).not.toBe('');
      expect(c.choice).not.toBe('');
    }
  });
});
