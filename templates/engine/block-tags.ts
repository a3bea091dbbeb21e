import { LiquidError, TagToken, type TopLevelToken } from 'liquidjs';
import { positionOf, StrayTagError } from './errors.ts';
import { blockTags, branchTags } from './filters.ts';

/**
 * liquidjs reports a branch or end tag that no open block takes as an unknown tag (`tag "endfor"
 * not found`, with a hint about which tags exist). This returns the error to throw instead, which
 * says what is open, where, and what closes it; `open` are the tags being parsed around `token`,
 * outermost first. Undefined when `error` is something else.
 */
export function strayTagError(error: unknown, token: TopLevelToken, open: readonly TopLevelToken[]): StrayTagError | undefined {
  if (!(token instanceof TagToken) || !LiquidError.is(error) || !(error as Error).message.startsWith(`tag "${token.name}" not found`)) return undefined;
  const name = token.name;
  const blocks = open.filter((t): t is TagToken => t instanceof TagToken);
  const inner = blocks[blocks.length - 1];
  const place = (t: TagToken) => {
    const { line, column } = positionOf(t.input, t.begin);
    return `${line}:${column}`;
  };
  let problem: string;
  const closed = name.startsWith('end') ? name.slice(3) : '';
  if ((blockTags as readonly string[]).includes(closed)) {
    if (!inner) problem = `{% ${name} %} closes nothing: no {% ${closed} %} is open`;
    else if (inner.name === 'liquid') problem = `{% ${name} %} has no {% ${closed} %} to close inside the {% liquid %} tag at ${place(inner)}`;
    else {
      const none = blocks.some((t) => t.name === closed) ? '' : `; no {% ${closed} %} is open`;
      problem = `{% ${name} %} cannot close the {% ${inner.name} %} opened at ${place(inner)}, which ends with {% end${inner.name} %}${none}`;
    }
  } else if (Object.hasOwn(branchTags, name)) {
    const owners = (branchTags[name] ?? []).map((owner) => `{% ${owner} %}`).join(', ');
    problem = inner
      ? `{% ${name} %} cannot stand in the {% ${inner.name} %} opened at ${place(inner)}; it belongs in ${owners}`
      : `{% ${name} %} is outside any block; it belongs in ${owners}`;
  } else {
    return undefined;
  }
  return new StrayTagError(problem, token);
}
