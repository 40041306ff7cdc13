// Jest setup for the integration and e2e suites (jest.config.js setupFilesAfterEnv): every request an
// emulator receives and every response it gives is checked against the committed API contracts, and a
// test during which any exchange broke a contract fails with the list (method, path, rule, detail).
import { afterAll, afterEach } from "@jest/globals";

import { assertNoRecordedViolations, enableContractChecks } from "./contract-recorder";

enableContractChecks();

afterEach(() => assertNoRecordedViolations());

// Exchanges after the last test (afterAll clean-ups) are checked too.
afterAll(() => assertNoRecordedViolations("after the last test"));
