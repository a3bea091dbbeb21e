import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

let cached: Promise<string> | undefined;

/**
 * One browser script (IIFE, ES2020, minified) that defines every stand-in on load; the preview
 * serves it in place of https://assets.crowd.aws/crowd-html-elements.js. Built once per process.
 * A failed build is not cached, so the next call tries again.
 */
export function buildCrowdElementsBundle(): Promise<string> {
  cached ??= build({
    stdin: {
      contents: "import { defineCrowdElements } from './index.ts';\ndefineCrowdElements();\n",
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      sourcefile: 'gtkit-crowd-elements.ts',
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    banner: { js: '/* gtkit offline stand-ins for the Crowd HTML Elements (not Amazon’s crowd-html-elements.js) */' },
    charset: 'utf8',
  })
    .then((result) => {
      const text = result.outputFiles[0]?.text;
      if (!text) throw new Error('esbuild produced no output for the crowd elements bundle');
      return text;
    })
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
