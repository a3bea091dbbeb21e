import { isObject, type JsonObject } from '../../lambdas/contracts/check.ts';
import { plainJobName } from '../run/label-attribute-clash.ts';
import { warning, type ConsolidateWarning } from './report.ts';
import type { WrittenLine } from './patch.ts';

/**
 * One way an output line's form has changed between gtkit versions while its meaning stayed: a
 * single-label class index written as a number or as a numeric string (text classification's
 * `"1"` since 2026-11-24, `1` before), and `job-name` as `labeling-job/<name>` (gtkit before
 * 2026-11-24, and the built-in types' examples) or the plain name (a real custom job's lines).
 * `of` reads a line's form (undefined when the line does not show it); `to` rewrites a line in
 * another form, leaving the rest of it as it is.
 */
interface FormAspect {
  /** What the form is of, as the warning names it. */
  name: string;
  of(line: JsonObject, attr: string): string | undefined;
  /** A form as the warning shows it. */
  shown(form: string): string;
  to(line: JsonObject, attr: string, form: string): JsonObject;
}

const jobPrefix = 'labeling-job/';

const metadataOf = (line: JsonObject, attr: string): JsonObject | undefined => {
  const metadata = line[`${attr}-metadata`];
  return isObject(metadata) ? metadata : undefined;
};

const aspects: readonly FormAspect[] = [
  {
    name: 'the class index',
    // Only a classification line (its metadata names the class) holds an index; other labels keep their own shapes.
    of(line, attr) {
      if (typeof metadataOf(line, attr)?.['class-name'] !== 'string') return undefined;
      const label = line[attr];
      if (typeof label === 'number' && Number.isInteger(label)) return 'number';
      return typeof label === 'string' && /^\d+$/.test(label) ? 'numeric-string' : undefined;
    },
    shown: (form) => (form === 'number' ? 'a number (0)' : 'a numeric string ("0")'),
    to: (line, attr, form) => ({ ...line, [attr]: form === 'number' ? Number(line[attr]) : String(line[attr]) }),
  },
  {
    name: 'job-name',
    of(line, attr) {
      const name = metadataOf(line, attr)?.['job-name'];
      if (typeof name !== 'string') return undefined;
      return name.startsWith(jobPrefix) ? 'prefixed' : 'plain';
    },
    shown: (form) => (form === 'prefixed' ? `"${jobPrefix}<name>"` : '"<name>"'),
    to(line, attr, form) {
      const metadata = metadataOf(line, attr) as JsonObject;
      // `of` found a job-name string: only an empty one is no name to write in either form.
      const plain = plainJobName(metadata) ?? '';
      return { ...line, [`${attr}-metadata`]: { ...metadata, 'job-name': form === 'prefixed' ? `${jobPrefix}${plain}` : plain } };
    },
  },
];

/** Each form an aspect takes in some lines, with the first line (1-based) that shows it. */
export type FormsSeen = Map<FormAspect, Map<string, number>>;

/**
 * The forms the lines --only-failed keeps are written in: each aspect's forms, in the order
 * the file shows them, with the first line of each. An aspect no kept line shows is not there.
 */
export function keptForms(kept: readonly WrittenLine[], attr: string): FormsSeen {
  const seen: FormsSeen = new Map();
  for (const w of kept) {
    if (!w.line) continue;
    for (const aspect of aspects) {
      const form = aspect.of(w.line, attr);
      if (form === undefined) continue;
      const forms = seen.get(aspect) ?? new Map<string, number>();
      if (!forms.has(form)) forms.set(form, w.lineNumber);
      seen.set(aspect, forms);
    }
  }
  return seen;
}

/**
 * `line` in the kept lines' form (--earlier-form): each aspect the kept lines all write one way
 * is written that way. An aspect they write in two forms is left as the line has it: there is no
 * one earlier form to follow (the warning says so).
 */
export function inKeptForm(line: JsonObject, attr: string, kept: FormsSeen): JsonObject {
  let out = line;
  for (const [aspect, forms] of kept) {
    const form = aspect.of(out, attr);
    const [only] = forms.keys();
    if (form !== undefined && forms.size === 1 && only !== undefined && form !== only) out = aspect.to(out, attr, only);
  }
  return out;
}

/**
 * One warning when the patched file would hold an aspect in two forms, because the
 * re-consolidated lines (`written`) are in a form the kept lines are not, or the kept lines
 * already mix two: it names each aspect's forms (with the first kept line of each) and what to
 * do. Undefined when the patched file has one shape. `file` is --only-failed as given.
 */
export function mixedFormWarning(kept: FormsSeen, written: readonly JsonObject[], attr: string, file: string): ConsolidateWarning | undefined {
  const differences: string[] = [];
  // --earlier-form helps where the kept lines have one form; where they have two, it has none to follow.
  let oneKeptForm = false;
  for (const [aspect, forms] of kept) {
    const writtenForms = new Set(written.map((line) => aspect.of(line, attr)).filter((f): f is string => f !== undefined));
    if (writtenForms.size === 0 || new Set([...forms.keys(), ...writtenForms]).size === 1) continue;
    if (forms.size === 1) oneKeptForm = true;
    const there = [...forms].map(([form, lineNumber]) => `${aspect.shown(form)} at line ${lineNumber}`).join(' and ');
    const here = [...writtenForms].map((f) => aspect.shown(f)).join(' and ');
    differences.push(`${aspect.name} is ${there} in the kept lines, ${here} in the re-consolidated ones`);
  }
  if (differences.length === 0) return undefined;
  const fix = oneKeptForm
    ? "give --earlier-form to write the re-consolidated lines in the kept lines' form, or convert the kept lines to today's form, or read both forms"
    : 'the kept lines themselves mix those forms, so there is no one earlier form to write in: convert the kept lines to one form, or read both forms';
  return warning('manifest', `--only-failed ${file}`, `the patched file mixes two forms (the kept lines were written by an earlier gtkit or by the job): ${differences.join('; ')}; ${fix}`);
}
