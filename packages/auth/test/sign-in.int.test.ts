import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database } from "@facet/db";
import { createTestDatabase } from "@facet/db/testing";
import { account } from "@facet/domain";
import { createAuth, peerAddressHeader, TrustedProxies } from "../src";

const password = "correct horse battery";
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const base = "http://127.0.0.1:3999";

type AuthKit = ReturnType<typeof createAuth>;
const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="));

/** Posts the credentials form to Auth.js as a browser would: CSRF cookie and token first. */
async function signInOverHttp(auth: AuthKit, email: string, pw: string, headers: Record<string, string>) {
  return (await signInWithCookies(auth, email, pw, headers)).code;
}

async function signInWithCookies(auth: AuthKit, email: string, pw: string, headers: Record<string, string>) {
  const csrf = await auth.handlers.GET(new Request(`${base}/api/auth/csrf`, { headers }) as never);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = cookiesOf(csrf).join("; ");
  const response = await auth.handlers.POST(
    new Request(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ email, password: pw, csrfToken, callbackUrl: `${base}/` }),
    }) as never,
  );
  const { url } = (await response.json()) as { url: string };
  const code = new URL(url).searchParams.get("code") ?? (new URL(url).searchParams.get("error") ? "error" : "signed in");
  return { code, cookie: [cookie, ...cookiesOf(response)].join("; ") };
}

const sessionOf = async (auth: AuthKit, cookie: string) =>
  (await (await auth.handlers.GET(new Request(`${base}/api/auth/session`, { headers: { cookie } }) as never)).json()) as {
    user?: { email?: string };
  } | null;

describe("sign-in over HTTP", () => {
  it("without TRUSTED_PROXIES, a rotating X-Forwarded-For is one client and is still paced", async () => {
    const auth = createAuth({ db: () => database.db, secret: "x".repeat(40), trustedProxies: new TrustedProxies([]) });
    const user = await account.signUp(database.db, { name: "Rota", email: `rota.${Date.now()}@example.com`, password }, "signup-1");
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push(
        await signInOverHttp(auth, user.email, "wrong password!", {
          [peerAddressHeader]: "198.51.100.20",
          "x-forwarded-for": `203.0.113.${i + 1}`,
        }),
      );
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill("invalid_credentials"));
    expect(codes.slice(5).every((c) => /^rate_limited_\d+$/.test(c))).toBe(true);
    // The same account from another peer is not locked out by that client.
    expect(await signInOverHttp(auth, user.email, password, { [peerAddressHeader]: "198.51.100.21" })).toBe("signed in");
  });

  it("behind a trusted proxy, the address it appended is the client", async () => {
    const auth = createAuth({ db: () => database.db, secret: "x".repeat(40), trustedProxies: new TrustedProxies(["10.0.0.0/8"]) });
    const user = await account.signUp(database.db, { name: "Prox", email: `prox.${Date.now()}@example.com`, password }, "signup-2");
    for (let i = 0; i < 5; i++) {
      await signInOverHttp(auth, user.email, "wrong password!", {
        [peerAddressHeader]: "10.0.0.2",
        "x-forwarded-for": `1.1.1.${i}, 203.0.113.50`,
      });
    }
    const paced = await signInOverHttp(auth, user.email, password, { [peerAddressHeader]: "10.0.0.2", "x-forwarded-for": "203.0.113.50" });
    expect(paced).toMatch(/^rate_limited_/);
    expect(await signInOverHttp(auth, user.email, password, { [peerAddressHeader]: "10.0.0.2", "x-forwarded-for": "203.0.113.51" })).toBe(
      "signed in",
    );
  });
});

describe("sign-out", () => {
  it("ends the session: a copied cookie no longer works and /api/auth/session has no user", async () => {
    const auth = createAuth({ db: () => database.db, secret: "x".repeat(40), trustedProxies: new TrustedProxies([]) });
    const user = await account.signUp(database.db, { name: "Copy", email: `copy.${Date.now()}@example.com`, password }, "signup-3");
    const headers = { [peerAddressHeader]: "198.51.100.30" };
    const { code, cookie } = await signInWithCookies(auth, user.email, password, headers);
    expect(code).toBe("signed in");
    expect((await sessionOf(auth, cookie))?.user?.email).toBe(user.email);

    const copied = cookie;
    const csrf = (await (await auth.handlers.GET(new Request(`${base}/api/auth/csrf`, { headers: { cookie } }) as never)).json()) as {
      csrfToken: string;
    };
    const out = await auth.handlers.POST(
      new Request(`${base}/api/auth/signout`, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
        body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl: `${base}/sign-in` }),
      }) as never,
    );
    expect(out.status).toBe(200);

    const after = await sessionOf(auth, copied);
    expect(after?.user).toBeUndefined();
    expect(await account.sessionUser(database.db, user.id, user.sessionVersion)).toBeNull();
  });
});
