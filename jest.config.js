// Jest runs the TypeScript tests from source through ts-jest. ts-jest (not @swc/jest or babel) because
// it compiles with this project's own TypeScript and tsconfig, so a test runs the same emitted
// CommonJS that tsc builds; with isolatedModules it only transpiles, and type errors are caught once,
// project-wide, by `tsc` in `make build`. The ESM-only packages (@octokit/*, p-limit) load through
// Node's require(esm), which jest uses natively on Node >= 24.9 under --experimental-vm-modules
// (https://jestjs.io/docs/ecmascript-modules).
/** @type {import('jest').Config['transform']} */
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }] };

/** @param {string} name @param {Partial<import('jest').Config>} extra */
function project(name, extra = {}) {
  return {
    displayName: name,
    rootDir: __dirname,
    testEnvironment: "node",
    transform,
    moduleFileExtensions: ["ts", "js", "json"],
    testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
    modulePathIgnorePatterns: ["<rootDir>/build/", "<rootDir>/.e2e-work/"],
    ...extra,
  };
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project("unit", { setupFiles: ["<rootDir>/test/support/no-sockets.ts"] }),
    // Both suites check every exchange with the emulators against the API contracts (test/contracts/).
    project("integration", { setupFilesAfterEnv: ["<rootDir>/test/support/contract-guard.ts"] }),
    // The real CLI, one stack at a time: the engine and the emulators share this machine's two cores.
    project("e2e", { slowTestThreshold: 120, setupFilesAfterEnv: ["<rootDir>/test/support/contract-guard.ts"] }),
  ],
  // Pure planning code and the core mechanisms carry the hardest tests; CI holds them to these floors
  // (measured over unit + integration on 2026-12-01: plan 98.9/95.8/100/99.0, core 97.2/92.1/91.8/98.4).
  collectCoverageFrom: ["provider/src/plan/**/*.ts", "provider/src/core/**/*.ts"],
  coverageThreshold: {
    "./provider/src/plan/": { statements: 97, branches: 93, functions: 98, lines: 97 },
    "./provider/src/core/": { statements: 95, branches: 89, functions: 89, lines: 96 },
  },
  coverageReporters: ["text-summary", "json-summary"],
  coverageDirectory: "<rootDir>/build/coverage",
};
