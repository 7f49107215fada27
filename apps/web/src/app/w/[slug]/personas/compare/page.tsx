import type { Metadata } from "next";
import { PersonaCompare } from "./persona-compare";

export const metadata: Metadata = { title: "Compare personas" };

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const { ids } = await searchParams;
  return <PersonaCompare segmentIds={(ids ?? "").split(",").filter(Boolean).slice(0, 4)} />;
}
