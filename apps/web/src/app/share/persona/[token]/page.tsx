import type { Metadata } from "next";
import { Card } from "@facet/ui";
import { PersonaCard } from "~/components/persona/persona-card";
import { api, load } from "~/server/caller";

export const metadata: Metadata = { title: "Persona", robots: { index: false, follow: false } };

/** A persona card shared by link: no sign-in, aggregate figures only, gone once the link is revoked. */
export default async function SharedPersonaPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await api();
  const shared = await load(() => caller.persona.shared({ token }));
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <p className="mb-3 text-sm font-semibold text-indigo-600">Shared persona · Facet</p>
      <Card>
        <PersonaCard card={{ written: shared.written, computed: shared.computed, segmentName: shared.segment.name }} />
      </Card>
    </main>
  );
}
