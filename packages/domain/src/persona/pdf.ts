// A persona card as a PDF document (A4, Helvetica), written by hand: text only, so no renderer or
// font files are needed on the server. Pure: the same card gives the same bytes.
import type { PersonaWritten } from "@facet/validators";
import type { ComputedPersona } from "./compute";
import { num, pct } from "./describe";

const PAGE = { w: 595, h: 842, margin: 50 };

/** PDF strings are Latin-1 with \, ( and ) escaped; anything else becomes "?". */
const pdfText = (s: string) =>
  s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\u2265/g, ">=")
    .replace(/\u2264/g, "<=")
    .replace(/[^\x20-\x7e\xa0-\xff]/g, "?")
    .replace(/[\\()]/g, (c) => `\\${c}`);

/** Splits text into lines that fit `width` points at `size` (Helvetica averages about half an em per character). */
function wrap(text: string, size: number, width = PAGE.w - 2 * PAGE.margin): string[] {
  const max = Math.max(10, Math.floor(width / (size * 0.5)));
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && (line + " " + word).length > max) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

export function personaPdf(card: { written: PersonaWritten; computed: ComputedPersona; segmentName: string }): Uint8Array {
  const { written: w, computed: c } = card;
  const pages: string[][] = [[]];
  let y = PAGE.h - PAGE.margin;
  const line = (text: string, size = 10, bold = false, gap = 4) => {
    for (const l of wrap(text, size)) {
      if (y - size < PAGE.margin) {
        pages.push([]);
        y = PAGE.h - PAGE.margin;
      }
      y -= size;
      pages[pages.length - 1]!.push(`BT /${bold ? "F2" : "F1"} ${size} Tf ${PAGE.margin} ${y} Td (${pdfText(l)}) Tj ET`);
      y -= gap;
    }
  };
  const space = (n = 8) => (y -= n);
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    space();
    line(title, 12, true);
    for (const it of items) line(`- ${it}`);
  };

  line(w.name, 22, true, 6);
  line(`Segment: ${card.segmentName}`, 10);
  if (w.summary) line(w.summary, 12);
  if (w.quote) line(`"${w.quote}"`, 11);
  space();
  const h = c.headline;
  line("Headline figures", 12, true);
  line(`${h.size.toLocaleString("en-US")} members, ${pct(h.share)} of ${h.total.toLocaleString("en-US")} customers`);
  line(
    `Average lifetime value ${num(h.lifetimeValue.segment)} (overall ${num(h.lifetimeValue.base)}); median ${num(h.lifetimeValue.segmentMedian)} (overall ${num(h.lifetimeValue.baseMedian)})`,
  );
  line(`Orders per customer ${num(h.orders.segment)} (overall ${num(h.orders.base)})`);
  if (h.daysSinceLastPurchase)
    line(`Days since last purchase, median ${num(h.daysSinceLastPurchase.segment)} (overall ${num(h.daysSinceLastPurchase.base)})`);
  if (c.description.text) {
    space();
    line("In the data", 12, true);
    line(c.description.text);
  }
  if (c.standouts.length) {
    space();
    line("What sets them apart", 12, true);
    for (const s of c.standouts) {
      line(
        s.kind === "category"
          ? `- ${s.label} "${s.value}": ${pct(s.segment)} vs ${pct(s.base)} overall`
          : `- ${s.label}: average ${num(s.segmentMean)} vs ${num(s.baseMean)}${s.unit ? ` ${s.unit}` : ""} overall`,
      );
    }
  }
  list("Goals", w.goals);
  list("Needs", w.needs);
  list("Pain points", w.painPoints);
  list("Objections", w.objections);
  list("Preferred channels", w.channels);
  list("Messaging do's", w.dos);
  list("Messaging don'ts", w.donts);
  if (w.notes) {
    space();
    line("Notes", 12, true);
    line(w.notes);
  }
  space();
  line(
    `${c.sample.exact ? "Computed from all" : "Computed from a sample of"} ${c.sample.members.toLocaleString("en-US")} members and ${c.sample.customers.toLocaleString("en-US")} customers, ${c.computedAt.slice(0, 10)}.`,
    8,
  );

  // Objects: 1 catalog, 2 page tree, 3-4 fonts, then a page and its content stream per page.
  const objects: string[] = [];
  const kids = pages.map((_, i) => `${5 + 2 * i} 0 R`).join(" ");
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  for (const [i, ops] of pages.entries()) {
    const stream = ops.join("\n");
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.w} ${PAGE.h}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${6 + 2 * i} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`);
  }
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
