/**
 * The pages' Content-Security-Policy. Scripts: only those carrying this response's nonce, and what they
 * load ('strict-dynamic'); no 'unsafe-inline'. Styles may be inline (React's style attributes and the
 * charts use them); everything else is 'self', framing is denied.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** The header in which src/proxy.ts tells pages the path (and query) they were asked for. */
export const requestPathHeader = "x-facet-path";
