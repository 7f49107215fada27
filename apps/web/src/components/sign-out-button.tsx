"use client";
import { signOut } from "next-auth/react";
import { Button } from "@facet/ui";

export function SignOutButton() {
  return (
    <Button variant="ghost" size="sm" onClick={() => signOut({ redirectTo: "/sign-in" })}>
      Sign out
    </Button>
  );
}
