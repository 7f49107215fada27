import type { Metadata } from "next";
import { Attributes } from "./attributes";

export const metadata: Metadata = { title: "Attributes" };

export default function AttributesPage() {
  return <Attributes />;
}
