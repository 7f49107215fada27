import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@facet/ui";

export const metadata: Metadata = { title: "Segments" };

export default function SegmentsPage() {
  return (
    <>
      <PageHeader title="Segments" description="Groups of customers who share characteristics, needs or behaviour." />
      <EmptyState title="No segments yet">Segments are built from customer attributes and events. Once customers are in, build your first one here.</EmptyState>
    </>
  );
}
