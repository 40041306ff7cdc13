// OrgConnection `manageMembership: true` on Semgrep, checked against the SCM the deployment signs in
// with (its listed sign-in providers), through the real check handler against the in-process Semgrep
// emulator: a connection to the sign-in SCM passes; one to another SCM fails the preview naming the
// sign-in SCM and writes nothing, whichever stack holds the other; where Semgrep does not tell, the
// in-process rule alone applies; an outage is reported as one; without manageMembership nothing is read.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims, orgConnectionHandler } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import type { SemgrepState } from "../../emulators/semgrep/state";
import type { SeedSsoProvider } from "../../emulators/semgrep/types";
import { findCanary } from "../../support/canary";
import { PlatformView } from "../../support/lifecycle";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { useWorld } from "../../support/use-world";
import { startWorld, type World } from "../../support/world";

const TOKEN = "glpat-CANARYunitLoginScm000001";
const SSO_ROUTE = "GET /api/auth/sso/deployments/:deploymentId/providers";
let world: World;
let lines: string[] = [];

const semgrep = (): SemgrepState => new PlatformView(world).semgrep;
const signInWith = (providers: SeedSsoProvider[] | undefined) => {
  semgrep().seed.ssoProviders = providers;
};
const ssoReads = () => world.platform.requestStats().byRoute[SSO_ROUTE] ?? 0;

function inputs(overrides: Props = {}): Props {
  return {
    integration: {
      integrationId: "integration-of-semgrep",
      platform: "semgrep",
      platformOrg: world.platformOrg,
      scm: "gitlab-self-managed",
      baseUrl: world.baseUrl,
      apiUrl: `${world.baseUrl}/api/v4`,
      token: TOKEN,
    },
    organization: "acme",
    manageMembership: true,
    resourceName: "acme",
    ...overrides,
  };
}

/** Writes apart from config searches (a POST that only reads). */
function writes(): number {
  const stats = world.platform.requestStats();
  const searches = Object.entries(stats.byRoute)
    .filter(([route]) => route.includes("/configs/search"))
    .reduce((n, [, count]) => n + count, 0);
  return stats.writes - searches;
}

beforeAll(async () => {
  world = await startWorld({
    scm: "gitlab-self-managed",
    platform: "semgrep",
    organization: "acme",
    repositories: [{ name: "api" }],
    tokens: [{ value: TOKEN, scopes: ["api"], semgrepScopes: { readMetadata: true, readContents: true } }],
  });
  runOnVirtualClock([world.scm, world.platform]);
  setLogSink((_level, line) => lines.push(line));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([world.scm, world.platform]);
  await world.stop();
});

beforeEach(() => {
  lines = [];
  forgetMembershipClaims();
  useWorld(world);
  // Back to the world's own seed: no sign-in providers, no configs, no faults, no counts.
  world.platform.reset();
});

describe("manageMembership against the SCM the Semgrep deployment signs in with", () => {
  test("a connection to the sign-in SCM passes and says so", async () => {
    signInWith([{ name: "gitlab", type: "SSO_TYPE_GITLAB", displayName: "Acme GitLab", baseUrl: world.baseUrl! }]);
    const result = await orgConnectionHandler.check({}, inputs());
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.ok(
      lines.some((l) =>
        /signs in with GitLab at .* \(Semgrep sign-in provider "Acme GitLab"\), this connection's SCM/.test(l),
      ),
      lines.join("\n"),
    );
    assert.equal(ssoReads(), 1);
  });

  test("a connection to another SCM fails the preview naming the sign-in SCM, and nothing is written", async () => {
    // Another stack (or the UI) connected the deployment's sign-in SCM: github.com, organization acme-gh.
    signInWith([{ name: "github", type: "SSO_TYPE_GITHUB", displayName: "GitHub" }]);
    const existing = semgrep().addConfig({
      type: "SCM_TYPE_GITHUB",
      namespace: "acme-gh",
      baseUrl: "https://github.com",
      installed: true,
      autoScan: false,
    });
    const result = await orgConnectionHandler.check({}, inputs());
    const failure = result.failures?.[0];
    assert.equal(failure?.property, "manageMembership", JSON.stringify(result.failures));
    assert.match(
      failure?.reason ?? "",
      /^Semgrep deployment "acme" signs in with GitHub at https:\/\/github\.com \(Semgrep sign-in provider "GitHub"\), connected as acme-gh \(SCM config \d+\), and Semgrep lets only that SCM manage the organization's membership; this connection is to gitlab-self-managed at http:\/\/127\.0\.0\.1:\d+\. Nothing was changed\. Fix: leave manageMembership unset or false here/,
    );
    assert.ok((failure?.reason ?? "").includes(`acme-gh (SCM config ${existing.id})`));
    assert.equal(writes(), 0);
    assert.equal(
      findCanary(JSON.stringify(result.failures) + lines.join("\n"), [TOKEN, world.platformToken]),
      undefined,
    );
  });

  test("a sign-in GitLab on another host is another SCM", async () => {
    signInWith([{ name: "gitlab", type: "SSO_TYPE_GITLAB", baseUrl: "https://gitlab.example.com" }]);
    const result = await orgConnectionHandler.check({}, inputs());
    assert.equal(result.failures?.[0]?.property, "manageMembership");
    assert.match(result.failures?.[0]?.reason ?? "", /signs in with GitLab at https:\/\/gitlab\.example\.com/);
  });

  test("without manageMembership the sign-in providers are not read", async () => {
    signInWith([{ name: "github", type: "SSO_TYPE_GITHUB" }]);
    const result = await orgConnectionHandler.check({}, inputs({ manageMembership: undefined }));
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.equal(ssoReads(), 0);
  });

  test("when Semgrep lists no sign-in providers nothing is refused, and the in-process rule still applies", async () => {
    assert.equal((await orgConnectionHandler.check({}, inputs())).failures, undefined);
    assert.ok(
      lines.some((l) => /do not tell which SCM it signs in with/.test(l)),
      lines.join("\n"),
    );
    const second = await orgConnectionHandler.check({}, inputs({ organization: "acme-two", resourceName: "acme-two" }));
    assert.equal(second.failures?.[0]?.property, "manageMembership");
    assert.match(second.failures?.[0]?.reason ?? "", /OrgConnection "acme" already manages the membership/);
  });

  test("a deployment that signs in with SAML only: a warning that manageMembership has no effect", async () => {
    signInWith([{ name: "okta", type: "SSO_TYPE_SAML2" }]);
    const result = await orgConnectionHandler.check({}, inputs());
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.ok(
      lines.some((l) => /signs in with no SCM .* manageMembership has no effect/.test(l)),
      lines.join("\n"),
    );
  });

  test("an outage of the sign-in providers listing is reported as an outage", async () => {
    world.platform.addFault({ match: { pathPrefix: "/api/auth/sso/" }, kind: "status", status: 503, count: 100 });
    const result = await orgConnectionHandler.check({}, inputs());
    assert.equal(result.failures?.[0]?.property, "");
    assert.match(result.failures?.[0]?.reason ?? "", /^service unavailable \(an outage of the service/);
  });
});
