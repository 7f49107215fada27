import { seededRandom } from "../shared/random";
import { demoCountries, demoPersonas, firstNames, lastNames, type DemoPersona } from "./personas";

export { seededRandom };

type Rng = () => number;
const between = (rng: Rng, [lo, hi]: [number, number]) => lo + Math.floor(rng() * (hi - lo + 1));
const one = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const weighted = (rng: Rng, options: readonly (readonly [string, number])[]) => {
  const total = options.reduce((n, [, w]) => n + w, 0);
  let r = rng() * total;
  for (const [value, w] of options) if ((r -= w) < 0) return value;
  return options[options.length - 1]![0];
};
const some = (rng: Rng, items: readonly string[], min: number, max: number) => {
  const n = Math.min(items.length, between(rng, [min, max]));
  return [...items].sort(() => rng() - 0.5).slice(0, n);
};

export interface DemoEvent {
  name: string;
  occurredAt: Date;
  properties: Record<string, string | number>;
  revenue: number | null;
}

export interface DemoCustomer {
  persona: string;
  email: string;
  name: string;
  externalId: string;
  createdAt: Date;
  traits: Record<string, string | number | boolean | string[]>;
  events: DemoEvent[];
}

const day = 86_400_000;
const historyDays = 180;

function pickPersona(rng: Rng): DemoPersona {
  let r = rng();
  for (const p of demoPersonas) if ((r -= p.share) < 0) return p;
  return demoPersonas[demoPersonas.length - 1]!;
}

/** Customer number `i` of the demo: attributes from their persona, and months of events up to `now`. */
export function generateCustomer(i: number, rng: Rng, now: Date): DemoCustomer {
  const p = pickPersona(rng);
  const first = one(rng, firstNames);
  const last = one(rng, lastNames);
  const place = weighted(
    rng,
    demoCountries.map((c) => [c.country, c.weight] as const),
  );
  const country = demoCountries.find((c) => c.country === place)!;
  const plan = weighted(rng, p.plan);
  const activeDays = between(rng, p.activeDays);
  const newsletter = rng() < 0.45;
  const createdAt = new Date(now.getTime() - between(rng, [1, historyDays]) * day - Math.floor(rng() * day));
  const traits: DemoCustomer["traits"] = {
    age: between(rng, p.age),
    gender: weighted(rng, [
      ["Female", 48],
      ["Male", 48],
      ["Non-binary", 4],
    ]),
    occupation: one(rng, p.occupations),
    income_band: weighted(rng, p.income),
    education: weighted(rng, p.education),
    marital_status: weighted(rng, p.marital),
    country: country.country,
    city: one(rng, country.cities),
    lifestyle: weighted(rng, p.lifestyle),
    values: some(rng, p.values, 1, 3),
    interests: some(rng, p.interests, 1, 3),
    primary_device: weighted(rng, p.devices),
    integrations: some(rng, p.integrations, 0, 3),
    main_need: one(rng, p.needs),
    pain_points: some(rng, p.painPoints, 1, 2),
    plan,
    seats: plan === "Team" ? between(rng, p.seats) : 1,
    weekly_active_days: activeDays,
    signup_source: weighted(rng, [
      ["Organic search", 35],
      ["App store", 25],
      ["Referral", 20],
      ["Ads", 15],
      ["Partner", 5],
    ]),
    newsletter,
  };

  const span = now.getTime() - createdAt.getTime();
  const at = () => new Date(createdAt.getTime() + Math.floor(rng() * span));
  const events: DemoEvent[] = [
    { name: "signup", occurredAt: createdAt, properties: { source: String(traits.signup_source) }, revenue: null },
  ];
  // The latest logins only: enough for recency, without millions of rows per thousand customers.
  const logins = Math.min(6, Math.ceil((activeDays * span) / (7 * day) / 10));
  for (let k = 0; k < logins; k++)
    events.push({
      name: "login",
      occurredAt: new Date(now.getTime() - Math.floor(rng() * Math.min(span, (8 - activeDays) * 5 * day))),
      properties: { device: String(traits.primary_device) },
      revenue: null,
    });
  const uses = between(rng, [1, 2 + activeDays]);
  for (let k = 0; k < uses; k++)
    events.push({ name: "feature_used", occurredAt: at(), properties: { feature: one(rng, p.features) }, revenue: null });
  if (newsletter)
    for (let k = between(rng, [0, 4]); k > 0; k--)
      events.push({
        name: "email_opened",
        occurredAt: at(),
        properties: { campaign: one(rng, ["weekly_tips", "product_update", "webinar_invite"]) },
        revenue: null,
      });
  if (plan !== "Free") {
    // Monthly subscription payments since signup; some paying customers stopped (churned).
    const price = plan === "Team" ? 6 * Number(traits.seats) : 8;
    const months = Math.floor(span / (30 * day)) + 1;
    const paid = rng() < 0.18 ? between(rng, [1, months]) : months;
    for (let m = 0; m < paid; m++) {
      if (createdAt.getTime() + m * 30 * day + day > now.getTime()) break;
      events.push({
        name: "purchase",
        occurredAt: new Date(createdAt.getTime() + m * 30 * day + day),
        properties: { plan, seats: Number(traits.seats) },
        revenue: price,
      });
    }
  }
  events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const handle = `${first}.${last}`
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z.]/g, "");
  return {
    persona: p.name,
    email: `${handle}.${i}@example.com`,
    name: `${first} ${last}`,
    externalId: `demo-${i}`,
    createdAt,
    traits,
    events,
  };
}
