import type { Metadata } from "next";
import { Discover } from "./discover";

export const metadata: Metadata = { title: "Discover" };

export default function DiscoverPage() {
  return <Discover />;
}
