import type { Metadata } from "next";
import { UploadStep } from "./upload-step";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  const { kind } = await searchParams;
  return <UploadStep initialKind={kind === "events" ? "events" : "customers"} />;
}
