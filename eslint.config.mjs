// Lint the TypeScript sources with typescript-eslint's type-checked recommended rules (floating and
// misused promises, unsafe any, …) and the provider's layers with eslint-plugin-boundaries; generated
// and built output is skipped.
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import tseslint from "typescript-eslint";

// The provider's layers, lowest first: each may import its own and the layers below it, never one
// above (DESIGN.md: sdk → resources → platforms / scm → plan → core). Emulators are built from the
// vendors' descriptions, so they import nothing of the provider.
const LAYERS = [
  { type: "core", pattern: "provider/src/core" },
  { type: "plan", pattern: "provider/src/plan" },
  { type: "scm", pattern: "provider/src/scm" },
  { type: "platforms", pattern: "provider/src/platforms" },
  { type: "resources", pattern: "provider/src/resources" },
  { type: "native", pattern: "provider/src/native" },
  { type: "sdk", pattern: "sdk" },
  { type: "emulators", pattern: "test/emulators" },
];
const below = {
  core: [],
  plan: ["core"],
  scm: ["core", "plan"],
  platforms: ["core", "plan", "scm"],
  resources: ["core", "plan", "scm", "platforms"],
  native: ["core", "plan", "scm", "platforms", "resources"],
  sdk: ["resources"],
  emulators: [],
};

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      ".e2e-work/**",
      ".h19-build/**",
      "**/*.generated.ts",
      "test/bench/results/**",
      "sdk-gen/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
      // Pulumi's inline programs, dynamic-provider handlers and Fastify routes must return a Promise; they are `async` without awaiting, and Promise.resolve wrappers would say less.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: ["provider/**/*.ts", "sdk/**/*.ts", "test/emulators/**/*.ts"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": LAYERS,
      "import/resolver": { node: { extensions: [".ts", ".js", ".json"] } },
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          policies: [
            ...Object.entries(below).map(([type, allowed]) => ({
              from: { element: { type } },
              allow: { to: { element: { types: { anyOf: [type, ...allowed] } } } },
            })),
            // Node's and npm's modules are not layers.
            { allow: { to: { module: { origin: "core" } } } },
            { allow: { to: { module: { origin: "external" } } } },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
