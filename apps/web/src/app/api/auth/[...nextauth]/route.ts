import type { NextRequest } from "next/server";
import { authKit } from "~/server/auth";

export const GET = (req: NextRequest) => authKit().handlers.GET(req);
export const POST = (req: NextRequest) => authKit().handlers.POST(req);
