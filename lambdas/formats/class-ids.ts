/**
 * The class id of each label: its first place in `classes`, else the next id after them in the
 * order the labels first come (ids that hold only within this call, named in its `class-map`,
 * so a label outside the classes is kept and readable rather than dropped). The classes are
 * indexed in one pass at the first label (about the cost of one scan), so an answer with
 * thousands of labels costs linear time, not a scan per label.
 */
export function classIdsOf(labels: Iterable<string>, classes: readonly string[]): Map<string, number> {
  const ids = new Map<string, number>();
  let next = classes.length;
  let places: Map<string, number> | undefined;
  for (const label of labels) {
    if (ids.has(label)) continue;
    places ??= firstPlaces(classes);
    ids.set(label, places.get(label) ?? next++);
  }
  return ids;
}

/** Each class's first place in the list (a repeated class keeps its first, as indexOf does). */
function firstPlaces(classes: readonly string[]): Map<string, number> {
  const places = new Map<string, number>();
  classes.forEach((c, i) => {
    if (!places.has(c)) places.set(c, i);
  });
  return places;
}
