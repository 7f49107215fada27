/**
 * Only same-site paths are followed after sign-in, so a link can't send people elsewhere. An absolute URL
 * (Auth.js's callbackUrl) is followed only when it is on `origin`, as its path.
 */
export function safeReturnTo(value: string | null | undefined, fallback = "/", origin?: string): string {
  if (value && origin && /^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (url.origin === origin) return safeReturnTo(url.pathname + url.search + url.hash, fallback);
    } catch {
      return fallback;
    }
    return fallback;
  }
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
