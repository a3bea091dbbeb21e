import { LiquidError, ParseError, TagToken, TokenKind, type Token, type TopLevelToken } from 'liquidjs';
import { positionOf, StrayTagError } from './errors.ts';
import { blockTags, branchTags } from './filters.ts';

/** A `{% tag %}`, or a line of a `{% liquid %}` tag (liquidjs's LiquidTagToken, which is no TagToken). */
type NamedTag = Token & { name: string };

function isTag(token: TopLevelToken): token is TopLevelToken & NamedTag {
  return token.kind === TokenKind.Tag && typeof (token as Partial<NamedTag>).name === 'string';
}

/**
 * Whether a token opens a level of nesting: a block tag (whose body is parsed inside it) or a
 * `{% liquid %}` tag, whose lines are parsed inside it and which can nest in itself without any
 * block (`{% liquid liquid liquid … %}`).
 */
export function opensLevel(token: TopLevelToken): boolean {
  return isTag(token) && (token.name === 'liquid' || (blockTags as readonly string[]).includes(token.name));
}

/** Where a tag starts, as `line:column`. */
function place(tag: NamedTag): string {
  const { line, column } = positionOf(tag.input, tag.begin);
  return `${line}:${column}`;
}

/**
 * liquidjs reports a branch or end tag that no open block takes as an unknown tag (`tag "endfor"
 * not found`, with a hint about which tags exist). This returns the error to throw instead, which
 * says what is open, where, and what closes it; `open` are the tags being parsed around `token`,
 * outermost first, the lines of a `{% liquid %}` tag included. Undefined when `error` is
 * something else.
 */
export function strayTagError(error: unknown, token: TopLevelToken, open: readonly TopLevelToken[]): StrayTagError | undefined {
  if (!isTag(token) || !LiquidError.is(error) || !(error as Error).message.startsWith(`tag "${token.name}" not found`)) return undefined;
  const name = token.name;
  const blocks = open.filter(isTag);
  const inner = blocks[blocks.length - 1];
  // Blocks opened outside a {% liquid %} tag cannot be closed or continued inside it.
  const inLiquid = inner?.name === 'liquid' ? ` inside the {% liquid %} tag at ${place(inner)}` : '';
  let problem: string;
  const closed = name.startsWith('end') ? name.slice(3) : '';
  if ((blockTags as readonly string[]).includes(closed)) {
    if (!inner) problem = `{% ${name} %} closes nothing: no {% ${closed} %} is open`;
    else if (inLiquid) problem = `{% ${name} %} has no {% ${closed} %} to close${inLiquid}`;
    else {
      const none = blocks.some((t) => t.name === closed) ? '' : `; no {% ${closed} %} is open`;
      problem = `{% ${name} %} cannot close the {% ${inner.name} %} opened at ${place(inner)}, which ends with {% end${inner.name} %}${none}`;
    }
  } else if (Object.hasOwn(branchTags, name)) {
    const owners = (branchTags[name] ?? []).map((owner) => `{% ${owner} %}`).join(', ');
    problem = inner && !inLiquid
      ? `{% ${name} %} cannot stand in the {% ${inner.name} %} opened at ${place(inner)}; it belongs in ${owners}`
      : `{% ${name} %} is outside any block${inLiquid}; it belongs in ${owners}`;
  } else {
    return undefined;
  }
  return new StrayTagError(problem, token);
}

/**
 * liquidjs's "not closed" for a block opened on a line of a `{% liquid %}` tag quotes the line with
 * its line break (`tag if a⏎ not closed`), and only the part before the break reached the message.
 * This returns the error to throw instead, worded as outside (`tag {% if a %} not closed`) and
 * saying which liquid tag ends first. Undefined when `error` is something else.
 */
export function unclosedLiquidLineError(error: unknown, token: TopLevelToken, open: readonly TopLevelToken[]): ParseError | undefined {
  if (!isTag(token) || token instanceof TagToken || !LiquidError.is(error)) return undefined;
  if (!(error as Error).message.startsWith(`tag ${token.getText()} not closed`)) return undefined;
  const liquid = open.filter(isTag).findLast((t) => t.name === 'liquid');
  const where = liquid ? `the {% liquid %} tag at ${place(liquid)}` : 'the {% liquid %} tag';
  const markup = token.getText().trim().replace(/\s+/g, ' ');
  return new ParseError(new Error(`tag {% ${markup} %} not closed: ${where} ends before its end${token.name}`), token);
}
