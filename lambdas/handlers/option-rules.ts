import { describeValue, isObject } from '../contracts/check.ts';
import { closest } from '../contracts/suggest.ts';
import { namedOptionProblems, type ValueRule } from '../contracts/named-options.ts';

/**
 * Checks of handler options given from plain JavaScript, run when a handler is built: a misspelt
 * `onOversize` or a limit of "6MB" would otherwise be the default, or switch a check off, without
 * a word, and a missing function would fail every object of every batch instead of the cold start.
 */

/** The problem with one option's value, or undefined. One that starts with "." is about a field inside the value (`.nestedJson: …`). */
export type OptionRule = ValueRule;


export function oneOf(...values: string[]): OptionRule {
  return (value) => {
    if (typeof value === 'string' && values.includes(value)) return undefined;
    const near = typeof value === 'string' ? closest(value, values) : undefined;
    return `expected ${values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}${near ? `; did you mean "${near}"?` : ''}`;
  };
}

export function aFunction(what: string): OptionRule {
  return (value) => (typeof value === 'function' ? undefined : `expected ${what}, got ${describeValue(value)}`);
}

/** An object with these methods (a logger, an SDK client, a store). */
export function withMethods(what: string, methods: readonly string[]): OptionRule {
  return (value) => {
    if (!isObject(value)) return `expected ${what}, got ${describeValue(value)}`;
    const missing = methods.filter((m) => typeof value[m] !== 'function');
    return missing.length === 0 ? undefined : `expected ${what}, got an object without ${missing.join(', ')}`;
  };
}

/** The logging the helpers need (HandlerLogger): Powertools' Logger, console or a test spy. */
export const aLogger = withMethods('a logger with debug, info, warn and error methods', ['debug', 'info', 'warn', 'error']);

export function anObject(what: string): OptionRule {
  return (value) => (isObject(value) ? undefined : `expected ${what}, got ${describeValue(value)}`);
}

/** An object of options of its own (`decode`), checked by the same rules. */
export function nested(fn: string, rules: Readonly<Record<string, OptionRule>>, what: string): OptionRule {
  return (value) => (isObject(value) ? optionsProblem(fn, value, rules, '') : `expected ${what}, got ${describeValue(value)}`);
}

export const aBoolean: OptionRule = (value) => (typeof value === 'boolean' ? undefined : `expected true or false, got ${describeValue(value)}`);

/**
 * The first problem with `options` (an object of known names, each checked by its rule; a value
 * of undefined is an option left out), or undefined. An unknown name is a problem, with the name
 * it is a typo of: users pass literal objects, where a typo would otherwise be ignored.
 */
export function optionsProblem(fn: string, options: Record<string, unknown>, rules: Readonly<Record<string, OptionRule>>, path = 'options'): string | undefined {
  const first = namedOptionProblems(options, rules, fn)[0];
  if (first === undefined) return undefined;
  const at = `${path}.${first.name}`;
  return first.problem.startsWith('.') ? `${at}${first.problem}` : `${at}: ${first.problem}`;
}
