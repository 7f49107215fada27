import type { CardData } from "./persona-card";
import { avatarOf } from "./avatar";

const W = 1200;
const H = 630;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Words into lines of at most `max` characters. */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The card as a 1200x630 SVG image: who, how many, what sets them apart, in their words. */
export function cardImageSvg({ written: w, computed: c, segmentName }: CardData): string {
  const { initials, hue } = avatarOf(w.name);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const avatar = w.avatar
    ? `<clipPath id="a"><circle cx="110" cy="110" r="60"/></clipPath><image href="${esc(w.avatar)}" x="50" y="50" width="120" height="120" clip-path="url(#a)" preserveAspectRatio="xMidYMid slice"/>`
    : `<circle cx="110" cy="110" r="60" fill="hsl(${hue} 65% 88%)"/><text x="110" y="126" text-anchor="middle" font-size="44" font-weight="600" fill="hsl(${hue} 55% 30%)">${esc(initials)}</text>`;
  const figures = [
    ["Members", c.headline.size.toLocaleString("en-US")],
    ["Share of customers", pct(c.headline.share)],
    ["Orders per customer", `${c.headline.orders.segment.toFixed(1)} vs ${c.headline.orders.base.toFixed(1)}`],
    [
      "Avg lifetime value",
      `${Math.round(c.headline.lifetimeValue.segment).toLocaleString("en-US")} vs ${Math.round(c.headline.lifetimeValue.base).toLocaleString("en-US")}`,
    ],
  ];
  const description = wrapWords(c.description.text || "Nothing sets these members apart clearly enough to say yet.", 95).slice(0, 5);
  const summary = wrapWords(w.summary, 70).slice(0, 2);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">
<rect width="${W}" height="${H}" fill="#ffffff"/><rect width="${W}" height="8" fill="#4f46e5"/>
${avatar}
<text x="200" y="100" font-size="44" font-weight="700" fill="#0f172a">${esc(w.name)}</text>
<text x="200" y="136" font-size="22" fill="#64748b">Segment: ${esc(segmentName)}</text>
${summary.map((l, i) => `<text x="200" y="${172 + i * 28}" font-size="22" fill="#334155">${esc(l)}</text>`).join("")}
${figures
  .map(
    ([label, value], i) =>
      `<rect x="${50 + i * 280}" y="240" width="260" height="100" rx="10" fill="#f8fafc"/><text x="${66 + i * 280}" y="272" font-size="18" fill="#64748b">${esc(label!)}</text><text x="${66 + i * 280}" y="318" font-size="34" font-weight="700" fill="#0f172a">${esc(value!)}</text>`,
  )
  .join("")}
<text x="50" y="390" font-size="20" font-weight="700" fill="#334155">In the data</text>
${description.map((l, i) => `<text x="50" y="${424 + i * 30}" font-size="22" fill="#1e293b">${esc(l)}</text>`).join("")}
<text x="50" y="${H - 24}" font-size="16" fill="#94a3b8">${esc(c.sample.exact ? `All ${c.sample.members.toLocaleString("en-US")} members` : `Sample of ${c.sample.members.toLocaleString("en-US")} members`)} · Facet</text>
</svg>`;
}

/** Draws the SVG on a canvas and saves it as a PNG file. */
export async function downloadCardPng(card: CardData): Promise<void> {
  const url = URL.createObjectURL(new Blob([cardImageSvg(card)], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("The card image could not be drawn."));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = W;
    canvas.height = H;
    canvas.getContext("2d")!.drawImage(img, 0, 0);
    const png = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("The PNG could not be made."))), "image/png"),
    );
    const a = document.createElement("a");
    a.href = URL.createObjectURL(png);
    a.download = `persona-${card.written.name.replace(/[^\w-]+/g, "-").toLowerCase() || "card"}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  } finally {
    URL.revokeObjectURL(url);
  }
}
