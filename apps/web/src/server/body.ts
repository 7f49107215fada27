import "server-only";

/** Body size limits, in bytes. ARCHITECTURE.md lists them. */
export const bodyLimits = {
  /** tRPC calls and REST API v1 requests. */
  api: 1024 * 1024,
  /** Sign-in, sign-up and other Auth.js posts. */
  auth: 16 * 1024,
} as const;

export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; response: Response };

const tooLarge = (limit: number) =>
  Response.json(
    { error: { message: `The request body is larger than ${Math.round(limit / 1024)} KB.`, code: "PAYLOAD_TOO_LARGE" } },
    { status: 413 },
  );

/**
 * Reads a request body of at most `limit` bytes. A larger Content-Length is refused before anything is
 * read; without one (chunked), reading stops at the first byte past the limit, so a huge body never
 * sits in memory whole. `refuse` makes the 413 response, for routes that answer in their own format.
 */
export async function readBody(req: Request, limit: number, refuse: (limit: number) => Response = tooLarge): Promise<BodyRead> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, response: refuse(limit) };
  if (!req.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, response: refuse(limit) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { ok: true, bytes };
}

/** Reads a body of at most `limit` bytes as UTF-8 text (see readBody). */
export async function readText(
  req: Request,
  limit: number,
  refuse: (limit: number) => Response = tooLarge,
): Promise<{ ok: true; text: string } | { ok: false; response: Response }> {
  const read = await readBody(req, limit, refuse);
  return read.ok ? { ok: true, text: new TextDecoder().decode(read.bytes) } : read;
}
