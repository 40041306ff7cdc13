// The review report reads the provider's output (its log lines, the engine's steps); its golden tests
// (test/unit/report/golden.test.ts) run on fixtures captured once from the real CLI. This check
// captures them afresh into a temporary directory and compares the reports with the committed golden
// files, so a change to what the provider writes that the report no longer reads the same way fails
// `make test` instead of passing on stale fixtures.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, test } from "@jest/globals";
import { E2E_CASE_TIMEOUT_MS } from "../support/harness";
import { captureFixtures, REFRESH_HINT, staleReports } from "./capture-report-fixtures";

const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), "report-fixtures-check-"));
afterAll(() => fs.rmSync(freshDir, { recursive: true, force: true }));

test(
  "a fresh capture from the real CLI renders the committed golden reports",
  async () => {
    let written: string[];
    try {
      written = await captureFixtures(freshDir);
    } catch (e) {
      throw new Error(`the capture of the report fixtures failed: ${(e as Error).message}\n${REFRESH_HINT}`, {
        cause: e,
      });
    }
    assert.equal(written.length, 10, "five scenarios in two formats");
    const stale = staleReports(freshDir);
    assert.deepEqual(
      stale,
      [],
      `the report of a fresh capture differs from the golden file for: ${stale.join(", ")}; the fixtures are stale: ${REFRESH_HINT}`,
    );
  },
  E2E_CASE_TIMEOUT_MS,
);
