/**
 * The q-quantile (0 to 1) of numbers sorted ascending, interpolated linearly between the two nearest
 * ranks (the definition of PostgreSQL's percentile_cont, spreadsheets' PERCENTILE and R's type 7),
 * so statistics computed in SQL and here agree. 0 for no numbers.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const below = sorted[lo] ?? 0;
  const above = sorted[Math.ceil(pos)] ?? below;
  return below + (above - below) * (pos - lo);
}
