// Where the emulators (test/emulators/host.ts) put the contract violations they see, so the test
// suites can fail on them (test/support/contract-guard.ts). Checking is off unless a suite turns it
// on: the demo and the benchmarks run the same emulators without paying for validation.
import { formatViolation, type ContractViolation } from "./contract";

export interface RecordedViolation extends ContractViolation {
  /** The emulator that saw it (EmulatorHost.name). */
  emulator: string;
  /** The recording host, so one host can take back its own. */
  owner: object;
}

let enabled = false;
let recorded: RecordedViolation[] = [];
let requestsExemptBecause: string | undefined;

export function enableContractChecks(on = true): void {
  enabled = on;
}

export function contractChecksEnabled(): boolean {
  return enabled;
}

export function recordViolation(v: RecordedViolation): void {
  if (v.side === "request" && requestsExemptBecause !== undefined) return;
  recorded.push(v);
}

/**
 * For a test file that drives an emulator directly with requests written to probe it (bad parameters,
 * unknown routes, other API versions), not through an adapter: its requests are not held to the
 * contracts; the emulator's responses still are. Called once at the top of such a file, with the reason.
 */
export function exemptProbeRequests(reason: string): void {
  if (reason.trim() === "") throw new Error("exemptProbeRequests needs a reason");
  requestsExemptBecause = reason;
}

/** Every violation recorded so far, removed from the record. */
export function takeRecordedViolations(): RecordedViolation[] {
  const out = recorded;
  recorded = [];
  return out;
}

/** The violations one host recorded, removed from the record (a test that provokes them on purpose). */
export function takeViolationsOf(owner: object): RecordedViolation[] {
  const mine = recorded.filter((v) => v.owner === owner);
  recorded = recorded.filter((v) => v.owner !== owner);
  return mine;
}

/** Throws, listing them, when any violation was recorded (and clears the record): the suites' check. */
export function assertNoRecordedViolations(when = "during this test"): void {
  const violations = takeRecordedViolations();
  if (violations.length === 0) return;
  throw new Error(
    `${violations.length} API contract violation(s) ${when} (contracts: test/contracts/; a test provoking them on purpose takes them with host.takeContractViolations()):\n${describeViolations(violations)}`,
  );
}

export function describeViolations(violations: RecordedViolation[]): string {
  const lines = violations.slice(0, 20).map((v) => `  [${v.emulator}] ${formatViolation(v)}`);
  if (violations.length > 20) lines.push(`  … and ${violations.length - 20} more`);
  return lines.join("\n");
}
