"use client";
import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * The address the app is served at, as the browser sees it; null while rendering on the server. Reading
 * `window` during render instead made the server's HTML ("") differ from the browser's first render, a
 * hydration error; useSyncExternalStore renders the server's value while hydrating, then the browser's.
 */
export function useOrigin(): string | null {
  return useSyncExternalStore(
    never,
    () => window.location.origin,
    () => null,
  );
}
