/**
 * A memo of the `limit` most recently used values by key, the least recently used dropped first: the renderer's
 * cache of written dates across certificates, bounded so a worker's memory stays flat.
 */
export function recentlyUsed<V>(limit: number): (key: string, make: () => V) => V {
  const kept = new Map<string, V>();
  return (key, make) => {
    let value = kept.get(key);
    if (value !== undefined) kept.delete(key);
    else {
      value = make();
      if (kept.size >= limit) kept.delete(kept.keys().next().value!);
    }
    kept.set(key, value);
    return value;
  };
}
