import type { persona } from "@facet/domain";
import { figure, percent } from "../format";

type Profile = persona.AttributeProfile;
const pct = (x: number) => percent(x);
const num = figure;

/** Top values: the segment's share (solid) over the base's (outline), per value. */
export function CategoryBars({ profile }: { profile: Profile }) {
  const rows = (profile.categories ?? []).slice(0, 6);
  if (!rows.length) return <p className="text-xs text-slate-500">No values yet.</p>;
  return (
    <ul className="space-y-1.5">
      {rows.map((c) => (
        <li key={c.value} className="text-xs">
          <div className="flex justify-between gap-2">
            <span className="truncate text-slate-700">{c.value}</span>
            <span className="whitespace-nowrap text-slate-500">
              {pct(c.segment)} <span className="text-slate-400">vs {pct(c.base)}</span>
            </span>
          </div>
          <div className="relative mt-0.5 h-2 rounded bg-slate-100" aria-hidden>
            <div className="absolute inset-y-0 left-0 rounded bg-indigo-500" style={{ width: pct(c.segment) }} />
            <div className="absolute inset-y-0 left-0 rounded border border-slate-500" style={{ width: pct(c.base) }} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A histogram: the segment's share per bin (bars) and the base's (line). */
export function Histogram({ profile }: { profile: Profile }) {
  const n = profile.numbers;
  if (!n) return <p className="text-xs text-slate-500">No values yet.</p>;
  const W = 240;
  const H = 64;
  const max = Math.max(...n.bins.map((b) => Math.max(b.segment, b.base)), 0.01);
  const w = W / n.bins.length;
  const y = (v: number) => H - (v / max) * (H - 4);
  const unit = profile.unit ? ` ${profile.unit}` : "";
  return (
    <div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="w-full"
        role="img"
        aria-label={`${profile.label}: average ${num(n.segmentMean)} in the segment vs ${num(n.baseMean)} overall`}
      >
        {n.bins.map((b, i) => (
          <rect key={i} x={i * w + 1} y={y(b.segment)} width={w - 2} height={H - y(b.segment)} className="fill-indigo-500/80">
            <title>{`${num(b.from)}–${num(b.to)}${unit}: ${pct(b.segment)} vs ${pct(b.base)} overall`}</title>
          </rect>
        ))}
        <polyline
          points={n.bins.map((b, i) => `${i * w + w / 2},${y(b.base)}`).join(" ")}
          fill="none"
          strokeWidth={1.5}
          className="stroke-slate-600"
        />
      </svg>
      <div className="flex justify-between text-[10px] text-slate-500">
        <span>{num(n.bins[0]!.from)}</span>
        <span>
          average {num(n.segmentMean)} vs {num(n.baseMean)}
          {unit}
        </span>
        <span>{num(n.bins[n.bins.length - 1]!.to)}</span>
      </div>
    </div>
  );
}
