import type { persona } from "@facet/domain";
import { dimensionLabels, dimensions, type PersonaWritten } from "@facet/validators";
import { Avatar } from "./avatar";
import { CategoryBars, Histogram } from "./charts";
import { figure, percent } from "../format";

export interface CardData {
  written: PersonaWritten;
  computed: persona.ComputedPersona;
  segmentName: string;
}

const pct = (x: number) => percent(x, x < 0.1 ? 1 : 0);
const num = figure;

function Figure({ id, label, value, base }: { id: string; label: string; value: string; base?: string }) {
  return (
    <div id={id} className="rounded-md bg-slate-50 px-3 py-2 target:ring-2 target:ring-indigo-400">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold text-slate-900">{value}</dd>
      {base ? <dd className="text-xs text-slate-500">{base} overall</dd> : null}
    </div>
  );
}

function List({ title, items }: { title: string; items: string[] }) {
  if (!items.length) return null;
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-700">{title}</h3>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-700">
        {items.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
    </div>
  );
}

/** A persona card, read-only: the team's words, then the figures computed from the segment's members. */
export function PersonaCard({ card }: { card: CardData }) {
  const { written: w, computed: c } = card;
  const h = c.headline;
  const byDimension = dimensions
    .map((d) => ({ d, profiles: c.profiles.filter((p) => p.dimension === d && (p.categories?.length || p.numbers)) }))
    .filter((x) => x.profiles.length);
  return (
    <article className="space-y-6" aria-label={`Persona ${w.name}`}>
      <header className="flex items-start gap-4">
        <Avatar name={w.name} src={w.avatar || undefined} size={72} />
        <div className="min-w-0">
          <h2 className="text-2xl font-semibold text-slate-900">{w.name}</h2>
          <p className="text-sm text-slate-500">Segment: {card.segmentName}</p>
          {w.summary ? <p className="mt-1 text-slate-700">{w.summary}</p> : null}
          {w.quote ? (
            <blockquote className="mt-2 border-l-4 border-indigo-200 pl-3 italic text-slate-600">&ldquo;{w.quote}&rdquo;</blockquote>
          ) : null}
        </div>
      </header>

      <section aria-label="Headline figures">
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
          <Figure id="headline-size" label="Members" value={h.size.toLocaleString()} />
          <Figure id="headline-share" label="Share of customers" value={pct(h.share)} base={`of ${h.total.toLocaleString()}`} />
          <Figure
            id="headline-lifetimeValue"
            label="Average lifetime value"
            value={num(h.lifetimeValue.segment)}
            base={num(h.lifetimeValue.base)}
          />
          <Figure
            id="headline-medianValue"
            label="Median lifetime value"
            value={num(h.lifetimeValue.segmentMedian)}
            base={num(h.lifetimeValue.baseMedian)}
          />
          <Figure id="headline-orders" label="Orders per customer" value={num(h.orders.segment)} base={num(h.orders.base)} />
          <Figure
            id="headline-recency"
            label="Days since last purchase (median)"
            value={h.daysSinceLastPurchase ? num(h.daysSinceLastPurchase.segment) : "—"}
            base={h.daysSinceLastPurchase ? num(h.daysSinceLastPurchase.base) : undefined}
          />
        </dl>
        <p className="mt-1 text-xs text-slate-500" data-testid="sample-note">
          {c.sample.exact
            ? `Computed from all ${c.sample.members.toLocaleString()} members and ${c.sample.customers.toLocaleString()} customers`
            : `Computed from a sample of ${c.sample.members.toLocaleString()} members and ${c.sample.customers.toLocaleString()} customers`}
          , {new Date(c.computedAt).toLocaleString()}.
        </p>
      </section>

      <section aria-label="Description">
        <h3 className="text-sm font-semibold text-slate-700">In the data</h3>
        {c.description.facts.length ? (
          <p className="mt-1 text-slate-800" data-testid="persona-description">
            {c.description.facts.map((f, i) => (
              <span key={i}>
                {i ? "; " : ""}
                <a
                  href={`#${f.ref.replace(":", "-")}`}
                  className="underline decoration-indigo-300 underline-offset-2 hover:text-indigo-700"
                >
                  {i === 0 ? f.text.replace(/^./, (ch) => ch.toUpperCase()) : f.text}
                </a>
              </span>
            ))}
            .
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-500">
            Nothing sets these members apart from the other customers clearly enough to say yet.
          </p>
        )}
      </section>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <List title="Goals" items={w.goals} />
        <List title="Needs" items={w.needs} />
        <List title="Pain points" items={w.painPoints} />
        <List title="Objections" items={w.objections} />
        <List title="Preferred channels" items={w.channels} />
        <List title="Messaging do's" items={w.dos} />
        <List title="Messaging don'ts" items={w.donts} />
      </div>
      {w.notes ? (
        <section aria-label="Notes">
          <h3 className="text-sm font-semibold text-slate-700">Notes</h3>
          <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{w.notes}</p>
        </section>
      ) : null}

      {c.standouts.length ? (
        <section aria-label="What sets them apart">
          <h3 className="text-sm font-semibold text-slate-700">What sets them apart</h3>
          <ol className="mt-1 space-y-1 text-sm">
            {c.standouts.map((s, i) => (
              <li key={i}>
                <a href={`#attr-${s.key}`} className="hover:underline">
                  {s.kind === "category"
                    ? `${s.label} "${s.value}": ${pct(s.segment)} vs ${pct(s.base)} overall (${s.direction === "over" ? `${s.lift.toFixed(1)}x` : "rarer"})`
                    : `${s.label}: average ${num(s.segmentMean)} vs ${num(s.baseMean)}${s.unit ? ` ${s.unit}` : ""} (${s.stdDiff > 0 ? "+" : ""}${s.stdDiff.toFixed(2)} sd)`}
                </a>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-label="Profile" className="space-y-4">
        {byDimension.map(({ d, profiles }) => (
          <div key={d}>
            <h3 className="text-sm font-semibold text-slate-700">{dimensionLabels[d]}</h3>
            <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {profiles.map((p) => (
                <div
                  key={p.key}
                  id={`attr-${p.key}`}
                  className="rounded-md border border-slate-100 p-3 target:ring-2 target:ring-indigo-400"
                >
                  <div className="mb-1 flex justify-between text-xs">
                    <span className="font-medium text-slate-800">{p.label}</span>
                    <span className="text-slate-400">{pct(p.known.segment)} known</span>
                  </div>
                  {p.numbers ? <Histogram profile={p} /> : <CategoryBars profile={p} />}
                </div>
              ))}
            </div>
          </div>
        ))}
      </section>
    </article>
  );
}
