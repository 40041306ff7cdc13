// Semgrep Managed Scans prerequisites through the real OrgConnection and RepositoryImport handlers
// against the in-process emulators. On GitHub Enterprise Server, Managed Scans read code through
// Semgrep's private GitHub app, so the app must be there with code access (ScmApp.codeAccess): the
// preview says which is missing and how to fix it, and an import refuses to turn Managed Scans on
// without it (nothing is scanned, nothing is lost). On GitLab the token's user must be Maintainer or
// higher during onboarding: the preview says so when it is not. On GitLab.com the group must be on
// Premium or Ultimate: GitLab's plan (GET /namespaces/:id) is read, a free group is named at preview
// and its import refused, and a plan GitLab does not show is stated, never refused.
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
const GITLAB_COM_TOKEN = "glpat-CANARYsemgrepManagedScansCom1";
const CANARIES = [GHES_TOKEN, GITLAB_TOKEN, GITLAB_COM_TOKEN];

let ghes: World;
let gitlabDeveloper: World;
/** GitLab.com groups on the free plan, on Premium, and one where the token's user (Developer) is not shown the plan. */
let gitlabFree: World;
let gitlabPremium: World;
let gitlabComDeveloper: World;
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
  const gitlabCom = (gitlabPlan: string, role?: "member") =>
    startWorld({
      scm: "gitlab",
      platform: "semgrep",
      organization: "acme",
      ...(role ? { role } : {}),
      gitlabPlan,
      repositories: [{ name: "api" }],
      tokens: [{ value: GITLAB_COM_TOKEN, scopes: ["api"] }],
    });
  [gitlabFree, gitlabPremium, gitlabComDeveloper] = await Promise.all([
    gitlabCom("free"),
    gitlabCom("premium"),
    gitlabCom("ultimate", "member"),
  ]);
  runOnVirtualClock(everyWorld().flatMap((w) => [w.scm, w.platform]));
  setLogSink((level, line) => lines.push(`${level}: ${line}`));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime(everyWorld().flatMap((w) => [w.scm, w.platform]));
  await Promise.all(everyWorld().map((w) => w.stop()));
});

function everyWorld(): World[] {
  // Any of them may be missing when beforeAll failed part-way.
  const worlds: (World | undefined)[] = [ghes, gitlabDeveloper, gitlabFree, gitlabPremium, gitlabComDeveloper];
  return worlds.filter((w): w is World => w !== undefined);
}

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

describe("Semgrep × GitLab.com: the group's plan", () => {
  const managedScansLines = (level: "warn" | "info") =>
    lines.filter((l) => l.startsWith(level) && l.includes("Premium or Ultimate"));

  test("a group on the free plan is named at preview with the fix, and its import turns nothing on", async () => {
    const connection = await connect(gitlabFree, GITLAB_COM_TOKEN);
    const warning = managedScansLines("warn")[0];
    assert.ok(warning, lines.join("\n"));
    assert.match(warning, /GitLab reports "acme" on the "free" plan/);
    assert.match(warning, /Fix: upgrade .*Settings > Billing/);
    const inputs = await checked(repositoryImportHandler, {
      connection,
      repositories: ["acme/api"],
      resourceName: "free",
    });
    const error = await rejection(repositoryImportHandler.create(inputs));
    assert.match(
      error.message,
      /Managed Scans cannot be turned on for "acme": GitLab reports "acme" on the "free" plan/,
    );
    assert.match(error.message, /nothing was imported \(0 of 1 repositories\)/);
    assert.deepEqual(new PlatformView(gitlabFree).scanned(), [], "Managed Scans stay off");
    assertNoCanary(error.message);
  });

  test("a group on Premium connects quietly and its import scans", async () => {
    const connection = await connect(gitlabPremium, GITLAB_COM_TOKEN);
    assert.deepEqual([...managedScansLines("warn"), ...managedScansLines("info")], [], lines.join("\n"));
    const inputs = await checked(repositoryImportHandler, {
      connection,
      repositories: ["acme/api"],
      resourceName: "paid",
    });
    await repositoryImportHandler.create(inputs);
    assert.deepEqual(new PlatformView(gitlabPremium).scanned(), ["acme/api"]);
  });

  test("a plan GitLab does not show to the token's user (Developer) is stated as a condition, not refused", async () => {
    await connect(gitlabComDeveloper, GITLAB_COM_TOKEN);
    assert.match(managedScansLines("info").join("\n"), /GitLab does not show the plan to the token's user/);
    assert.equal(
      managedScansLines("warn").filter((l) => l.includes("plan")).length,
      0,
      "an unknown plan is not a missing prerequisite",
    );
  });
});
