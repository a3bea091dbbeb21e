import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempRoot } from '../helpers/temp-root.ts';

/**
 * The README and the guide under docs/ link into each other and into their own headings. A page
 * renamed or a heading reworded would leave links that GitHub shows as working text and that lead
 * nowhere; this test finds each one and names it by file:line.
 */
const checkout = new URL('../../', import.meta.url).pathname;

/** README.md and every Markdown file under docs/. */
function guideFiles(root: string): string[] {
  const files = [join(root, 'README.md')];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  walk(join(root, 'docs'));
  return files;
}

const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

/** Blanks out fenced code blocks and HTML comments, keeping every line break. */
function maskFences(text: string): string {
  const lines = text.split('\n');
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      if (marker !== undefined) {
        fence = marker;
        lines[i] = blank(line);
      }
    } else {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      lines[i] = blank(line);
    }
  }
  return lines.join('\n').replace(/<!--[\s\S]*?-->/g, blank);
}

/** Also blanks out code spans, which Markdown does not read as links either. */
function maskCode(text: string): string {
  // A code span ends at the same run of backticks, within one paragraph.
  return maskFences(text).replace(/(`+)(?!`)((?:(?!\n[ \t]*\n)[\s\S])*?[^`])\1(?!`)/g, blank);
}

/**
 * The anchor GitHub gives a heading: its text without markup, lower-cased, with punctuation
 * dropped (letters, digits, `_`, `-` and spaces stay) and each space a hyphen.
 */
function githubAnchor(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file has: its headings' (a repeat gets -1, -2, …) and explicit `<a id>`/`<a name>`. */
function anchorsOf(file: string): Set<string> {
  const masked = maskFences(readFileSync(file, 'utf8'));
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of masked.split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = githubAnchor(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of masked.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) anchors.add(m[1] ?? '');
  return anchors;
}

interface Link {
  line: number;
  target: string;
}

/** The link targets of a Markdown file, with their lines: inline links and images, reference definitions, HTML href/src. */
function linksOf(file: string): Link[] {
  const masked = maskCode(readFileSync(file, 'utf8'));
  const lineAt = (index: number) => masked.slice(0, index).split('\n').length;
  const links: Link[] = [];
  const patterns = [
    /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g,
    /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm,
    /<(?:a|img)\s[^>]*\b(?:href|src)="([^"]*)"/g,
  ];
  for (const pattern of patterns) {
    for (const m of masked.matchAll(pattern)) links.push({ line: lineAt(m.index ?? 0), target: m[1] ?? '' });
  }
  return links.sort((a, b) => a.line - b.line);
}

/** `file:line: target: what is wrong` for each relative link or anchor that leads nowhere. */
function brokenLinks(root: string, files: string[]): string[] {
  const broken: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  for (const file of files) {
    for (const { line, target } of linksOf(file)) {
      const where = `${relative(root, file)}:${line}: ${target}`;
      if (target === '') {
        broken.push(`${where}: an empty link`);
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto:: not ours to check
      const hash = target.indexOf('#');
      const pathPart = hash === -1 ? target : target.slice(0, hash);
      const fragment = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const path = pathPart === '' ? file : pathPart.startsWith('/') ? join(root, decodeURIComponent(pathPart)) : resolve(dirname(file), decodeURIComponent(pathPart));
      if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) {
        broken.push(`${where}: points outside the repository`);
        continue;
      }
      if (!existsSync(path)) {
        broken.push(`${where}: no such file (${relative(root, path)})`);
        continue;
      }
      if (fragment === undefined) continue;
      if (!path.endsWith('.md') || statSync(path).isDirectory()) {
        if (!/^L\d+(-L\d+)?$/.test(fragment)) broken.push(`${where}: an anchor into a file that is not Markdown`);
        continue;
      }
      let anchors = anchorCache.get(path);
      if (anchors === undefined) anchorCache.set(path, (anchors = anchorsOf(path)));
      if (!anchors.has(fragment)) broken.push(`${where}: no heading with the anchor #${fragment} in ${relative(root, path)}`);
    }
  }
  return broken;
}

describe('the README and the guide under docs/', () => {
  it('have no relative link or #anchor that leads nowhere', () => {
    const broken = brokenLinks(checkout, guideFiles(checkout));
    expect(broken, `broken links:\n${broken.join('\n')}`).toEqual([]);
  });

  it('link every docs page from the README, so the guide map lists them all', () => {
    const readme = join(checkout, 'README.md');
    const linked = new Set(linksOf(readme).map(({ target }) => resolve(checkout, target.split('#')[0] ?? '')));
    const unlisted = guideFiles(checkout)
      .filter((file) => file !== readme && !linked.has(file))
      .map((file) => relative(checkout, file));
    expect(unlisted, `docs pages the README does not link: ${unlisted.join(', ')}`).toEqual([]);
  });
});

describe('the link check', () => {
  const temp = useTempRoot('gtkit-doc-links-');

  it('names the file and line of a missing page, a missing anchor and a link out of the repository, and skips code', async () => {
    const root = temp.path;
    await mkdir(join(root, 'docs'), { recursive: true });
    await writeFile(
      join(root, 'README.md'),
      [
        '# Project',
        '',
        'See [the page](docs/page.md), [its part](docs/page.md#second-part-gtkit-run) and [a gone one](docs/gone.md).',
        '',
        '```md',
        '[inside a fence](nowhere.md)',
        '```',
        '',
        'Not a link in code: `[x](nowhere.md)`; a site: [web](https://example.com/x.md).',
        '',
        '[ref]: docs/page.md#no-such-part',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(root, 'docs', 'page.md'),
      ['# Page', '', '## Second part: `gtkit run`', '', '## Second part: `gtkit run`', '', 'Back to the [README](../README.md#project), [twice](#second-part-gtkit-run-1), [out](../../x.md).', ''].join('\n'),
    );
    expect(brokenLinks(root, guideFiles(root))).toEqual([
      'README.md:3: docs/gone.md: no such file (docs/gone.md)',
      'README.md:11: docs/page.md#no-such-part: no heading with the anchor #no-such-part in docs/page.md',
      'docs/page.md:7: ../../x.md: points outside the repository',
    ]);
  });

  it('makes anchors as GitHub does', () => {
    expect(githubAnchor('Consolidating a finished job again: `gtkit consolidate`')).toBe('consolidating-a-finished-job-again-gtkit-consolidate');
    expect(githubAnchor('Build, deploy, and the job request')).toBe('build-deploy-and-the-job-request');
    expect(githubAnchor('What AWS permissions you need')).toBe('what-aws-permissions-you-need');
    expect(githubAnchor('Dawid–Skene and `grant_read_access`')).toBe('dawidskene-and-grant_read_access');
  });
});
