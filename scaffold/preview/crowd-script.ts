import { crowdScriptUrls } from '../../templates/elements/spec.ts';

/**
 * Which Crowd HTML Elements the item pages load: Amazon's script, or gtkit's stand-ins (one
 * bundle from templates/elements, so every stand-in added there works here unchanged).
 */
export type CrowdScriptMode = { kind: 'amazon' } | { kind: 'stand-ins'; reason: 'offline' | 'unreachable' };

/** Where the preview serves the stand-in bundle and an empty stylesheet in place of Amazon's CSS. */
export const standInRoutes = { script: '/__gtkit/crowd-elements.js', style: '/__gtkit/crowd-elements.css' } as const;

/** How long the one reachability check may take; the preview never waits longer on the network. */
export const crowdScriptProbeTimeoutMs = 1500;

/**
 * HEAD request to Amazon's script with a short timeout. Any failure (no network, DNS, timeout,
 * non-2xx) counts as unreachable.
 */
export async function isCrowdScriptReachable(
  url: string = crowdScriptUrls[0],
  timeoutMs = crowdScriptProbeTimeoutMs,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> {
  const abort = AbortSignal.timeout(timeoutMs);
  // A fetch that ignores its signal still must not hold the preview up.
  const giveUp = new Promise<false>((resolve) => abort.addEventListener('abort', () => resolve(false), { once: true }));
  const probe = fetchImpl(url, { method: 'HEAD', signal: abort }).then(
    (res) => res.ok,
    () => false,
  );
  return Promise.race([probe, giveUp]);
}

/** Checked once per preview: `--offline` skips the check. */
export async function chooseCrowdScript(options: { offline?: boolean; probe?: () => Promise<boolean> }): Promise<CrowdScriptMode> {
  if (options.offline) return { kind: 'stand-ins', reason: 'offline' };
  const reachable = await (options.probe ?? (() => isCrowdScriptReachable()))().catch(() => false);
  return reachable ? { kind: 'amazon' } : { kind: 'stand-ins', reason: 'unreachable' };
}

/** What the page's toolbar says about the elements in use (the stand-ins' own banner says the rest). */
export function describeCrowdScript(mode: CrowdScriptMode): string {
  if (mode.kind === 'amazon') return 'elements: Amazon’s crowd-html-elements.js';
  return `elements: gtkit stand-ins (${mode.reason === 'offline' ? '--offline' : 'assets.crowd.aws not reachable'})`;
}

// <script src="https://assets.crowd.aws/…js"> and <link href="https://assets.crowd.aws/…css">,
// quoted either way; the rest of the template is left byte for byte.
const scriptSrc = /(<script\b[^>]*?\bsrc\s*=\s*)(["'])https:\/\/assets\.crowd\.aws\/[^"']*?\.js\2/gi;
const styleHref = /(<link\b[^>]*?\bhref\s*=\s*)(["'])https:\/\/assets\.crowd\.aws\/[^"']*?\.css\2/gi;

/** Points the template's Amazon script and style tags at the stand-ins (`scriptUrl` may carry a version). */
export function useStandIns(html: string, scriptUrl: string = standInRoutes.script): string {
  return html.replace(scriptSrc, `$1$2${scriptUrl}$2`).replace(styleHref, `$1$2${standInRoutes.style}$2`);
}

/** Whether the rendered template loads Amazon's script at all (the toolbar warns when not). */
export function loadsCrowdScript(html: string): boolean {
  scriptSrc.lastIndex = 0;
  const found = scriptSrc.test(html);
  scriptSrc.lastIndex = 0;
  return found;
}
