import type { Metadata } from "next";
import { Destinations } from "./destinations";

export const metadata: Metadata = { title: "Destinations" };

export default function DestinationsPage() {
  return <Destinations />;
}
