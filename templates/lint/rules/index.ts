import type { LintRule } from '../types.ts';
import { parseableAttributes, labelLimits, requiredAttributes } from './attributes.ts';
import { crowdForm, outsideCrowdForm } from './crowd-form.ts';
import { crowdScript, selfClosing } from './crowd-script.ts';
import { fieldNames } from './field-names.ts';
import { liquidSyntax } from './liquid-syntax.ts';
import { moduleScript, s3WithoutPresign, skipAutoescape } from './security.ts';
import { taskInputPaths } from './task-input-paths.ts';
import { templateSize } from './template-size.ts';
import { unknownElement } from './unknown-element.ts';

/** Every lint rule, in the order findings are reported. */
export const lintRules: LintRule[] = [
  templateSize,
  liquidSyntax,
  taskInputPaths,
  crowdScript,
  crowdForm,
  outsideCrowdForm,
  unknownElement,
  requiredAttributes,
  fieldNames,
  selfClosing,
  parseableAttributes,
  labelLimits,
  s3WithoutPresign,
  skipAutoescape,
  moduleScript,
];
