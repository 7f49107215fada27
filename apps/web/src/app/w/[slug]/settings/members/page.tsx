import type { Metadata } from "next";
import { Members } from "./members";
import { Invitations } from "./invitations";

export const metadata: Metadata = { title: "Members" };

export default function MembersPage() {
  return (
    <div className="max-w-3xl space-y-8">
      <Invitations />
      <Members />
    </div>
  );
}
