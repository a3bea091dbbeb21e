import { defaultOperators, toValue, type Context, type Operators } from 'liquidjs';
import { isHash } from './filters.ts';
import { textOf } from './html-text.ts';

export type BinaryOperator = (lhs: unknown, rhs: unknown, ctx: Context) => ReturnType<NonNullable<Operators[string]>>;
const liquids = (name: string) => defaultOperators[name] as BinaryOperator;

/** liquidjs's operator `name`, with a capture (HtmlText) on either side read as the text it stands for. */
const onText = (name: string): BinaryOperator => {
  const operator = liquids(name);
  return (lhs, rhs, ctx) => operator(textOf(lhs), textOf(rhs), ctx);
};

/**
 * liquidjs's condition operators with Shopify's readings where they differ:
 *
 * - a capture (HtmlText) is compared by the text it stands for, as Shopify, which does not
 *   escape, holds it: `{% if c == "a & b" %}` for a capture showing `a & b` (its HTML is
 *   `a &amp; b`), `c contains "amp"` is false, and a capture of spaces is `blank` (liquidjs tests
 *   whitespace only on a plain string). case/when compares with `==` (case-tag.ts);
 * - `contains` on a hash tests its keys (Ruby's `Hash#include?`; liquidjs always said false), its
 *   own keys only, so `__proto__` or `toString` are found only when the data has them.
 */
export const groundTruthOperators: Operators = {
  ...defaultOperators,
  '==': onText('=='),
  '!=': onText('!='),
  '<': onText('<'),
  '>': onText('>'),
  '<=': onText('<='),
  '>=': onText('>='),
  contains: (lhs: unknown, rhs: unknown, ctx: Context) => {
    const hash: unknown = toValue(lhs);
    if (!isHash(hash)) return liquids('contains')(textOf(lhs), textOf(rhs), ctx);
    const key: unknown = toValue(textOf(rhs));
    // Object.keys, not `in` or hasOwn: lint's task-input proxies count a lookup of a missing key as a read.
    return typeof key === 'string' && Object.keys(hash).includes(key);
  },
};
