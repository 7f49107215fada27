import type { Metadata } from "next";
import { PersonaView } from "./persona-view";

export const metadata: Metadata = { title: "Persona" };

export default async function PersonaPage({ params }: { params: Promise<{ segmentId: string }> }) {
  const { segmentId } = await params;
  return <PersonaView segmentId={segmentId} />;
}
