import { describe, expect, it } from 'vitest';
import { stabiliseSourceMap, stableSourceName } from '../../../scaffold/build/source-map.ts';

const roots = { mapDir: '/home/dev/tasks/intent/.gtkit/build/acs', taskDir: '/home/dev/tasks/intent', gtkitRoot: '/opt/gtkit' };

describe('stableSourceName', () => {
  it('names task files, gtkit files and npm packages independently of where they sit', () => {
    expect(stableSourceName('../../../acs.ts', roots)).toBe('task/acs.ts');
    expect(stableSourceName('../../../lib/vote.ts', roots)).toBe('task/lib/vote.ts');
    expect(stableSourceName('../../../../../../../opt/gtkit/lambdas/handlers/acs.ts', roots)).toBe('gtkit/lambdas/handlers/acs.ts');
    expect(stableSourceName('../../../node_modules/@aws-sdk/client-s3/dist-es/index.js', roots)).toBe('node_modules/@aws-sdk/client-s3/dist-es/index.js');
    // The innermost node_modules wins (nested installs).
    expect(stableSourceName('/opt/gtkit/node_modules/a/node_modules/b/x.js', roots)).toBe('node_modules/b/x.js');
  });

  it('gives anything else a short external name, never an absolute path or ..', () => {
    const name = stableSourceName('../../../../../../../../srv/shared/util/strings.ts', roots);
    expect(name).toBe('external/util/strings.ts');
    expect(stableSourceName('/', roots)).toMatch(/^external\//);
  });
});

describe('stabiliseSourceMap', () => {
  it('rewrites sources and keeps everything else', () => {
    const map = { version: 3, sources: ['../../../acs.ts', 7], mappings: 'AAAA', names: ['x'] };
    expect(JSON.parse(stabiliseSourceMap(JSON.stringify(map), roots))).toEqual({ version: 3, sources: ['task/acs.ts', 7], mappings: 'AAAA', names: ['x'] });
  });

  it('rejects malformed and empty maps', () => {
    expect(() => stabiliseSourceMap('', roots)).toThrow(SyntaxError);
    expect(() => stabiliseSourceMap('{ nope', roots)).toThrow(SyntaxError);
    expect(() => stabiliseSourceMap('{"version":3}', roots)).toThrow(/no "sources" array/);
    expect(() => stabiliseSourceMap('null', roots)).toThrow();
  });

  it('copes with a huge map', () => {
    const sources = Array.from({ length: 20_000 }, (_, i) => `../../../src/f${i}.ts`);
    const out = JSON.parse(stabiliseSourceMap(JSON.stringify({ version: 3, sources, mappings: '' }), roots)) as { sources: string[] };
    expect(out.sources[19_999]).toBe('task/src/f19999.ts');
  });
});
