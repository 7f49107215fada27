import { NextRequest } from "next/server";
import { authKit } from "~/server/auth";
import { bodyLimits, readBody } from "~/server/body";

export const GET = (req: NextRequest) => authKit().handlers.GET(req);

/** Sign-in and sign-out forms are small: a larger body is a 413 before Auth.js parses anything. */
export async function POST(req: NextRequest) {
  const read = await readBody(req, bodyLimits.auth);
  if (!read.ok) return read.response;
  return authKit().handlers.POST(new NextRequest(req.url, { method: "POST", headers: req.headers, body: read.bytes as BodyInit }));
}
