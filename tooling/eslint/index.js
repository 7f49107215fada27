// Shared lint rules. The import-direction rules are the point: web -> api -> domain -> db,
// everyone may use validators, and only apps/web reads the environment.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const forbid = (...names) => ({
  "no-restricted-imports": [
    "error",
    { patterns: names.map((group) => ({ group: [group, `${group}/*`], message: `This layer must not import ${group}.` })) },
  ],
});

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/next-env.d.ts", "**/.turbo/**", "**/test-results/**", "**/playwright-report/**", "**/.data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  { files: ["packages/validators/src/**"], rules: forbid("@facet/db", "@facet/domain", "@facet/api", "@facet/auth", "@facet/ui", "next", "react", "drizzle-orm") },
  { files: ["packages/db/src/**"], rules: forbid("@facet/domain", "@facet/api", "@facet/auth", "@facet/ui", "next", "react") },
  { files: ["packages/domain/src/**"], rules: forbid("@facet/api", "@facet/auth", "@facet/ui", "next", "next-auth", "react", "@trpc/server", "@trpc/client", "@tanstack/react-query") },
  { files: ["packages/api/src/**"], rules: forbid("@facet/auth", "@facet/ui", "next", "react") },
  { files: ["packages/auth/src/**"], rules: forbid("@facet/api", "@facet/ui", "react") },
  { files: ["packages/ui/src/**"], rules: forbid("@facet/db", "@facet/domain", "@facet/api", "@facet/auth") },
  {
    // Only apps/web/src/env.ts reads the environment (tests, scripts and config files aside).
    files: ["packages/*/src/**/*.ts", "packages/*/src/**/*.tsx", "apps/web/src/**"],
    ignores: ["**/*.test.ts", "**/*.int.test.ts", "**/test/**", "apps/web/src/env.ts", "packages/db/src/migrate.ts", "packages/db/src/seed.ts", "packages/db/src/testing.ts", "packages/db/src/test-global-setup.ts"],
    rules: { "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration in apps/web/src/env.ts and pass it in." }] },
  },
);
