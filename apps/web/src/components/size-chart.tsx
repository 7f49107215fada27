export interface SizePoint {
  at: Date;
  size: number;
  entered: number;
  exited: number;
}

const W = 560;
const H = 180;
const PAD = { left: 56, right: 12, top: 10, bottom: 28 };

/**
 * A segment's size after each refresh (the line) with who entered (green, up) and left (red, down)
 * at each one, on one time axis. Refreshes are spaced evenly: what matters is the sequence.
 */
export function SizeChart({ points }: { points: SizePoint[] }) {
  if (points.length === 0) return <p className="text-sm text-slate-500">Not refreshed yet.</p>;
  const maxSize = Math.max(1, ...points.map((p) => p.size));
  const maxMove = Math.max(1, ...points.map((p) => Math.max(p.entered, p.exited)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const step = points.length > 1 ? innerW / (points.length - 1) : 0;
  const x = (i: number) => PAD.left + (points.length > 1 ? i * step : innerW / 2);
  const y = (v: number) => PAD.top + innerH - (v / maxSize) * innerH;
  const bar = Math.max(2, Math.min(14, step / 3));
  const moveScale = innerH / 4 / maxMove;
  const base = PAD.top + innerH;
  const ticks = [0, maxSize / 2, maxSize];
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full"
      role="img"
      aria-label={`Size history: ${first.size.toLocaleString()} to ${last.size.toLocaleString()} over ${points.length} refreshes`}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="stroke-slate-100" />
          <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
            {Math.round(t).toLocaleString()}
          </text>
        </g>
      ))}
      {points.map((p, i) => (
        <g key={i}>
          <title>{`${p.at.toLocaleString()}: ${p.size.toLocaleString()} members, +${p.entered.toLocaleString()} / −${p.exited.toLocaleString()}`}</title>
          {p.entered ? (
            <rect
              x={x(i) - bar / 2}
              y={base - p.entered * moveScale}
              width={bar / 2}
              height={p.entered * moveScale}
              className="fill-green-500/70"
            />
          ) : null}
          {p.exited ? (
            <rect x={x(i)} y={base - p.exited * moveScale} width={bar / 2} height={p.exited * moveScale} className="fill-red-500/70" />
          ) : null}
        </g>
      ))}
      <polyline points={points.map((p, i) => `${x(i)},${y(p.size)}`).join(" ")} fill="none" strokeWidth={2} className="stroke-indigo-600" />
      {points.map((p, i) => (
        <circle key={i} cx={x(i)} cy={y(p.size)} r={points.length > 60 ? 1 : 2.5} className="fill-indigo-600" />
      ))}
      <text x={PAD.left} y={H - 8} className="fill-slate-500 text-[10px]">
        {first.at.toLocaleDateString()}
      </text>
      <text x={W - PAD.right} y={H - 8} textAnchor="end" className="fill-slate-500 text-[10px]">
        {last.at.toLocaleDateString()}
      </text>
    </svg>
  );
}
