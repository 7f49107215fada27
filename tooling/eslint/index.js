// Shared lint rules. The import-direction rules are the point: web -> api -> domain -> db,
// everyone may use validators, and only apps/web reads the environment.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import prettier from "eslint-config-prettier";

const forbid = (...names) => ({
  "no-restricted-imports": [
    "error",
    { patterns: names.map((group) => ({ group: [group, `${group}/*`], message: `This layer must not import ${group}.` })) },
  ],
});

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/next-env.d.ts",
      "**/.turbo/**",
      "**/test-results/**",
      "**/playwright-report/**",
      "**/.data/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Type-aware rules: promises nobody awaits, awaits of non-promises, switches that miss a case.
    files: ["apps/**/*.{ts,tsx}", "packages/**/*.{ts,tsx}", "e2e/**/*.ts", "bench/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
    },
  },
  {
    files: ["apps/web/**/*.tsx", "packages/ui/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["packages/validators/src/**"],
    rules: forbid("@facet/db", "@facet/domain", "@facet/api", "@facet/auth", "@facet/ui", "next", "react", "drizzle-orm"),
  },
  { files: ["packages/db/src/**"], rules: forbid("@facet/domain", "@facet/api", "@facet/auth", "@facet/ui", "next", "react") },
  {
    files: ["packages/domain/src/**"],
    rules: forbid(
      "@facet/api",
      "@facet/auth",
      "@facet/ui",
      "next",
      "next-auth",
      "react",
      "@trpc/server",
      "@trpc/client",
      "@tanstack/react-query",
    ),
  },
  {
    // The rule engine's core is pure (the browser may use it): no database, no driver, nothing that
    // loads them (the SQL compiler, the attribute and segment modules' barrels). Repeats the domain's
    // list, since a later no-restricted-imports replaces an earlier one.
    files: ["packages/domain/src/rules/core/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...[
              "@facet/api",
              "@facet/auth",
              "@facet/ui",
              "@facet/db",
              "drizzle-orm",
              "postgres",
              "@electric-sql/pglite",
              "next",
              "react",
            ].map((group) => ({ group: [group, `${group}/*`], message: `The rule core must not import ${group}.` })),
            {
              group: ["../sql", "../sql/*", "../index", "../../segment", "../../segment/*", "../../customer", "../../customer/*"],
              message: "The rule core must not import code that reaches the database.",
            },
            {
              regex: "^\\.\\./\\.\\./attribute(/index|/builtin)?$",
              message: "The rule core may use attribute values, not the attribute module (it reaches the database).",
            },
            { regex: "^\\.\\./?$", message: "The rule core must not import the rules barrel (it loads the SQL compiler)." },
          ],
        },
      ],
    },
  },
  { files: ["packages/api/src/**"], rules: forbid("@facet/auth", "@facet/ui", "next", "react") },
  { files: ["packages/auth/src/**"], rules: forbid("@facet/api", "@facet/ui", "react") },
  { files: ["packages/ui/src/**"], rules: forbid("@facet/db", "@facet/domain", "@facet/api", "@facet/auth") },
  {
    // Only apps/web/src/env.ts reads the environment (tests, scripts and config files aside).
    files: ["packages/*/src/**/*.ts", "packages/*/src/**/*.tsx", "apps/web/src/**"],
    ignores: [
      "**/*.test.ts",
      "**/*.int.test.ts",
      "**/test/**",
      "apps/web/src/env.ts",
      "packages/db/src/migrate.ts",
      "packages/db/src/seed.ts",
      "packages/db/src/testing.ts",
      "packages/db/src/test-global-setup.ts",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration in apps/web/src/env.ts and pass it in." },
      ],
    },
  },
  prettier,
);
