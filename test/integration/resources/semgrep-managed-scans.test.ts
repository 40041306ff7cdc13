// Semgrep Managed Scans prerequisites through the real OrgConnection and RepositoryImport handlers
// against the in-process emulators. On GitHub Enterprise Server, Managed Scans read code through
// Semgrep's private GitHub app, so the app must be there with code access (ScmApp.codeAccess): the
// preview says which is missing and how to fix it, and an import refuses to turn Managed Scans on
// without it (nothing is scanned, nothing is lost). On GitLab the token's user must be Maintainer or
// higher during onboarding: the preview says so when it is not.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims, orgConnectionHandler } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler } from "../../../provider/src/resources/repository-import";
import type { SeedScmApp } from "../../emulators/semgrep/types";
import { startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { checked, connect } from "../../support/connect";
import { PlatformView } from "../../support/lifecycle";
import { rejection } from "../../support/rejection";

const GHES_TOKEN = "ghp_CANARYsemgrepManagedScansGhes0000001";
const GITLAB_TOKEN = "glpat-CANARYsemgrepManagedScans01";
const CANARIES = [GHES_TOKEN, GITLAB_TOKEN];

let ghes: World;
let gitlabDeveloper: World;
let lines: string[] = [];

/** The private Semgrep GitHub app registered for the GHES instance (or none). */
function privateApp(app: Partial<SeedScmApp> | undefined): void {
  const state = new PlatformView(ghes).semgrep;
  state.seed.scmApps = app
    ? [{ scmType: "SCM_TYPE_GITHUB_ENTERPRISE", baseUrl: ghes.baseUrl!, slug: "semgrep-code-acme", ...app }]
    : [];
}

function warnings(): string[] {
  return lines.filter((l) => l.startsWith("warn"));
}

function assertNoCanary(value: unknown): void {
  const text = JSON.stringify(value) + lines.join("\n");
  for (const canary of CANARIES) assert.ok(!text.includes(canary), "a token leaked");
}

beforeAll(async () => {
  [ghes, gitlabDeveloper] = await Promise.all([
    startWorld({
      scm: "github-enterprise",
      platform: "semgrep",
      organization: "acme",
      repositories: [{ name: "api", visibility: "private" }, { name: "web" }],
      tokens: [{ value: GHES_TOKEN, scopes: ["repo", "user:email"] }],
    }),
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      role: "member",
      repositories: [{ name: "api" }],
      tokens: [{ value: GITLAB_TOKEN, scopes: ["api"] }],
    }),
  ]);
  runOnVirtualClock([ghes, gitlabDeveloper].flatMap((w) => [w.scm, w.platform]));
  setLogSink((level, line) => lines.push(`${level}: ${line}`));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([ghes, gitlabDeveloper].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  await Promise.all([ghes, gitlabDeveloper].map((w) => w?.stop()));
});

beforeEach(() => {
  lines = [];
  forgetListings();
  forgetMembershipClaims();
});

function connectionInputs(world: World, token: string): Props {
  return {
    integration: {
      integrationId: "integration-of-semgrep",
      platform: "semgrep",
      platformOrg: world.platformOrg,
      scm: world.spec.scm,
      baseUrl: world.baseUrl,
      apiUrl: `${world.baseUrl}/api/v${world.spec.scm.startsWith("github") ? 3 : 4}`,
      token,
    },
    organization: "acme",
    resourceName: "acme",
  };
}

describe("Semgrep × GHES: the private GitHub app with code access", () => {
  beforeEach(() => {
    useWorld(ghes);
    // Each test connects afresh: no SCM config of an earlier test is there to be taken over.
    new PlatformView(ghes).semgrep.configs.clear();
  });

  test("the preview says no private Semgrep GitHub app is registered for the instance, and how to add one", async () => {
    privateApp(undefined);
    const result = await orgConnectionHandler.check({}, connectionInputs(ghes, GHES_TOKEN));
    assert.equal(result.failures, undefined, "the connection itself does not need Managed Scans");
    const warning = warnings().find((w) => w.includes("Managed Scans"));
    assert.ok(warning, lines.join("\n"));
    assert.match(warning, /no private Semgrep GitHub app is registered for 127\.0\.0\.1:\d+/);
    assert.match(warning, /Fix: .*Settings > Source code managers/);
    assert.match(warning, /https:\/\/semgrep\.dev\/docs\/deployment\/managed-scanning/);
    assertNoCanary(result.failures ?? []);
  });

  test("the preview says the app has no code access, and how to grant it", async () => {
    privateApp({ codeAccess: false, installedOn: ["acme"] });
    const result = await orgConnectionHandler.check({}, connectionInputs(ghes, GHES_TOKEN));
    assert.equal(result.failures, undefined);
    const warning = warnings().find((w) => w.includes("Managed Scans"));
    assert.ok(warning, lines.join("\n"));
    assert.match(warning, /the private Semgrep GitHub app "semgrep-code-acme" has no code access/);
    assert.match(warning, /Contents/);
    assert.match(warning, /https:\/\/semgrep\.dev\/docs\/semgrep-appsec-platform\/scm-code-access/);
  });

  test("an import does not turn Managed Scans on without code access, and says why; nothing is scanned", async () => {
    privateApp({ codeAccess: false, installedOn: ["acme"] });
    const connection = await connect(ghes, GHES_TOKEN);
    const inputs = await checked(repositoryImportHandler, {
      connection,
      repositories: ["acme/api"],
      resourceName: "scanned",
    });
    const error = await rejection(repositoryImportHandler.create(inputs));
    assert.match(error.message, /Managed Scans/);
    assert.match(error.message, /has no code access/);
    assert.deepEqual(new PlatformView(ghes).scanned(), [], "Managed Scans stay off");
    assertNoCanary(error.message);
  });

  test("with the app installed and code access granted, the preview is quiet and the import scans", async () => {
    privateApp({ codeAccess: true, installedOn: ["acme"] });
    const result = await orgConnectionHandler.check({}, connectionInputs(ghes, GHES_TOKEN));
    assert.equal(result.failures, undefined);
    assert.equal(warnings().filter((w) => w.includes("Managed Scans")).length, 0, lines.join("\n"));
    const connection = await connect(ghes, GHES_TOKEN);
    const inputs = await checked(repositoryImportHandler, {
      connection,
      repositories: ["acme/api"],
      resourceName: "scanned-with-app",
    });
    await repositoryImportHandler.create(inputs);
    assert.deepEqual(new PlatformView(ghes).scanned(), ["acme/api"]);
  });
});

describe("Semgrep × GitLab Self-Managed: the token user's role", () => {
  beforeEach(() => useWorld(gitlabDeveloper));

  test("the preview says Managed Scans onboarding needs Maintainer or higher when the user is Developer", async () => {
    const result = await orgConnectionHandler.check({}, connectionInputs(gitlabDeveloper, GITLAB_TOKEN));
    assert.equal(result.failures, undefined);
    const warning = warnings().find((w) => w.includes("Managed Scans"));
    assert.ok(warning, lines.join("\n"));
    assert.match(warning, /developer/);
    assert.match(warning, /Maintainer, Owner or Admin/);
    assert.match(warning, /https:\/\/docs\.semgrep\.dev\/deployment\/managed-scanning\/gitlab/);
    assertNoCanary(result.failures ?? []);
  });
});
