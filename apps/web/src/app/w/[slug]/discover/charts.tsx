const COLORS = [
  "#4f46e5",
  "#16a34a",
  "#ea580c",
  "#db2777",
  "#0891b2",
  "#ca8a04",
  "#7c3aed",
  "#dc2626",
  "#0d9488",
  "#9333ea",
  "#65a30d",
  "#2563eb",
];
export const clusterColor = (i: number) => COLORS[i % COLORS.length]!;

/** Inertia (elbow) and silhouette against k, with the chosen k marked. */
export function ScoresChart({ scores, chosen }: { scores: { k: number; inertia: number; silhouette: number }[]; chosen: number }) {
  if (scores.length < 2) return null;
  const W = 420;
  const H = 160;
  const pad = 30;
  const x = (i: number) => pad + (i / (scores.length - 1)) * (W - 2 * pad);
  const maxI = Math.max(...scores.map((s) => s.inertia)) || 1;
  const yI = (v: number) => H - pad - (v / maxI) * (H - 2 * pad);
  const yS = (v: number) => H - pad - Math.max(0, v) * (H - 2 * pad);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full max-w-md"
      role="img"
      aria-label={`Elbow and silhouette for k = ${scores[0]!.k} to ${scores[scores.length - 1]!.k}; k = ${chosen} has the best silhouette`}
    >
      <polyline points={scores.map((s, i) => `${x(i)},${yI(s.inertia)}`).join(" ")} fill="none" stroke="#64748b" strokeWidth={2} />
      <polyline points={scores.map((s, i) => `${x(i)},${yS(s.silhouette)}`).join(" ")} fill="none" stroke="#4f46e5" strokeWidth={2} />
      {scores.map((s, i) => (
        <g key={s.k}>
          <circle cx={x(i)} cy={yS(s.silhouette)} r={s.k === chosen ? 5 : 3} fill="#4f46e5" />
          <circle cx={x(i)} cy={yI(s.inertia)} r={3} fill="#64748b" />
          <text x={x(i)} y={H - 10} textAnchor="middle" fontSize={11} fill="#475569">
            {s.k}
          </text>
        </g>
      ))}
      <text x={pad} y={14} fontSize={11} fill="#64748b">
        ― inertia (elbow)
      </text>
      <text x={W / 2} y={14} fontSize={11} fill="#4f46e5">
        ― silhouette
      </text>
    </svg>
  );
}

/** Members as points on two axes, coloured by cluster. */
export function Scatter({ points, axes }: { points: { x: number; y: number; cluster: number }[]; axes: [string, string] }) {
  if (!points.length) return null;
  const W = 420;
  const H = 300;
  const pad = 34;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
  const sy = (v: number) => H - pad - ((v - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full max-w-md"
      role="img"
      aria-label={`Scatter of ${points.length} members: ${axes[0]} by ${axes[1]}`}
    >
      <line x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} stroke="#cbd5e1" />
      <line x1={pad} y1={pad} x2={pad} y2={H - pad} stroke="#cbd5e1" />
      {points.map((p, i) => (
        <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={2.5} fill={clusterColor(p.cluster)} fillOpacity={0.75} />
      ))}
      <text x={W / 2} y={H - 8} textAnchor="middle" fontSize={11} fill="#475569">
        {axes[0]}
      </text>
      <text x={12} y={H / 2} textAnchor="middle" fontSize={11} fill="#475569" transform={`rotate(-90 12 ${H / 2})`}>
        {axes[1]}
      </text>
    </svg>
  );
}
