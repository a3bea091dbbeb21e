import type { Tag } from '@aws-sdk/client-sagemaker';
import { limits, numericLimits } from './limits.ts';
import type { JobProblem } from './validate-request.ts';

/** One character a tag key or value may hold (SageMaker's `Tag` pattern; letters and digits of any script). */
const tagCharacter = /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u;
const allowed = 'letters, digits, spaces and _ . : / = + - @';
const keyFix = `rename it in tags in gtkit.config.ts: use 1–128 ${allowed}`;
const valueFix = `change it in tags in gtkit.config.ts: use up to 256 ${allowed}`;

/** The characters of `text` a tag may not hold, quoted, once each. */
function badCharacters(text: string): string[] {
  return [...new Set([...text].filter((c) => !tagCharacter.test(c)))].map((c) => JSON.stringify(c));
}

/**
 * Checks the request's tags: at most 50; keys of 1–128 and values of 0–256 allowed characters;
 * no key starting with `aws:` in any case (AWS keeps that prefix for its own tags, and
 * CreateLabelingJob refuses it); no key twice.
 */
export function tagProblems(tags: readonly Tag[]): JobProblem[] {
  const problems: JobProblem[] = [];
  const error = (path: string, message: string, fix: string) => problems.push({ severity: 'error', path, message, fix });
  if (tags.length > numericLimits.Tags.max) error('Tags', `has ${tags.length} tags; at most ${numericLimits.Tags.max} are allowed`, 'remove some tags');
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    const keyPath = `Tags[${i}].Key`;
    const key: unknown = t.Key;
    if (typeof key !== 'string') error(keyPath, key === undefined || key === null ? 'is required' : `must be a string, got ${typeof key}`, keyFix);
    else {
      const length = [...key].length;
      const bad = badCharacters(key);
      if (length < limits.TagKey.min) error(keyPath, `is too short (${length} < ${limits.TagKey.min} characters)`, keyFix);
      else if (length > limits.TagKey.max) error(keyPath, `is too long (${length} > ${limits.TagKey.max} characters)`, keyFix);
      else if (bad.length > 0) error(keyPath, `${JSON.stringify(key)} has characters tags do not allow: ${bad.join(', ')}`, keyFix);
      if (/^aws:/i.test(key)) {
        const rest = key.slice(4);
        error(keyPath, `${JSON.stringify(key)} starts with "aws:", which AWS reserves for its own tags (CreateLabelingJob refuses it)`, `rename it in tags in gtkit.config.ts, e.g. ${JSON.stringify(rest !== '' && badCharacters(rest).length === 0 ? rest : 'team')}`);
      }
      if (seen.has(key)) error(keyPath, `duplicate tag key ${JSON.stringify(key)}`, 'give each tag a distinct key');
      seen.add(key);
    }
    const valuePath = `Tags[${i}].Value`;
    const value: unknown = t.Value;
    if (typeof value !== 'string') error(valuePath, value === undefined || value === null ? 'is required' : `must be a string, got ${typeof value}`, valueFix);
    else {
      const length = [...value].length;
      const bad = badCharacters(value);
      if (length > limits.TagValue.max) error(valuePath, `is too long (${length} > ${limits.TagValue.max} characters)`, valueFix);
      else if (bad.length > 0) error(valuePath, `the value of ${JSON.stringify(typeof key === 'string' ? key : `Tags[${i}]`)} has characters tags do not allow: ${bad.join(', ')}`, valueFix);
    }
  });
  return problems;
}
