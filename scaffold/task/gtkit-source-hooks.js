// A Node module-resolution hook (registered by gtkit-sources.ts with module.register), in plain
// JavaScript because it runs on Node's loader thread. Task code that imports `gtkit` gets the
// TypeScript sources (the package's `gtkit-source` export condition), as gtkit's own code runs
// from them: the compiled dist/ is for other projects, and may be missing or older in a checkout.

const gtkitSpecifier = /^gtkit(?:\/|$)/;

export async function resolve(specifier, context, nextResolve) {
  if (!gtkitSpecifier.test(specifier) || context.conditions.includes('gtkit-source')) return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: ['gtkit-source', ...context.conditions] });
}
