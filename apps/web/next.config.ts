import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite must not be bundled (STACK.md trap 3); argon2 and pino load native/worker code at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "nodemailer", "pg-boss", "pg"],
  // Facet has no server actions; should one appear, its body is capped like the sign-in form's.
  experimental: { serverActions: { bodySizeLimit: "16kb" } },
  transpilePackages: ["@facet/api", "@facet/auth", "@facet/db", "@facet/domain", "@facet/jobs-pgboss", "@facet/ui", "@facet/validators"],
  // Pages get their Content-Security-Policy, with a per-request nonce, from src/proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
      {
        // HSTS only means something over HTTPS (browsers ignore it on plain HTTP), and TLS ends at the proxy
        // in front of the app, which says so in X-Forwarded-Proto.
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

export default config;
