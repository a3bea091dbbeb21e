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
 * One tag key or value: a string within its length range, of allowed characters. Reports the
 * first problem and returns the text when it is a string (later checks need it even when bad).
 */
function tagText(value: unknown, range: { min: number; max: number }, report: (message: string) => void, badMessage: (bad: string) => string): string | undefined {
  if (typeof value !== 'string') {
    report(value === undefined || value === null ? 'is required' : `must be a string, got ${typeof value}`);
    return undefined;
  }
  const length = [...value].length;
  const bad = badCharacters(value);
  if (length < range.min) report(`is too short (${length} < ${range.min} characters)`);
  else if (length > range.max) report(`is too long (${length} > ${range.max} characters)`);
  else if (bad.length > 0) report(badMessage(bad.join(', ')));
  return value;
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
    const key = tagText(t.Key, limits.TagKey, (message) => error(keyPath, message, keyFix), (bad) => `${JSON.stringify(t.Key)} has characters tags do not allow: ${bad}`);
    if (key !== undefined) {
      if (/^aws:/i.test(key)) {
        const rest = key.slice(4);
        error(keyPath, `${JSON.stringify(key)} starts with "aws:", which AWS reserves for its own tags (CreateLabelingJob refuses it)`, `rename it in tags in gtkit.config.ts, e.g. ${JSON.stringify(rest !== '' && badCharacters(rest).length === 0 ? rest : 'team')}`);
      }
      if (seen.has(key)) error(keyPath, `duplicate tag key ${JSON.stringify(key)}`, 'give each tag a distinct key');
      seen.add(key);
    }
    const owner = JSON.stringify(typeof t.Key === 'string' ? t.Key : `Tags[${i}]`);
    tagText(t.Value, limits.TagValue, (message) => error(`Tags[${i}].Value`, message, valueFix), (bad) => `the value of ${owner} has characters tags do not allow: ${bad}`);
  });
  return problems;
}
