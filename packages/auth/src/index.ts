import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Db } from "@facet/db";
import { account, isDomainError } from "@facet/domain";
import { clientAddress, type TrustedProxies } from "./client-address";

export { clientAddress, fromTrustedProxy, peerAddressHeader, requestOrigin, TrustedProxies } from "./client-address";

/** Sessions last at most 7 days, and are re-issued at most daily while used. */
export const sessionMaxAgeSeconds = 7 * 24 * 60 * 60;

/** The sign-in page shows a message per code. `rate_limited_<seconds>` carries the wait. */
class SignInFailed extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export interface CreateAuthOptions {
  db: () => Db;
  secret: string;
  /** Proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES); none: the TCP peer is the client. */
  trustedProxies: TrustedProxies;
  /** Where Auth.js's own errors go (the app's scrubbing logger). A wrong password is not an error. */
  onError?: (error: Error) => void;
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
export function createAuth({ db, secret, trustedProxies, onError = console.error }: CreateAuthOptions) {
  const config: NextAuthConfig = {
    secret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds, updateAge: 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    logger: {
      error: (error) => {
        if (error instanceof CredentialsSignin) return;
        onError(error);
      },
      warn: () => {},
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          try {
            const user = await account.verifyCredentials(
              db(),
              { email: String(credentials.email ?? ""), password: String(credentials.password ?? "") },
              clientAddress(request.headers, trustedProxies),
            );
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
          } catch (error) {
            if (isDomainError(error) && error.code === "LIMIT") {
              throw new SignInFailed(`rate_limited_${error.retryAfterSeconds ?? 60}`);
            }
            if (isDomainError(error)) throw new SignInFailed("invalid_credentials");
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      /**
       * Runs whenever a session is read (auth(), /api/auth/session): a token whose user is gone or whose
       * version was bumped (sign-out, "sign out everywhere") is no session at all, and its cookie is cleared.
       */
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
          return token;
        }
        if (!token.sub || typeof token.sv !== "number") return null;
        return (await account.sessionUser(db(), token.sub, token.sv)) ? token : null;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (token?.sub && typeof token.sv === "number") await account.endSession(db(), token.sub, token.sv);
      },
    },
  };
  return NextAuth(config);
}

export type Auth = ReturnType<typeof createAuth>;
