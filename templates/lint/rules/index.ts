import type { LintRule } from '../types.ts';
import { answerField } from './answer-field.ts';
import { answerShape } from './answer-shape.ts';
import { duplicateFieldName } from './duplicate-field-name.ts';
import { elementInsideCrowdForm } from './element-inside-crowd-form.ts';
import { elementOutsideParent } from './element-outside-parent.ts';
import { fieldOutsideCrowdForm } from './field-outside-crowd-form.ts';
import { initialValueLabel } from './initial-value-label.ts';
import { keptFieldNotSubmitted } from './kept-field-not-submitted.ts';
import { labelMismatch } from './label-mismatch.ts';
import { liquidSyntax } from './liquid-syntax.ts';
import { missingCrowdScript } from './missing-crowd-script.ts';
import { missingFieldName } from './missing-field-name.ts';
import { moduleScript } from './module-script.ts';
import { multipleCrowdForms } from './multiple-crowd-forms.ts';
import { neverClosed } from './never-closed.ts';
import { noCrowdForm } from './no-crowd-form.ts';
import { recommendedAttribute } from './recommended-attribute.ts';
import { renderError } from './render-error.ts';
import { requiredAttribute } from './required-attribute.ts';
import { s3UriAsText } from './s3-uri-as-text.ts';
import { s3UriNotPresigned } from './s3-uri-not-presigned.ts';
import { selfClosingElement } from './self-closing-element.ts';
import { skipAutoescapeTaskInput } from './skip-autoescape-task-input.ts';
import { strayQuote } from './stray-quote.ts';
import { taskInputPath } from './task-input-path.ts';
import { templateTooLarge } from './template-too-large.ts';
import { noLabels } from './no-labels.ts';
import { tooManyLabels } from './too-many-labels.ts';
import { unkeptField } from './unkept-field.ts';
import { unknownElement } from './unknown-element.ts';
import { unknownFilter } from './unknown-filter.ts';
import { unparseableAttribute } from './unparseable-attribute.ts';
import { unsupportedAttribute } from './unsupported-attribute.ts';
import { unverifiedEscaping } from './unverified-escaping.ts';
import { v2ElementMix } from './v2-element-mix.ts';

/** Every lint rule, one module each. Findings are sorted by place afterwards, so order here is only for reading. */
export const lintRules: readonly LintRule[] = [
  templateTooLarge,
  liquidSyntax,
  unknownFilter,
  taskInputPath,
  renderError,
  missingCrowdScript,
  v2ElementMix,
  moduleScript,
  neverClosed,
  noCrowdForm,
  multipleCrowdForms,
  elementInsideCrowdForm,
  fieldOutsideCrowdForm,
  elementOutsideParent,
  unknownElement,
  selfClosingElement,
  requiredAttribute,
  recommendedAttribute,
  unsupportedAttribute,
  missingFieldName,
  duplicateFieldName,
  answerField,
  answerShape,
  unkeptField,
  keptFieldNotSubmitted,
  unparseableAttribute,
  strayQuote,
  tooManyLabels,
  noLabels,
  initialValueLabel,
  labelMismatch,
  s3UriNotPresigned,
  s3UriAsText,
  skipAutoescapeTaskInput,
  unverifiedEscaping,
];
