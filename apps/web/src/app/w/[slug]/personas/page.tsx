import type { Metadata } from "next";
import { PersonaGallery } from "./persona-gallery";

export const metadata: Metadata = { title: "Personas" };

export default function PersonasPage() {
  return <PersonaGallery />;
}
