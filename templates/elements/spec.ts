import { sliderAnswer } from './answer-shapes.ts';

/**
 * The shape of an answer under its field name, coarse enough to compare what a template element
 * submits with what an ACS decodes (lint's answer-shape rule): a string, a number, a list of
 * strings, a `{"<value>": true|false}` map (checkboxes, radio buttons), or an object with the
 * named keys. An element's keys are the ones it always submits (`initialValueModified` and
 * `workerComment` come only with an initial value or a comment). `unverified` marks a shape that
 * is gtkit's choice where the reference is silent.
 */
export type AnswerShape = ({ kind: 'text' } | { kind: 'number' } | { kind: 'list' } | { kind: 'checked' } | { kind: 'object'; keys: readonly string[] }) & { unverified?: true };

/**
 * What gtkit knows about each Crowd HTML Element and region (reference §4.2): required
 * attributes, which attributes hold arrays or objects, label limits, and the answer each one
 * submits. Lint and the offline stand-ins both read this table. Where the reference leaves an
 * answer open, the choice the stand-ins make lives in answer-shapes.ts.
 */
export interface ElementSpec {
  tag: string;
  /** Attributes without which the element breaks the task. */
  required: string[];
  /** Attributes the docs list that a worker-facing element should have (a warning when missing). */
  recommended?: string[];
  arrayAttributes: string[];
  objectAttributes: string[];
  /** The attribute that lists the labels, and how many it may list. */
  labelAttribute?: string;
  maxLabels?: number;
  /** Must not sit inside crowd-form (it has its own form). */
  outsideCrowdForm?: boolean;
  /** Submits a value under its `name`. */
  takesInput: boolean;
  /** Several elements may share a name (their values merge), e.g. checkboxes. */
  sharesName?: boolean;
  /** Cannot be written self-closing (`<crowd-input/>` swallows what follows). */
  noSelfClosing?: boolean;
  /** One line describing the answer under `name`. */
  answerShape: string;
  /**
   * The same answer as a shape lint compares with what the ACS decodes; absent where it is not
   * documented (V2 elements). The catalog element's shape is also what its task type's ACS
   * decodes (answerFieldsOf; a test pins it to the type's simulate and parseAnswer).
   */
  submits?: AnswerShape;
}

const input = (tag: string, answerShape: string, extra: Partial<ElementSpec> = {}): ElementSpec => ({ tag, required: ['name'], arrayAttributes: [], objectAttributes: [], takesInput: true, answerShape, ...extra });
const region = (tag: string, answerShape = 'none'): ElementSpec => ({ tag, required: [], arrayAttributes: [], objectAttributes: [], takesInput: false, answerShape });
const imageTool = (tag: string, answerShape: string, extra: Partial<ElementSpec> = {}): ElementSpec =>
  input(tag, answerShape, { required: ['name', 'src', 'labels'], recommended: ['header'], arrayAttributes: ['labels', 'label-colors'], objectAttributes: ['initial-value'], labelAttribute: 'labels', ...extra });

/** An answer object with these keys. */
const object = (...keys: string[]): AnswerShape => ({ kind: 'object', keys });

export const elementSpecs: Record<string, ElementSpec> = Object.fromEntries(
  [
    region('crowd-form', 'n/a: posts one field, taskAnswers = JSON [ { "<name>": <answer>, … } ]'),
    region('crowd-button'),
    imageTool('crowd-bounding-box', '{"boundingBoxes":[{"label","left","top","width","height"}],"inputImageProperties":{"width","height"}} (+ initialValueModified)', { submits: object('boundingBoxes', 'inputImageProperties'), maxLabels: 10, arrayAttributes: ['labels', 'initial-value'], objectAttributes: [] }),
    input('crowd-classifier', '{"label": "<category>"}', { submits: object('label'), required: ['name', 'categories'], recommended: ['header'], arrayAttributes: ['categories'], labelAttribute: 'categories' }),
    input('crowd-classifier-multi-select', '{"labels": ["<category>", …]}', { submits: object('labels'), required: ['name', 'categories', 'header'], arrayAttributes: ['categories'], objectAttributes: ['exclusion-category'], labelAttribute: 'categories' }),
    input('crowd-image-classifier', '{"label": "<category>"} (+ "workerComment" when one was written)', { submits: object('label'), required: ['name', 'src', 'categories'], recommended: ['header'], arrayAttributes: ['categories'], objectAttributes: ['overlay'], labelAttribute: 'categories', maxLabels: 10 }),
    input('crowd-image-classifier-multi-select', '{"labels": ["<category>", …]}', { submits: object('labels'), required: ['name', 'src', 'categories', 'header'], arrayAttributes: ['categories'], objectAttributes: ['exclusion-category', 'overlay'], labelAttribute: 'categories' }),
    input('crowd-entity-annotation', '{"entities":[{"label","startOffset","endOffset"}]} (code points, end exclusive)', { submits: object('entities'), required: ['name', 'text', 'labels'], recommended: ['header'], arrayAttributes: ['labels', 'initial-value'], labelAttribute: 'labels', outsideCrowdForm: true }),
    imageTool('crowd-keypoint', '{"inputImageProperties":{…},"keypoints":[{"label","x","y"}]}', { submits: object('inputImageProperties', 'keypoints'), arrayAttributes: ['labels', 'initial-value'], objectAttributes: [] }),
    imageTool('crowd-line', '{"inputImageProperties":{…},"lines":[{"label","vertices":[{x,y},{x,y}]}]}', { submits: object('inputImageProperties', 'lines'), maxLabels: 10 }),
    imageTool('crowd-polyline', '{"inputImageProperties":{…},"polylines":[{"label","vertices":[…]}]}', { submits: object('inputImageProperties', 'polylines'), maxLabels: 10 }),
    imageTool('crowd-polygon', '{"inputImageProperties":{…},"polygons":[{"label","vertices":[{x,y},…]}]}', { submits: object('inputImageProperties', 'polygons'), arrayAttributes: ['labels', 'initial-value'], objectAttributes: [] }),
    imageTool('crowd-semantic-segmentation', '{"inputImageProperties":{…},"labelMappings":{"<label>":{"color"}},"labeledImage":{"pngImageData"}}', { submits: object('inputImageProperties', 'labelMappings', 'labeledImage') }),
    imageTool('crowd-instance-segmentation', '{"inputImageProperties":{…},"instances":[{"color","label"}],"labeledImage":{"pngImageData"}}', { submits: object('inputImageProperties', 'instances', 'labeledImage') }),
    input('crowd-input', 'a string; left out when empty', { submits: { kind: 'text' }, noSelfClosing: true }),
    input('crowd-text-area', 'a string (newlines as \\n)', { submits: { kind: 'text' } }),
    input('crowd-checkbox', '{"<value>": true|false}; boxes sharing a name merge', { submits: { kind: 'checked' }, sharesName: true }),
    region('crowd-radio-group', "none of its own: each crowd-radio-button answers under its name"),
    input('crowd-radio-button', '{"<value>": true|false}', { submits: { kind: 'checked' }, sharesName: true }),
    input('crowd-toggle-button', '{"<value>": true|false}', { submits: { kind: 'checked' } }),
    input('crowd-slider', 'not documented; gtkit answers the value as a number (answer-shapes.ts)', { submits: { kind: sliderAnswer === 'number' ? 'number' : 'text', unverified: true } }),
    region('crowd-instructions'),
    region('crowd-modal'),
    region('crowd-tabs'),
    region('crowd-tab'),
    region('crowd-alert'),
    region('crowd-badge'),
    region('crowd-card'),
    region('crowd-fab'),
    region('crowd-icon-button'),
    region('crowd-toast'),
    region('short-instructions'),
    region('full-instructions'),
    region('classification-target'),
    region('worker-comment', 'none of its own: the image classifier adds "workerComment" when one was written'),
    region('short-summary'),
    region('detailed-instructions'),
    region('positive-example'),
    region('negative-example'),
    input('crowd-text-ranking', 'not documented', { required: ['name', 'ordinal-ranking-dimensions'], arrayAttributes: ['responses', 'ordinal-ranking-dimensions'] }),
    input('crowd-question-answer-generation', 'not documented', { required: ['name', 'question-tags', 'allow-custom-question-tags'], arrayAttributes: ['question-tags'] }),
  ].map((s) => [s.tag, s]),
);

/** Regions that are not `crowd-*` tags but belong to the element set (they are in elementSpecs too). */
export const regionTags = ['short-instructions', 'full-instructions', 'classification-target', 'worker-comment', 'short-summary', 'detailed-instructions', 'positive-example', 'negative-example'] as const;

/** V2 elements (crowd-html-elements-v2.js): known tags whose answers are not documented; no stand-in. */
export const v2Tags = ['crowd-text-ranking', 'crowd-question-answer-generation'] as const;

/** The URL of Amazon's element script (v1) and the v2 script for the GenAI elements. */
export const crowdScriptUrls = ['https://assets.crowd.aws/crowd-html-elements.js', 'https://assets.crowd.aws/crowd-html-elements-v2.js'] as const;
