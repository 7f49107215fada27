import type { Metadata } from "next";
import { IngestLog } from "./ingest-log";

export const metadata: Metadata = { title: "Ingest log" };

export default function IngestLogPage() {
  return <IngestLog />;
}
