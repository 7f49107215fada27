import type { Metadata } from "next";
import { Reconciliations } from "./reconciliations";

export const metadata: Metadata = { title: "Segment health" };

export default function HealthPage() {
  return <Reconciliations />;
}
