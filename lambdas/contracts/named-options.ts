import { closest } from './suggest.ts';
import { getOwn } from './own-property.ts';

/** The problem with one option's value, or undefined. */
export type ValueRule = (value: unknown) => string | undefined;

/**
 * Every problem with an object of named options, in the order given: a name `rules` does not
 * know (with the name it is a typo of, else the names there are, since a misspelt option would
 * otherwise be ignored without a word) and each value its rule refuses. A value of undefined is
 * an option left out. Shared by the algorithms' option specs and the handlers' option rules.
 */
export function namedOptionProblems(options: object, rules: Readonly<Record<string, ValueRule>>, owner: string): Array<{ name: string; problem: string }> {
  const known = Object.keys(rules);
  const problems: Array<{ name: string; problem: string }> = [];
  for (const [name, value] of Object.entries(options)) {
    const rule = getOwn(rules, name);
    if (!rule) {
      const near = closest(name, known);
      problems.push({ name, problem: `not an option of ${owner}; ${near ? `did you mean "${near}"?` : known.length > 0 ? `it takes ${known.join(', ')}` : 'it takes none'}` });
      continue;
    }
    const problem = value === undefined ? undefined : rule(value);
    if (problem !== undefined) problems.push({ name, problem });
  }
  return problems;
}
