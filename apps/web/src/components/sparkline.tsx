/** A segment's size over its recent refreshes, as a small line. */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  if (values.length < 2) return <span className="text-xs text-slate-400">{values.length ? "one refresh" : "no refreshes"}</span>;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) => (i / (values.length - 1)) * (width - 2) + 1;
  const y = (v: number) => height - 1 - ((v - min) / span) * (height - 2);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${values[0]!.toLocaleString()} to ${values[values.length - 1]!.toLocaleString()} over ${values.length} refreshes`}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} className="text-indigo-500" />
      <circle cx={x(values.length - 1)} cy={y(values[values.length - 1]!)} r={2} className="fill-indigo-600" />
    </svg>
  );
}
