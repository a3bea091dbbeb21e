/**
 * Keys that come from outside (labels, worker ids, answer fields) can be any string, including
 * "__proto__" and the names of Object.prototype members. Plain `obj[key] = v` with "__proto__"
 * replaces the object's prototype instead of adding the key, so the entry disappears; plain
 * `obj[key]` with "toString" finds an inherited function. These two helpers treat every key as data.
 */

/** Sets `key` as an own, enumerable property, whatever its name. */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  // "__proto__" is the only accessor on Object.prototype; every other key assigns normally.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The value of `key` when it is the record's own property, else undefined. */
export function getOwn<V>(source: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return source !== undefined && Object.hasOwn(source, key) ? source[key] : undefined;
}

/** A record of the entries with keys in sorted order (deterministic JSON), every key kept as data. */
export function sortedRecord<V>(entries: ReadonlyMap<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key of [...entries.keys()].sort()) setOwn(out, key, entries.get(key) as V);
  return out;
}
