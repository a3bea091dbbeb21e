/**
 * The one place for every answer-shape and behaviour choice the reference leaves open
 * (ground-truth.md §3.5 and §4.2 mark these "unverified" or "not documented"). The stand-ins
 * read these constants; to correct a choice once the real behaviour is known, change it here.
 * Each entry says what the reference says and what gtkit chose, and why.
 */

export interface UnverifiedChoice {
  /** The element or field the choice is about. */
  subject: string;
  /** What the reference says. */
  reference: string;
  /** What the stand-ins do. */
  choice: string;
}

/**
 * Image-pixel coordinates (boxes, keypoints, vertices) are rounded to whole pixels. Every
 * documented sample output shows integers; the rounding rule itself is not documented.
 */
export const roundCoordinates = true;

/**
 * `crowd-classifier-multi-select` with `exclusion-category`: choosing the exclusion answers
 * `{ labels: [<its text>] }` ('text'); `'empty'` would answer `{ labels: [] }`.
 */
export const exclusionAnswer: 'text' | 'empty' = 'text';

/** A multi-select classifier blocks submission until something (or the exclusion) is chosen. */
export const multiSelectRequiresChoice = true;

/** A single-choice classifier blocks submission until a category is chosen. */
export const classifierRequiresChoice = true;

/**
 * Enter on a classifier's focused choice submits its crowd-form (the stand-ins' keyboard path;
 * whether Amazon's classifiers submit on Enter is not documented), unless every submit control of
 * the form is disabled: a native form does not submit implicitly when its default button is
 * disabled, and a page that disables Submit until it is ready means it.
 */
export const classifierEnterSubmits = true;

/** `crowd-text-area` left empty is left out of the answer, like `crowd-input` (documented). */
export const omitEmptyTextArea = true;

/** `crowd-slider` answers its value as a number (the element's output is not documented). */
export const sliderAnswer: 'number' | 'string' = 'number';

/**
 * Native fields inside crowd-form: text, `<select>`, `<textarea>` and hidden inputs answer their
 * string, also when empty; a `<select multiple>` answers the chosen values as an array.
 * Native checkboxes and radios answer `{ "<value>": checked }`, merged by name (as the crowd
 * equivalents do). Disabled fields are left out, as a real form leaves them out.
 */
export const nativeFieldsKeepEmptyStrings = true;

/**
 * Input types that answer nothing: buttons, and file inputs (a file cannot go into the JSON
 * answer; what Ground Truth's crowd-form does with one is not documented, the stand-ins leave it out).
 */
export const nonAnswerInputTypes: ReadonlySet<string> = new Set(['submit', 'button', 'reset', 'image', 'file']);

/**
 * What a native field answers under its name, per the choices above: `list` for a
 * `<select multiple>` (the chosen values), `checked` for a checkbox or radio (`{"<value>": checked}`),
 * `text` for any other input, select or textarea, undefined for a button, a file input or another
 * tag. `type` is the attribute as written (absent or unknown: a text input, as in a browser). The
 * stand-ins' serializer and lint both ask this.
 *
 * @example
 * nativeAnswerKind('input', 'radio', false) // 'checked'
 */
export function nativeAnswerKind(tag: string, type: string | null | undefined, multiple: boolean): 'text' | 'list' | 'checked' | undefined {
  if (tag === 'select') return multiple ? 'list' : 'text';
  if (tag === 'textarea') return 'text';
  if (tag !== 'input') return undefined;
  const t = (type ?? '').toLowerCase();
  if (nonAnswerInputTypes.has(t)) return undefined;
  return t === 'checkbox' || t === 'radio' ? 'checked' : 'text';
}

/** Fields whose name starts with `_` (AWS samples use `_` for helpers) are submitted too. */
export const submitUnderscoreFields = true;

/**
 * Segmentation masks: an RGBA PNG at the image's pixel size; painted pixels carry their
 * label's (or instance's) colour, fully opaque, and unpainted pixels this background.
 * The base64 has no `data:` prefix. Transparent black is what a browser canvas starts with.
 */
export const maskBackground: readonly [number, number, number, number] = [0, 0, 0, 0];

/**
 * Which tools add `initialValueModified` when an `initial-value` was given (documented for
 * bounding boxes, lines, polylines and semantic segmentation adjustment tasks; not for polygons,
 * keypoints or instance segmentation, so they do not: an ACS must not learn to rely on a key the
 * real element may never send). It is true when the answer differs from the initial value.
 */
export const initialValueModifiedTags: ReadonlySet<string> = new Set(['crowd-bounding-box', 'crowd-line', 'crowd-polyline', 'crowd-semantic-segmentation']);

/** Segmentation answers list only what was painted: the labels in `labelMappings`, the instances in `instances`. */
export const segmentationListsOnlyPainted = true;

/**
 * `crowd-entity-annotation`: a new span that overlaps existing ones replaces them; spaces at
 * either edge of a selection are trimmed before the offsets are taken.
 */
export const entityOverlap: 'replace' | 'keep-both' = 'replace';
export const trimEntityWhitespace = true;

/** The same choices as a table, for documentation and tests. */
export const unverifiedChoices: readonly UnverifiedChoice[] = [
  { subject: 'image coordinates', reference: 'samples show integers; rounding undocumented', choice: roundCoordinates ? 'rounded to whole image pixels' : 'kept as fractions' },
  { subject: 'crowd-classifier-multi-select exclusion-category', reference: 'how the exclusion is reported is unverified', choice: exclusionAnswer === 'text' ? '{ labels: [<exclusion text>] }' : '{ labels: [] }' },
  { subject: 'crowd-classifier(-multi-select) without a choice', reference: 'not documented', choice: `single choice ${classifierRequiresChoice ? 'blocks' : 'allows'} submit; multi-select ${multiSelectRequiresChoice ? 'blocks' : 'allows'} submit` },
  { subject: 'Enter on a classifier choice', reference: 'not documented (crowd-button documents disabled)', choice: classifierEnterSubmits ? 'submits the crowd-form, unless every submit button in it is disabled (as a native form\'s implicit submission)' : 'does not submit' },
  { subject: 'crowd-text-area empty', reference: 'string; empty case not documented', choice: omitEmptyTextArea ? 'left out (as crowd-input)' : 'empty string' },
  { subject: 'crowd-slider', reference: 'output not documented', choice: `the value as a ${sliderAnswer}` },
  { subject: 'native text/select/textarea/hidden', reference: 'strings (per crowd-input analogue)', choice: nativeFieldsKeepEmptyStrings ? 'the string, also when empty; select multiple → string[]' : 'left out when empty' },
  { subject: 'native checkbox/radio', reference: 'unverified', choice: '{ "<value or on>": checked }, merged by name' },
  { subject: 'names starting with _', reference: 'whether they are excluded is unverified', choice: submitUnderscoreFields ? 'submitted' : 'left out' },
  { subject: 'segmentation PNG', reference: 'base64 PNG; pixel format and background undocumented', choice: `RGBA at image size, unpainted = rgba(${maskBackground.join(',')}), base64 without data: prefix` },
  { subject: 'segmentation labelMappings / instances', reference: 'which labels or instances are listed is not documented', choice: segmentationListsOnlyPainted ? 'only those with painted pixels' : 'every label' },
  { subject: 'initialValueModified', reference: 'documented for boxes, lines, polylines, semantic segmentation adjustment', choice: `added for ${[...initialValueModifiedTags].join(', ')} when initial-value was given; true when the answer differs from it` },
  { subject: 'crowd-entity-annotation overlapping spans', reference: 'not documented', choice: entityOverlap === 'replace' ? 'a new span replaces the spans it overlaps' : 'spans may overlap' },
  { subject: 'crowd-entity-annotation offsets', reference: '"Unicode offsets"; the unit (code points or UTF-16) is not said', choice: 'code points, endOffset exclusive' },
  { subject: 'crowd-image-classifier-multi-select workerComment', reference: 'documented for the single-choice image classifier only', choice: 'added when a comment is written, as for the single-choice one' },
  { subject: 'multi-select labels order', reference: 'not documented', choice: 'category order, not the order of the clicks' },
  { subject: 'crowd-text-area required', reference: 'not among its documented attributes', choice: 'enforced like crowd-input\'s (an empty text area blocks the submit); the ACS sets an empty answer aside if the real element lets it through' },
  { subject: 'allowed-pattern', reference: 'named; AWS describes it as used with auto-validate', choice: 'filters typed characters with or without auto-validate' },
  { subject: 'crowd-entity-annotation selection edges', reference: 'not documented', choice: trimEntityWhitespace ? 'leading/trailing whitespace trimmed' : 'kept' },
];
