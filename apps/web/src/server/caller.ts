import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { TRPCError } from "@trpc/server";
import { createCaller } from "@facet/api";
import { createApiContext } from "./context";
import { requestPathHeader } from "./csp";

/** tRPC for server components: the same procedures, called in-process, once per request. */
export const api = cache(async () => createCaller(await createApiContext(await headers())));

/**
 * Runs a server-side call; a lost session goes to sign-in, which comes back to the page asked for (the whole
 * deep link, from the proxy), and NOT_FOUND to the not-found page.
 */
export async function load<T>(call: () => Promise<T>, returnTo?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") {
      const here = (await headers()).get(requestPathHeader) ?? returnTo;
      redirect(here && here !== "/" ? `/sign-in?returnTo=${encodeURIComponent(here)}` : "/sign-in");
    }
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** A call that needs a session, or null when signed out (for pages that also serve visitors). */
export async function ifSignedIn<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return null;
    throw error;
  }
}
