import type { Metadata } from "next";
import { ImportWizard } from "./import-wizard";

export const metadata: Metadata = { title: "Import customers" };

export default async function ImportJobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  return <ImportWizard jobId={jobId} />;
}
