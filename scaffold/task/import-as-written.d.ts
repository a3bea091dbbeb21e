/** Imports a module by URL exactly as written (no `.js` → `.ts` mapping). */
export function importAsWritten(url: string): Promise<Record<string, unknown>>;
