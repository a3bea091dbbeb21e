import { findSourceMap, SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A place in a source file: 1-based line and column. */
export interface SourcePlace {
  file: string;
  line: number;
  column: number;
}

/** Where in the task's own files an error was thrown (its first stack frame there), if anywhere. */
export type LocateThrow = (error: unknown) => SourcePlace | undefined;

/** One stack frame's place as V8 writes it: the module (a path or a URL, query included), line and column. */
interface StackFrame {
  location: string;
  /** The file as a path, without the query that loaders add to re-import a module. */
  file: string;
  line: number;
  column: number;
}

/** `at fn (<where>:12:3)` or `at <where>:12:3`; frames without a line (`at async Promise.all (index 0)`) are left out. */
const frameLine = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function stackFrames(error: unknown): StackFrame[] {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const frames: StackFrame[] = [];
  for (const text of stack.split('\n')) {
    const m = frameLine.exec(text);
    if (!m?.[1]) continue;
    const file = asPath(m[1]);
    if (file !== undefined) frames.push({ location: m[1], file, line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

/** A `file:` URL or an absolute path as a path without its query; anything else (`node:`, `data:`) is no file. */
function asPath(location: string): string | undefined {
  const bare = location.replace(/[?#].*$/, '');
  if (bare.startsWith('file://')) return fileURLToPath(bare);
  return isAbsolute(bare) ? bare : undefined;
}

/**
 * Locates throws in a bundle through its source map: the first frame in `bundleFile` that maps to
 * a source `sourceFile` names as one of the task's files. `sourceFile` turns a map's `sources`
 * entry into that file, or undefined for code that is not the task's (gtkit's own, an npm
 * package), whose frames are passed over. A loader that applies the map itself (Node with
 * --enable-source-maps, a test runner) writes frames at the source's place beside the map
 * (`<bundle folder>/task/pre.ts:16:26`): those are taken as they are.
 */
export function bundleLocator(bundleFile: string, mapText: string, sourceFile: (source: string) => string | undefined): LocateThrow {
  const bundle = resolve(bundleFile);
  let map: { lookup: SourceMap; beside: Map<string, string> } | undefined;
  const parsed = () => {
    if (map) return map;
    const payload = JSON.parse(mapText) as SourceMapPayload;
    const beside = new Map(payload.sources.map((source) => [resolve(dirname(bundle), source), source]));
    return (map = { lookup: new SourceMap(payload), beside });
  };
  return (error) => {
    for (const found of stackFrames(error)) {
      const mapped = found.file === bundle ? undefined : parsed().beside.get(found.file);
      if (mapped !== undefined) {
        const file = sourceFile(mapped);
        if (file !== undefined) return { file, line: found.line, column: found.column };
        continue;
      }
      if (found.file !== bundle) continue;
      // Imported through tsx, the bundle may run compiled once more: its frames are then into that code.
      const frame = inBundle(found);
      const place = frame && mappedPlace(parsed().lookup, frame);
      const file = place && sourceFile(place.file);
      if (place && file !== undefined) return { ...place, file };
    }
    return undefined;
  };
}

/**
 * Locates throws in modules Node loaded from source (tsx compiles TypeScript with an inline
 * source map): a frame Node has not mapped (a `file:` URL, as when a test runner formats the
 * stack) is mapped through the module's own map; one Node has mapped names the source already.
 * Without source maps on, tsx's positions are into compiled code, so nothing is named rather than
 * a wrong line. The first frame in a file `isTaskFile` accepts wins.
 */
export function loadedSourceLocator(isTaskFile: (file: string) => boolean): LocateThrow {
  return (error) => {
    for (const frame of stackFrames(error)) {
      const place = frame.location.startsWith('file:') ? moduleMapPlace(frame) : process.sourceMapsEnabled ? { file: frame.file, line: frame.line, column: frame.column } : undefined;
      if (place && isTaskFile(place.file)) return place;
    }
    return undefined;
  };
}

/** A task's own source file: inside its folder, and in neither an installed package nor gtkit's scratch folder. */
export function inTaskFolder(taskDir: string): (file: string) => boolean {
  const root = resolve(taskDir);
  return (file) => {
    const path = resolve(file);
    if (!path.startsWith(`${root}/`) && !path.startsWith(`${root}\\`)) return false;
    const inside = path.slice(root.length + 1).split(/[\\/]/);
    return !inside.includes('node_modules') && inside[0] !== '.gtkit';
  };
}

/** A frame of a bundle as a place in the bundle's own code: through the module's map when its loader compiled it and Node left the frame unmapped. */
function inBundle(frame: StackFrame): StackFrame | undefined {
  const map = frame.location.startsWith('file:') ? findSourceMap(frame.location) : undefined;
  if (!map) return frame;
  const place = mappedPlace(map, frame);
  return place && { ...frame, line: place.line, column: place.column };
}

/** A frame of a module Node loaded with a source map (its URL, query included, is the key). */
function moduleMapPlace(frame: StackFrame): SourcePlace | undefined {
  const map = findSourceMap(frame.location);
  if (map) return mappedPlace(map, frame, dirname(frame.file));
  // No map: the module ran as written (a .js or .mjs file), or source maps were off when it loaded.
  return process.sourceMapsEnabled && /\.[cm]?js$/i.test(frame.file) ? { file: frame.file, line: frame.line, column: frame.column } : undefined;
}

/** A frame through a source map; `file` is the source as the map names it (resolved against `base` when given). */
function mappedPlace(map: SourceMap, frame: StackFrame, base?: string): SourcePlace | undefined {
  const entry = map.findEntry(frame.line - 1, frame.column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
  if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
  const source = base === undefined ? entry.originalSource : (asPath(entry.originalSource) ?? resolve(base, entry.originalSource));
  return { file: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
}
