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
    project("unit"),
    project("integration"),
    // The real CLI, one stack at a time: the engine and the emulators share this machine's two cores.
    project("e2e", { slowTestThreshold: 120 }),
  ],
  // Pure planning code and the core mechanisms carry the hardest tests; CI holds them to these floors.
  collectCoverageFrom: ["provider/src/plan/**/*.ts", "provider/src/core/**/*.ts"],
  coverageThreshold: {
    "./provider/src/plan/": { statements: 90, branches: 80, functions: 90, lines: 90 },
    "./provider/src/core/": { statements: 85, branches: 75, functions: 85, lines: 85 },
  },
  coverageReporters: ["text-summary", "json-summary"],
  coverageDirectory: "<rootDir>/build/coverage",
};
