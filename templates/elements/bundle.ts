import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

let cached: Promise<string> | undefined;

/**
 * One browser script (IIFE) that defines every stand-in on load; the preview serves it in place
 * of https://assets.crowd.aws/crowd-html-elements.js. Built once per process.
 */
export function buildCrowdElementsBundle(): Promise<string> {
  cached ??= build({
    stdin: {
      contents: "import { defineCrowdElements } from './index.ts'; defineCrowdElements(window);",
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return cached;
}
