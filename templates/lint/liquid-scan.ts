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
}

export interface LiquidScan {
  masked: string;
  tokens: LiquidToken[];
  /** True when two offsets sit in different branches of one block, so they never render together. */
  exclusive(a: number, b: number): boolean;
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
      token = { kind: 'tag', begin, end, name, markup: (head?.[2] ?? '').trim() };
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
  return { masked: parts.join(''), tokens: [...expandLiquidTags(tokens)], exclusive: branchIndex(tokens) };
}

/** `{% liquid %}` holds one tag per line: list them as tags of their own (at the block's place). */
function* expandLiquidTags(tokens: LiquidToken[]): Generator<LiquidToken> {
  for (const t of tokens) {
    if (t.kind !== 'tag' || t.name !== 'liquid') {
      yield t;
      continue;
    }
    for (const line of t.markup.split('\n')) {
      const head = /^\s*(#|[A-Za-z_]\w*)([\s\S]*)$/.exec(line);
      if (!head) continue;
      const name = head[1] ?? '';
      yield name === 'echo' ? { ...t, kind: 'output', name: '', markup: (head[2] ?? '').trim() } : { ...t, name, markup: (head[2] ?? '').trim() };
    }
  }
}

/** For each tag, the open blocks and their branch after it; a lookup by offset answers `exclusive`. */
function branchIndex(tokens: LiquidToken[]): (a: number, b: number) => boolean {
  const ends: number[] = [];
  const snapshots: Array<Array<[number, number]>> = [];
  const stack: Array<[number, number]> = [];
  let nextId = 0;
  for (const t of tokens) {
    if (t.kind !== 'tag') continue;
    if (opens.has(t.name)) stack.push([nextId++, 0]);
    else if (branches.has(t.name) && stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      top[1] += 1;
    } else if (closes.has(t.name)) stack.pop();
    else continue;
    ends.push(t.end);
    snapshots.push(stack.map(([id, branch]) => [id, branch]));
  }
  const at = (offset: number): Array<[number, number]> => {
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
    return found === -1 ? [] : (snapshots[found] ?? []);
  };
  return (a, b) => {
    const inB = new Map(at(b));
    return at(a).some(([id, branch]) => inB.has(id) && inB.get(id) !== branch);
  };
}
