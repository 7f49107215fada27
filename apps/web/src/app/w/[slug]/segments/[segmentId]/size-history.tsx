"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage, Spinner } from "@facet/ui";
import { causeName } from "~/components/change-words";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

interface Step {
  at: Date;
  resolution: "minute" | "hour";
  size: number;
  entered: number;
  exited: number;
  cause: string;
}

const hour = 3_600_000;
const ranges = [
  { label: "24 hours", ms: 24 * hour },
  { label: "7 days", ms: 7 * 24 * hour },
  { label: "30 days", ms: 30 * 24 * hour },
  { label: "90 days", ms: 90 * 24 * hour },
] as const;

const W = 560;
const H = 180;
const PAD = { left: 56, right: 12, top: 10, bottom: 28 };

/** The size at a moment: the size after the last step before it, or the size the history starts at. */
function sizeAt(steps: Step[], startSize: number, t: number) {
  let size = startSize;
  for (const s of steps) {
    if (s.at.getTime() > t) break;
    size = s.size;
  }
  return size;
}

/**
 * The segment's size over time from its change log, by the minute over the last day and by the hour before:
 * a step line on a real time axis, the moves as a table for screen readers and for reading exact figures.
 */
export function SizeHistory({ segmentId }: { segmentId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [range, setRange] = useState<(typeof ranges)[number]>(ranges[0]);
  const history = useQuery(trpc.segment.sizeHistory.queryOptions({ workspaceId: ws.id, segmentId }, { refetchInterval: 15_000 }));

  if (history.error) return <ErrorMessage>{errorMessage(history.error)}</ErrorMessage>;
  if (!history.data) return <Spinner className="text-slate-400" />;
  const h = history.data;
  const end = h.now.getTime();
  const start = Math.max(end - range.ms, h.from.getTime());
  const inRange = h.steps.filter((s) => s.at.getTime() >= start);
  const startSize = sizeAt(h.steps, h.startSize, start - 1);
  // The line: the size at the start, then each step where it moved, then flat to now.
  const points: [number, number][] = [[start, startSize]];
  for (const s of inRange) {
    points.push([s.at.getTime(), points[points.length - 1]![1]], [s.at.getTime(), s.size]);
  }
  points.push([end, h.size]);
  const maxSize = Math.max(1, ...points.map((p) => p[1]));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const span = Math.max(1, end - start);
  const x = (t: number) => PAD.left + ((t - start) / span) * innerW;
  const y = (v: number) => PAD.top + innerH - (v / maxSize) * innerH;
  const ticks = [0, Math.round(maxSize / 2), maxSize];
  const entered = inRange.reduce((n, s) => n + s.entered, 0);
  const exited = inRange.reduce((n, s) => n + s.exited, 0);
  const short = range.ms <= 24 * hour;
  const fmt = (t: number) =>
    short ? new Date(t).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) : new Date(t).toLocaleDateString();

  return (
    <div>
      <div role="group" aria-label="Period" className="mb-2 flex flex-wrap gap-1">
        {ranges.map((r) => (
          <button
            key={r.label}
            type="button"
            aria-pressed={r === range}
            onClick={() => setRange(r)}
            className={`rounded-md px-2 py-1 text-xs font-medium ${r === range ? "bg-indigo-600 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200"}`}
          >
            {r.label}
          </button>
        ))}
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="w-full"
        role="img"
        aria-label={`Size over the last ${range.label}: ${startSize.toLocaleString()} to ${h.size.toLocaleString()}, ${entered.toLocaleString()} entered and ${exited.toLocaleString()} left`}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="stroke-slate-100" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
              {t.toLocaleString()}
            </text>
          </g>
        ))}
        <polyline points={points.map(([t, v]) => `${x(t)},${y(v)}`).join(" ")} fill="none" strokeWidth={2} className="stroke-indigo-600" />
        {inRange.map((s) => (
          <circle key={s.at.getTime()} cx={x(s.at.getTime())} cy={y(s.size)} r={inRange.length > 100 ? 1 : 2.5} className="fill-indigo-600">
            <title>{`${s.at.toLocaleString()}: ${s.size.toLocaleString()} members (+${s.entered.toLocaleString()} / −${s.exited.toLocaleString()}, ${causeName(s.cause)})`}</title>
          </circle>
        ))}
        <text x={PAD.left} y={H - 8} className="fill-slate-500 text-[10px]">
          {fmt(start)}
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" className="fill-slate-500 text-[10px]">
          now
        </text>
      </svg>
      <p className="text-xs text-slate-500">
        By the minute over the last day, by the hour before.{" "}
        {h.from.getTime() > end - range.ms ? `The log starts ${new Date(h.from).toLocaleString()}.` : ""}
      </p>
      <details className="mt-2">
        <summary className="cursor-pointer text-sm text-indigo-700">Moves in this period ({inRange.length.toLocaleString()})</summary>
        {inRange.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">Nobody entered or left in this period.</p>
        ) : (
          <div className="max-h-72 overflow-y-auto">
            <table className="mt-2 w-full text-sm" aria-label="Size by minute and hour">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className="py-1 font-medium">From</th>
                  <th className="py-1 font-medium">Size after</th>
                  <th className="py-1 font-medium">In</th>
                  <th className="py-1 font-medium">Out</th>
                  <th className="py-1 font-medium">Mostly</th>
                </tr>
              </thead>
              <tbody>
                {[...inRange]
                  .reverse()
                  .slice(0, 500)
                  .map((s) => (
                    <tr key={s.at.getTime()}>
                      <td className="py-1 pr-2">
                        {s.at.toLocaleString()} <span className="text-xs text-slate-400">({s.resolution})</span>
                      </td>
                      <td className="py-1 pr-2">{s.size.toLocaleString()}</td>
                      <td className="py-1 pr-2 text-green-700">+{s.entered.toLocaleString()}</td>
                      <td className="py-1 pr-2 text-red-700">−{s.exited.toLocaleString()}</td>
                      <td className="py-1">{causeName(s.cause)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
            {inRange.length > 500 ? (
              <p className="text-xs text-slate-500">The latest 500 shown; pick a shorter period for the rest.</p>
            ) : null}
          </div>
        )}
      </details>
    </div>
  );
}
