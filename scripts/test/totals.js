// Adds up the jest result files of the suites that ran and prints the closing line in the plain form
// "N passed, N failed" (jest's own summary ends otherwise). Exits non-zero when a suite is missing its
// results, when any test failed or a file failed to load, or when nothing ran at all, so an empty run
// cannot pass unnoticed. Usage: node scripts/test/totals.js <project>…
const fs = require("node:fs");
const path = require("node:path");

const dir = path.join(__dirname, "..", "..", "build", "test-results");
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
for (const project of process.argv.slice(2)) {
  const file = path.join(dir, `${project}.json`);
  if (!fs.existsSync(file)) {
    problems.push(`${project}: no results (the suite did not run to the end)`);
    continue;
  }
  const result = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  // A file that fails to load has no failed test of its own, only a failed suite.
  const brokenFiles = result.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0);
  failed += brokenFiles.length;
  for (const r of brokenFiles) problems.push(`${path.relative(process.cwd(), r.name)} failed to run`);
  console.log(`[test] ${project}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
}
if (passed + failed === 0) problems.push("no test ran");
for (const p of problems) console.log(`[test] ${p}`);
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "totals.txt"), `${line}\n`);
console.log(line);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
