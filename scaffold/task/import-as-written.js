// Plain JavaScript on purpose: tsx, which gtkit registers for its own TypeScript, maps an import of
// `x.js` to `x.ts` when a TypeScript module asks for it and both files exist. Asked from this
// JavaScript module, the file named is the file loaded, as Lambda would load it.

/** Imports a module by URL exactly as written (no `.js` → `.ts` mapping). */
export function importAsWritten(url) {
  return import(url);
}
