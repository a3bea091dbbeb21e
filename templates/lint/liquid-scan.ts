/**
 * A light scan of the Liquid in a template source, for what the parsed template does not keep:
 * the source with its Liquid masked out (same length, same lines) so an HTML parser sees the
 * markup around it, the Liquid tokens in order, and which if/unless/case/for branch each place
 * sits in. It never throws: the Liquid parser reports syntax errors.
 */

/** `{{ … }}` becomes this character, so an attribute value holding it is known to be dynamic. */
export const outputMask = '\u0001';
/** `{% … %}` becomes this one. */
export const tagMask = '\u0002';

export interface LiquidToken {
  kind: 'output' | 'tag';
  /** Offsets into the source: the token is `source.slice(begin, end)`. */
  begin: number;
  end: number;
  /** Tag name (`assign`, `if`, …); empty for outputs. */
  name: string;
  /** What follows the tag name, or the output's expression. */
  markup: string;
  /** An output written as `{% echo … %}` (`tag`) or as an `echo` line of `{% liquid %}` (`line`); absent for `{{ … }}`. */
  echo?: 'tag' | 'line';
}

export interface LiquidScan {
  masked: string;
  tokens: LiquidToken[];
  /** True when two offsets sit in different branches of one block, so they never render together. */
  exclusive(a: number, b: number): boolean;
  /** The branch an offset sits in: places in the same one are exclusive with the same places. */
  branchAt(offset: number): BranchPlace;
}

const opens = new Set(['if', 'unless', 'case', 'for', 'tablerow']);
const branches = new Set(['elsif', 'else', 'when']);
const closes = new Set(['endif', 'endunless', 'endcase', 'endfor', 'endtablerow']);

function mask(text: string, char: string): string {
  return text.replace(/[^\n]/g, char);
}

export function scanLiquid(source: string): LiquidScan {
  const parts: string[] = [];
  const tokens: LiquidToken[] = [];
  let done = 0;
  const start = /\{\{|\{%/g;
  for (let m = start.exec(source); m; m = start.exec(source)) {
    const begin = m.index;
    const isOutput = m[0] === '{{';
    const close = source.indexOf(isOutput ? '}}' : '%}', begin + 2);
    if (close === -1) break; // unclosed: the parser reports it
    let end = close + 2;
    const inner = source.slice(begin + 2, close).replace(/^-/, '').replace(/-$/, '');
    let token: LiquidToken;
    let replacement: string;
    if (isOutput) {
      token = { kind: 'output', begin, end, name: '', markup: inner.trim() };
      replacement = mask(source.slice(begin, end), outputMask);
    } else {
      const head = /^\s*(#|[A-Za-z_]\w*)([\s\S]*)$/.exec(inner);
      const name = head?.[1] ?? '';
      const markup = (head?.[2] ?? '').trim();
      // An echo is an output under another spelling: rules that read outputs see it as one.
      token = name === 'echo' ? { kind: 'output', begin, end, name: '', markup, echo: 'tag' } : { kind: 'tag', begin, end, name, markup };
      if (name === 'comment' || name === 'raw') {
        // Skip to the end tag: a comment renders nothing, raw content is literal text.
        const endTag = new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, 'g');
        endTag.lastIndex = end;
        const found = endTag.exec(source);
        const blockEnd = found ? found.index + found[0].length : source.length;
        if (name === 'comment') replacement = mask(source.slice(begin, blockEnd), ' ');
        else replacement = mask(source.slice(begin, end), tagMask) + source.slice(end, found?.index ?? blockEnd) + mask(found?.[0] ?? '', tagMask);
        end = blockEnd;
        start.lastIndex = blockEnd;
        parts.push(source.slice(done, begin), replacement);
        done = blockEnd;
        continue;
      }
      replacement = mask(source.slice(begin, end), name === '#' ? ' ' : tagMask);
    }
    tokens.push(token);
    parts.push(source.slice(done, begin), replacement);
    done = end;
    start.lastIndex = end;
  }
  parts.push(source.slice(done));
  return { masked: parts.join(''), tokens: [...expandLiquidTags(tokens, source)], ...branchIndex(tokens) };
}

/** `{% liquid %}` holds one tag per line: list them as tags of their own (an `echo` as an output), each at its line. */
function* expandLiquidTags(tokens: LiquidToken[], source: string): Generator<LiquidToken> {
  for (const t of tokens) {
    if (t.kind !== 'tag' || t.name !== 'liquid') {
      yield t;
      continue;
    }
    // Each line is a piece of the source after the previous one.
    let cursor = t.begin;
    for (const line of t.markup.split('\n')) {
      const at = source.indexOf(line, cursor);
      const begin = at === -1 ? t.begin : at;
      cursor = at === -1 ? cursor : at + line.length;
      const head = /^(\s*)(#|[A-Za-z_]\w*)([\s\S]*)$/.exec(line);
      if (!head) continue;
      const place = { begin: begin + (head[1] ?? '').length, end: at === -1 ? t.end : cursor };
      const name = head[2] ?? '';
      const markup = (head[3] ?? '').trim();
      yield name === 'echo' ? { ...t, ...place, kind: 'output', name: '', markup, echo: 'line' } : { ...t, ...place, name, markup };
    }
  }
}

/**
 * One branch of an if/unless/case/for block (or the top level, with no block): which block,
 * which of its branches, and the branch it sits in. Each tag keeps a pointer to the branch that
 * follows it instead of a copy of every open block, so nesting costs memory in proportion to the
 * tag count, not to tags × depth (5,000 nested ifs took 2 GB with copies).
 */
export interface BranchPlace {
  block: number;
  branch: number;
  depth: number;
  parent?: BranchPlace;
}

/** Outside every block. */
export const topLevel: BranchPlace = { block: -1, branch: 0, depth: 0 };

/** The branch each structural tag leaves open, found by offset; `exclusive` compares two of them. */
function branchIndex(tokens: LiquidToken[]): Pick<LiquidScan, 'exclusive' | 'branchAt'> {
  const ends: number[] = [];
  const places: BranchPlace[] = [];
  let current = topLevel;
  let nextBlock = 0;
  for (const t of tokens) {
    if (t.kind !== 'tag') continue;
    if (opens.has(t.name)) current = { block: nextBlock++, branch: 0, depth: current.depth + 1, parent: current };
    else if (branches.has(t.name) && current.parent) current = { ...current, branch: current.branch + 1 };
    else if (closes.has(t.name)) current = current.parent ?? topLevel;
    else continue;
    ends.push(t.end);
    places.push(current);
  }
  const branchAt = (offset: number): BranchPlace => {
    let lo = 0;
    let hi = ends.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((ends[mid] ?? 0) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found === -1 ? topLevel : (places[found] ?? topLevel);
  };
  return { branchAt, exclusive: (a, b) => exclusiveBranches(branchAt(a), branchAt(b)) };
}

/**
 * Two places never render together when, where their chains of open blocks part, they sit in
 * different branches of the same block. Walks up from the deeper one: O(depth), no allocation.
 */
export function exclusiveBranches(a: BranchPlace, b: BranchPlace): boolean {
  let x: BranchPlace | undefined = a;
  let y: BranchPlace | undefined = b;
  while (x && y && x.depth > y.depth) x = x.parent;
  while (x && y && y.depth > x.depth) y = y.parent;
  while (x && y && x.block !== y.block) {
    x = x.parent;
    y = y.parent;
  }
  return x !== undefined && y !== undefined && x.branch !== y.branch;
}
