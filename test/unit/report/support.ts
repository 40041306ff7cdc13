// Shared by the report tests: where the captured fixtures and golden files are.
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../../scripts/schema/schema-model";

export const reportTestDir = path.join(repoRoot(__dirname), "test", "unit", "report");
export const fixturesDir = path.join(reportTestDir, "fixtures");
export const goldenDir = path.join(reportTestDir, "golden");

/** The scenarios captured by test/e2e/capture-report-fixtures.ts, each in both input formats. */
export const SCENARIOS = [
  "first-connection",
  "token-rotation",
  "selector-new-repositories",
  "blocked-deletion",
  "missing-scope",
] as const;
export type Scenario = (typeof SCENARIOS)[number];
export const FORMATS = ["events.jsonl", "preview.json"] as const;

export function fixture(scenario: Scenario, format: (typeof FORMATS)[number]): string {
  return fs.readFileSync(path.join(fixturesDir, `${scenario}.${format}`), "utf8");
}
