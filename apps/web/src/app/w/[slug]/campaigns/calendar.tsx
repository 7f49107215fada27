"use client";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@facet/ui";

export interface CalendarCampaign {
  id: string;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
  status: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A month of campaigns: each day lists the campaigns running that day (by their dates). */
export function CampaignCalendar({ campaigns, hrefOf }: { campaigns: CalendarCampaign[]; hrefOf: (id: string) => string }) {
  const now = new Date();
  const [month, setMonth] = useState(() => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
  const first = month;
  const lead = (first.getUTCDay() + 6) % 7; // weeks start on Monday
  const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const cells = Array.from({ length: Math.ceil((lead + days) / 7) * 7 }, (_, i) =>
    i < lead || i >= lead + days ? null : new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), i - lead + 1)),
  );
  const dated = campaigns.filter((c) => c.startsOn);
  const on = (day: Date) => dated.filter((c) => c.startsOn! <= iso(day) && (c.endsOn ?? c.startsOn!) >= iso(day));
  const shift = (by: number) => setMonth(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + by, 1)));
  return (
    <section aria-label="Campaign calendar">
      <div className="mb-2 flex items-center gap-2">
        <Button variant="ghost" size="sm" onClick={() => shift(-1)} aria-label="Previous month">
          ←
        </Button>
        <h2 className="w-44 text-center font-semibold">
          {first.toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" })}
        </h2>
        <Button variant="ghost" size="sm" onClick={() => shift(1)} aria-label="Next month">
          →
        </Button>
        <span className="text-xs text-slate-500">
          {campaigns.length - dated.length ? `${campaigns.length - dated.length} without dates not shown` : ""}
        </span>
      </div>
      <div className="grid grid-cols-7 gap-px overflow-hidden rounded-lg border border-slate-200 bg-slate-200 text-xs">
        {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => (
          <div key={d} className="bg-slate-50 px-2 py-1 font-medium text-slate-600">
            {d}
          </div>
        ))}
        {cells.map((day, i) => (
          <div key={i} className="min-h-20 bg-white p-1">
            {day ? (
              <>
                <div className="text-slate-400">{day.getUTCDate()}</div>
                <ul className="space-y-0.5">
                  {on(day).map((c) => (
                    <li key={c.id} className="truncate">
                      <Link
                        href={hrefOf(c.id)}
                        className={`block truncate rounded px-1 ${c.status === "running" ? "bg-green-100 text-green-900" : "bg-indigo-50 text-indigo-900"}`}
                      >
                        {c.name}
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ))}
      </div>
    </section>
  );
}
