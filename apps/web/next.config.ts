import type { NextConfig } from "next";

const dev = process.env.NODE_ENV !== "production";

// Next's inline bootstrap scripts need 'unsafe-inline' without nonces; everything else is locked to 'self'.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite must not be bundled (STACK.md trap 3); argon2 and pino load native/worker code at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "nodemailer", "pg-boss", "pg"],
  transpilePackages: ["@facet/api", "@facet/auth", "@facet/db", "@facet/domain", "@facet/jobs-pgboss", "@facet/ui", "@facet/validators"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default config;
