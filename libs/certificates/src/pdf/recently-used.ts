/**
 * A memo of recently used values by key, bounded so a worker's memory stays flat: the renderer's cache of shaped
 * words, deflated streams and written dates across certificates. Values are kept in two generations of at most `limit`
 * each: a value found in the older moves to the newer, and once the newer is full the older is dropped and the newer
 * becomes it. So the `limit` most recently used are always kept, at most twice that in all, and a value found in the
 * newer costs one lookup (a strict LRU's delete and set on every hit were ~4% of a certificate's CPU).
 */
export function recentlyUsed<V>(limit: number): (key: string, make: () => V) => V {
  let newer = new Map<string, V>();
  let older = new Map<string, V>();
  return (key, make) => {
    let value = newer.get(key);
    if (value !== undefined) return value;
    value = older.get(key) ?? make();
    if (newer.size >= limit) [older, newer] = [newer, new Map<string, V>()];
    newer.set(key, value);
    return value;
  };
}
