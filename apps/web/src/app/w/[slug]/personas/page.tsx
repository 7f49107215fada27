import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@facet/ui";

export const metadata: Metadata = { title: "Personas" };

export default function PersonasPage() {
  return (
    <>
      <PageHeader title="Personas" description="A persona card per segment, computed from its real members." />
      <EmptyState title="No personas yet">Every segment will get a persona card. Create a segment first.</EmptyState>
    </>
  );
}
