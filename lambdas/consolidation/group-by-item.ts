/**
 * Each item's entries, items in first-seen order. `entry` returns `undefined` for a record that
 * adds nothing (an unusable answer); its item still gets a place, so no item disappears.
 */
export function groupByItem<R extends { item: string }, V>(records: Iterable<R>, entry: (record: R) => V | undefined): Map<string, V[]> {
  const byItem = new Map<string, V[]>();
  for (const r of records) {
    let list = byItem.get(r.item);
    if (!list) byItem.set(r.item, (list = []));
    const value = entry(r);
    if (value !== undefined) list.push(value);
  }
  return byItem;
}
