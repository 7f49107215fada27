import "server-only";
import { createAuth, type Auth } from "@facet/auth";
import { env } from "~/env";
import { db } from "./db";
import { logger } from "./logger";

let instance: Auth | undefined;

/** Auth.js, created on first use so that `next build` needs no secret. */
export function authKit(): Auth {
  instance ??= createAuth({
    db,
    secret: env().authSecret,
    trustedProxies: env().trustedProxies,
    onError: (err) => logger().error({ err }, "auth failed"),
  });
  return instance;
}
