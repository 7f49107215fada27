import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Db } from "@facet/db";
import { account, isDomainError } from "@facet/domain";

/** Sessions last at most 7 days, and are re-issued at most daily while used. */
export const sessionMaxAgeSeconds = 7 * 24 * 60 * 60;

/** The sign-in page shows a message per code. `rate_limited_<minutes>` carries the wait. */
class SignInFailed extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

function clientIp(request: Request): string {
  // Behind a proxy, its X-Forwarded-For is the client; the per-account limit holds either way.
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "local";
}

export interface CreateAuthOptions {
  db: () => Db;
  secret: string;
}

declare module "next-auth" {
  interface Session {
    sessionVersion?: number;
  }
}

/**
 * Auth.js with email + password. Sessions are JWTs (Credentials requires it), so the token only
 * says who signed in and which session version; roles and revocation are checked in the database.
 */
export function createAuth({ db, secret }: CreateAuthOptions) {
  const config: NextAuthConfig = {
    secret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds, updateAge: 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          try {
            const user = await account.verifyCredentials(
              db(),
              { email: String(credentials.email ?? ""), password: String(credentials.password ?? "") },
              clientIp(request),
            );
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
          } catch (error) {
            if (isDomainError(error) && error.code === "LIMIT") {
              const minutes = /(\d+) minute/.exec(error.message)?.[1] ?? "15";
              throw new SignInFailed(`rate_limited_${minutes}`);
            }
            if (isDomainError(error)) throw new SignInFailed("invalid_credentials");
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
        return session;
      },
    },
  };
  return NextAuth(config);
}

export type Auth = ReturnType<typeof createAuth>;
