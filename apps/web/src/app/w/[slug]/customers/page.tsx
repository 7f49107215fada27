import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@facet/ui";

export const metadata: Metadata = { title: "Customers" };

export default function CustomersPage() {
  return (
    <>
      <PageHeader title="Customers" description="Everyone you segment: their attributes across seven dimensions, and what they did." />
      <EmptyState title="No customers yet">Customers arrive through CSV import and the ingest API, which are the next part of Facet to be built. Until then this list stays empty.</EmptyState>
    </>
  );
}
