import { child, describeType, describeValue, isObject } from '../contracts/check.ts';
import type { ContractIssue } from '../contracts/errors.ts';
import { namedOptionProblems } from '../contracts/named-options.ts';

/**
 * What an algorithm option may hold, so that options from a task config or the command line are
 * checked before a batch runs: a typo in a name or a quorum of 2 would otherwise be ignored or
 * give empty results without a word. A number or choice option carries its `default`, the value
 * the algorithm uses when the option is left out: the algorithm reads it from its spec, so help
 * text and behaviour cannot drift apart.
 */
export type OptionSpec =
  | { kind: 'number'; min?: number; max?: number; /** min itself not allowed */ aboveMin?: boolean; integer?: boolean; default: number; what: string }
  | { kind: 'choice'; values: readonly string[]; default: string; what: string }
  /** A list of non-empty, distinct strings. */
  | { kind: 'labels'; what: string }
  /** Worker id → a finite number ≥ 0. */
  | { kind: 'weights'; what: string };

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Options shared by several algorithms. */
export const commonOptions = {
  labels: { kind: 'labels', what: 'the classes in order; ties go to the first' },
  weights: { kind: 'weights', what: 'a weight per worker id' },
  // Ties kept: an object half the workers marked stays (box-merge, keypoint-merge and span-vote alike).
  quorum: { kind: 'number', min: 0, max: 1, default: 0.5, what: "the share of the item's workers an object needs" },
} as const satisfies OptionSpecs;

/**
 * Every problem with `options` against `specs`, each at `path.name`. Unknown names are problems
 * too (with the names that exist), since a misspelt option would otherwise be silently ignored.
 */
export function checkOptions(specs: OptionSpecs, options: unknown, path: string): ContractIssue[] {
  if (options === undefined) return [];
  if (!isObject(options)) return [{ path, problem: `expected an object of options, got ${describeType(options)}` }];
  const rules = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, (value: unknown) => {
      const problem = checkValue(spec, value);
      return problem === undefined ? undefined : `${problem} (${spec.what})`;
    }]),
  );
  // child() quotes a name that is not a plain one, so the path reads back (lint places each issue by it).
  return namedOptionProblems(options, rules, 'this algorithm').map(({ name, problem }) => ({ path: child(path, name), problem }));
}

function checkValue(spec: OptionSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, got ${describeType(value)}${typeof value === 'string' ? ` ${JSON.stringify(value.slice(0, 40))}` : ''}`;
      if (spec.integer && !Number.isInteger(value)) return `expected a whole number, got ${value}`;
      const low = spec.min === undefined ? '' : spec.aboveMin ? `above ${spec.min}` : `at least ${spec.min}`;
      const tooLow = spec.min !== undefined && (spec.aboveMin ? value <= spec.min : value < spec.min);
      const tooHigh = spec.max !== undefined && value > spec.max;
      if (tooLow || tooHigh) return `expected a number ${[low, spec.max === undefined ? '' : `at most ${spec.max}`].filter(Boolean).join(' and ')}, got ${value}`;
      return undefined;
    }
    case 'choice':
      return typeof value === 'string' && spec.values.includes(value) ? undefined : `expected ${spec.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`;
    case 'labels': {
      if (!Array.isArray(value)) return `expected a list of labels, got ${describeType(value)}`;
      const seen = new Set<string>();
      // An index loop, not forEach: holes in a sparse array are problems, not skipped.
      for (let i = 0; i < value.length; i++) {
        const label: unknown = value[i];
        if (typeof label !== 'string' || label === '') return `item ${i}: expected a non-empty string, got ${label === '' ? 'an empty one' : describeType(label)}`;
        if (seen.has(label)) return `item ${i}: ${JSON.stringify(label)} is listed twice`;
        seen.add(label);
      }
      return undefined;
    }
    case 'weights': {
      if (!isObject(value)) return `expected an object of worker id → weight, got ${describeType(value)}`;
      for (const [worker, weight] of Object.entries(value)) {
        if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) return `worker ${JSON.stringify(worker)}: expected a number ≥ 0, got ${typeof weight === 'number' ? weight : describeType(weight)}`;
      }
      return undefined;
    }
  }
}

/**
 * What an option takes and what the algorithm uses without it, in a few words for help text:
 * `number 0–1 (default: 0.5)`, `whole number 1–10000 (default: 30)`, `"include" | "exclude" (default: "include")`.
 */
export function describeSpec(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'number':
      return `${numberRange(spec)} (default: ${spec.default})`;
    case 'choice':
      return `${spec.values.map((v) => JSON.stringify(v)).join(' | ')} (default: ${JSON.stringify(spec.default)})`;
    case 'labels':
      return 'list of labels';
    case 'weights':
      return '{ "<worker id>": weight ≥ 0 }';
  }
}

/** A number option's range: `number 0–1`, `whole number ≥ 1`, `number > 0`. */
function numberRange(spec: Extract<OptionSpec, { kind: 'number' }>): string {
  const kind = spec.integer ? 'whole number' : 'number';
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} ${spec.min}–${spec.max}`;
  if (spec.min !== undefined) return `${kind} ${spec.aboveMin ? '>' : '≥'} ${spec.min}`;
  return spec.max !== undefined ? `${kind} ≤ ${spec.max}` : kind;
}

