// OrgConnection's check, diff, create, read, update and delete, called directly (no engine) against
// in-process emulators: Semgrep × GitLab Self-Managed (the SCM config: create, adopt, rotate, check
// result, out-of-band removal, idempotent delete), Snyk × GHES (a local binding proven against the
// integration), Snyk × GitLab with too low a role, Semgrep × GitHub Cloud (app-install guidance), the
// one-membership-manager rule, bad input and the preview paths.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { findingSchema } from "../../../provider/src/core/findings";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { integrationHandler } from "../../../provider/src/resources/integration";
import { forgetMembershipClaims, orgConnectionHandler } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { UNKNOWN_VALUE } from "../../../provider/src/resources/schema-support";
import { SEMGREP_DEPLOYMENT, SNYK_ORG, startWorld, type World } from "../../support/world";
import { useWorld } from "../../support/use-world";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { rejection } from "../../support/rejection";

const SG_1 = "glpat-CANARYunitOrgConnection001";
const SG_2 = "glpat-CANARYunitOrgConnection002";
const SNYK_GHE = "ghp_CANARYunitOrgConnectionSnykGhe00001";
const SNYK_DEV = "glpat-CANARYunitOrgConnectionDev1";
const SG_GH = "ghp_CANARYunitOrgConnectionSemgrepGh001";
const CANARIES = [SG_1, SG_2, SNYK_GHE, SNYK_DEV, SG_GH];

let semgrepGl: World;
let snykGhe: World;
let snykGlDeveloper: World;
let semgrepGh: World;
let lines: string[] = [];

/** The integration reference the SDK builds from an Integration's outputs. */
function reference(world: World, token: string, overrides: Props = {}): Props {
  const scm = world.spec.scm;
  return {
    integrationId: `integration-of-${world.spec.platform}`,
    platform: world.spec.platform,
    platformOrg: world.platformOrg,
    scm,
    ...(world.baseUrl ? { baseUrl: world.baseUrl } : {}),
    apiUrl: `${world.baseUrl ?? world.scm.url}/api/v${scm.startsWith("github") ? 3 : 4}`,
    token,
    ...overrides,
  };
}

function semgrepInputs(overrides: Props = {}, integration: Props = {}): Props {
  return {
    integration: reference(semgrepGl, SG_1, integration),
    organization: "acme",
    resourceName: "acme",
    ...overrides,
  };
}

interface SemgrepConfig {
  id: string;
  type: string;
  namespace: string;
  baseUrl: string;
  hasAccessToken: boolean;
  autoScan: boolean;
  status: { ok: boolean };
  tokenScopes?: Record<string, boolean>;
}

function semgrepConfigs(): SemgrepConfig[] {
  return (semgrepGl.platform.dump() as { configs: SemgrepConfig[] }).configs;
}

/** Writes apart from config searches (a POST that only reads). */
/** Requests that changed the Semgrep emulator's state (its config search is a POST that reads: not counted). */
function semgrepWrites(world: World): number {
  return world.platform.requestStats().writes;
}

function assertNoCanary(value: unknown, except: string[] = []): void {
  const text = JSON.stringify(value) + lines.join("\n");
  for (const canary of CANARIES.filter((c) => !except.includes(c))) {
    assert.ok(!text.includes(canary), `a token leaked: ${text}`);
  }
}

beforeAll(async () => {
  [semgrepGl, snykGhe, snykGlDeveloper, semgrepGh] = await Promise.all([
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      repositories: [{ name: "api" }],
      tokens: [
        { value: SG_1, scopes: ["api"], semgrepScopes: { readMetadata: true, readContents: true } },
        {
          value: SG_2,
          scopes: ["api"],
          semgrepScopes: { readMetadata: true, readContents: true, writePullRequestComment: true },
        },
      ],
    }),
    startWorld({
      scm: "github-enterprise",
      platform: "snyk",
      organization: "acme",
      repositories: [{ name: "api" }],
      tokens: [{ value: SNYK_GHE, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    }),
    startWorld({
      scm: "gitlab-self-managed",
      platform: "snyk",
      organization: "acme",
      role: "member",
      repositories: [{ name: "api" }],
      tokens: [{ value: SNYK_DEV, scopes: ["api"] }],
    }),
    startWorld({
      scm: "github",
      platform: "semgrep",
      organization: "acme",
      repositories: [{ name: "api" }],
      tokens: [{ value: SG_GH, scopes: ["repo", "read:org"] }],
    }),
  ]);
  runOnVirtualClock([semgrepGl, snykGhe, snykGlDeveloper, semgrepGh].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  setLogSink((_level, line) => lines.push(line));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  backToRealTime([semgrepGl, snykGhe, snykGlDeveloper, semgrepGh].flatMap((w) => (w ? [w.scm, w.platform] : [])));
  await Promise.all([semgrepGl, snykGhe, snykGlDeveloper, semgrepGh].map((w) => w?.stop()));
});

beforeEach(() => {
  lines = [];
  forgetMembershipClaims();
  useWorld(semgrepGl);
  for (const world of [semgrepGl, snykGhe, snykGlDeveloper, semgrepGh]) {
    world.scm.resetRequestStats();
    world.platform.resetRequestStats();
  }
});

describe("OrgConnection check", () => {
  test("accepts a connection whose token sees the group, defaults autoScan, writes nothing", async () => {
    process.env["PULUMI_SCM_FINDINGS"] = "json";
    const result = await orgConnectionHandler.check({}, semgrepInputs()).finally(() => {
      delete process.env["PULUMI_SCM_FINDINGS"];
    });
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    assert.equal(result.inputs?.autoScan, false);
    assert.equal(result.inputs?.resourceName, "acme");
    assert.ok(
      lines.some((l) => /\[OrgConnection acme\] http:\/\/127\.0\.0\.1:\d+\/acme: token owner is owner/.test(l)),
      lines.join("\n"),
    );
    // The same finding as a record, for the review report (PULUMI_SCM_FINDINGS=json).
    const record = lines.find((l) => l.startsWith("[OrgConnection acme] finding: "));
    assert.ok(record, lines.join("\n"));
    const access = findingSchema.parse(JSON.parse(record.slice(record.indexOf("{"))));
    assert.equal(access.type, "connection-access");
    assert.match(
      access.type === "connection-access" ? `${access.url} ${access.role}` : "",
      /^http:\/\/127\.0\.0\.1:\d+\/acme owner$/,
    );
    // The platform is only read (is there a config this resource would take over? a search, which is a
    // POST that reads and that the emulator does not count as a write), never written.
    assert.equal(semgrepGl.platform.requestStats().writes, 0, "the platform is not written during check");
    assertNoCanary({ ...result.inputs, integration: undefined });
  });

  test("reports every input problem at once, each naming its field", async () => {
    const result = await orgConnectionHandler.check(
      {},
      {
        integration: { ...reference(semgrepGl, SG_1), platform: "gitlab" },
        organization: "",
        prComments: true,
        autoScan: "yes",
      },
    );
    const failures = result.failures ?? [];
    const text = JSON.stringify(failures);
    assert.ok(
      failures.some((f) => f.property === "organization" && /organization/.test(f.reason)),
      text,
    );
    assert.ok(
      failures.some((f) => f.property === "autoScan" && /autoScan must be/.test(f.reason)),
      text,
    );
    assert.ok(
      failures.some(
        // An unknown property may hold anything (a token): named in the reason, so the engine does not print its value.
        (f) =>
          f.property === "" &&
          /^prComments: inputs: unknown property "prComments"; accepted properties are integration, organization/.test(
            f.reason,
          ),
      ),
      text,
    );
    // integration holds the token: its failures name the field in the reason, not as the property.
    assert.ok(
      failures.some((f) => f.property === "" && /^integration\.platform: /.test(f.reason)),
      text,
    );
    assert.equal(semgrepGl.scm.requestStats().total, 0);
    assertNoCanary(failures);
  });

  test("refuses an insecure base URL in the integration reference, naming it and the fix", async () => {
    const result = await orgConnectionHandler.check({}, semgrepInputs({}, { baseUrl: "http://gitlab.example.com" }));
    const failure = result.failures?.[0];
    assert.ok(failure, JSON.stringify(result));
    assert.equal(failure.property, "");
    assert.match(failure.reason, /^integration\.baseUrl: .*plain http.*Fix: use https:\/\//);
  });

  test("refuses a group the token cannot see, naming organization", async () => {
    const result = await orgConnectionHandler.check({}, semgrepInputs({ organization: "nowhere" }));
    const failure = result.failures?.[0];
    assert.ok(failure, JSON.stringify(result));
    assert.equal(failure.property, "organization");
    assert.match(failure.reason, /nowhere/);
  });

  test("refuses a Snyk connection whose token owner is below Maintainer", async () => {
    useWorld(snykGlDeveloper);
    const result = await orgConnectionHandler.check(
      {},
      { integration: reference(snykGlDeveloper, SNYK_DEV), organization: "acme" },
    );
    assert.deepEqual(result.failures, [
      {
        property: "organization",
        reason:
          "Snyk needs the token's owner to be Maintainer or Owner of acme (it is developer); raise the role or use another token",
      },
    ]);
  });

  test("refuses Semgrep × GitHub Cloud without the GitHub App, with the install guidance", async () => {
    useWorld(semgrepGh);
    const result = await orgConnectionHandler.check(
      {},
      { integration: reference(semgrepGh, SG_GH), organization: "acme" },
    );
    const failure = result.failures?.[0];
    assert.ok(failure, JSON.stringify(result));
    // The reference's field, named in the reason: `integration` holds the token.
    assert.equal(failure.property, "");
    assert.match(
      failure.reason,
      /^integration\.scm: Semgrep connects github\.com through the Semgrep GitHub App, not with a token/,
    );
    assert.match(
      failure.reason,
      /install the Semgrep GitHub App \(semgrep-app\) on the GitHub organization from Semgrep/,
    );
    assert.equal(semgrepWrites(semgrepGh), 0);
    assertNoCanary(result);
  });

  test("preview: with the integration's ids unknown, the token's access is still checked", async () => {
    const pending = { integrationId: UNKNOWN_VALUE, apiUrl: UNKNOWN_VALUE };
    const ok = await orgConnectionHandler.check({}, semgrepInputs({}, pending));
    assert.equal(ok.failures, undefined);
    assert.equal((ok.inputs?.integration as Props).integrationId, UNKNOWN_VALUE);
    assert.ok(semgrepGl.scm.requestStats().total > 0, "the access check ran");
    const refused = await orgConnectionHandler.check({}, semgrepInputs({ organization: "nowhere" }, pending));
    assert.equal(refused.failures?.[0]?.property, "organization");
  });

  test("preview: an unknown token is passed through without any request", async () => {
    const result = await orgConnectionHandler.check(
      {},
      semgrepInputs({}, { token: UNKNOWN_VALUE, integrationId: UNKNOWN_VALUE }),
    );
    assert.equal(result.failures, undefined);
    assert.equal(semgrepGl.scm.requestStats().total, 0);
    assert.equal(semgrepGl.platform.requestStats().total, 0);
  });

  describe("one membership manager per Semgrep deployment", () => {
    test("a second OrgConnection with manageMembership on the same deployment is refused, naming both", async () => {
      const first = await orgConnectionHandler.check({}, semgrepInputs({ manageMembership: true }));
      assert.equal(first.failures, undefined);
      // The same resource checked again (preview, then up) is no conflict.
      assert.equal(
        (await orgConnectionHandler.check({}, semgrepInputs({ manageMembership: true }))).failures,
        undefined,
      );
      const second = await orgConnectionHandler.check(
        {},
        semgrepInputs({ manageMembership: true, resourceName: "platform" }),
      );
      assert.deepEqual(second.failures, [
        {
          property: "manageMembership",
          reason:
            'OrgConnection "acme" already manages the membership of Semgrep deployment "acme", and Semgrep lets only one SCM ' +
            "(the one the organization signs in with) manage it. Fix: set manageMembership to true on one OrgConnection of " +
            'this deployment only; leave it unset or false on "platform"',
        },
      ]);
    });

    test("other connections of the deployment, other deployments and Snyk are not affected", async () => {
      assert.equal(
        (await orgConnectionHandler.check({}, semgrepInputs({ manageMembership: true }))).failures,
        undefined,
      );
      const notManaging = await orgConnectionHandler.check(
        {},
        semgrepInputs({ manageMembership: false, resourceName: "b" }),
      );
      assert.equal(notManaging.failures, undefined);
      const unset = await orgConnectionHandler.check({}, semgrepInputs({ resourceName: "c" }));
      assert.equal(unset.failures, undefined);
      const unknown = await orgConnectionHandler.check(
        {},
        semgrepInputs({ manageMembership: UNKNOWN_VALUE, resourceName: "d" }),
      );
      assert.equal(unknown.failures, undefined);
      const elsewhere = await orgConnectionHandler.check(
        {},
        semgrepInputs(
          { manageMembership: true, resourceName: "e" },
          { platformOrg: "other-deployment", token: UNKNOWN_VALUE },
        ),
      );
      assert.equal(elsewhere.failures, undefined);
      useWorld(snykGhe);
      for (const name of ["s1", "s2"]) {
        const snyk = await orgConnectionHandler.check(
          {},
          {
            integration: reference(snykGhe, SNYK_GHE),
            organization: "acme",
            manageMembership: true,
            resourceName: name,
          },
        );
        assert.equal(snyk.failures, undefined, JSON.stringify(snyk.failures));
      }
    });
  });
});

describe("OrgConnection diff", () => {
  const olds = () => ({ ...semgrepInputs({ autoScan: false }), connectionId: "501", role: "owner", warnings: [] });

  test("no change: changes false", async () => {
    assert.deepEqual(await orgConnectionHandler.diff("501", olds(), semgrepInputs({ autoScan: false })), {
      changes: false,
    });
  });

  test("a rotated token or a new option is an update in place", async () => {
    assert.deepEqual(
      await orgConnectionHandler.diff("501", olds(), semgrepInputs({ autoScan: false }, { token: SG_2 })),
      {},
    );
    assert.deepEqual(await orgConnectionHandler.diff("501", olds(), semgrepInputs({ autoScan: true })), {});
    assert.deepEqual(
      await orgConnectionHandler.diff("501", olds(), semgrepInputs({ autoScan: false, manageMembership: true })),
      {},
    );
  });

  test("a new organization or integration identity replaces, deleting the old one first", async () => {
    assert.deepEqual(
      await orgConnectionHandler.diff("501", olds(), semgrepInputs({ autoScan: false, organization: "acme/platform" })),
      {
        replaces: ["organization"],
        deleteBeforeReplace: true,
      },
    );
    assert.deepEqual(
      await orgConnectionHandler.diff(
        "501",
        olds(),
        semgrepInputs({ autoScan: false }, { baseUrl: "http://localhost:1" }),
      ),
      {
        replaces: ["integration"],
        deleteBeforeReplace: true,
      },
    );
  });

  test("preview: an unknown organization is not called a replacement", async () => {
    assert.deepEqual(
      await orgConnectionHandler.diff("501", olds(), semgrepInputs({ autoScan: false, organization: UNKNOWN_VALUE })),
      {},
    );
  });
});

describe("OrgConnection on Semgrep × GitLab Self-Managed", () => {
  let id = "";

  test("create makes the SCM config and reports Semgrep's check of it", async () => {
    const { id: created, outs } = await orgConnectionHandler.create(semgrepInputs({ autoScan: false }));
    id = created;
    const configs = semgrepConfigs();
    assert.equal(configs.length, 1);
    assert.equal(configs[0]!.id, id);
    assert.equal(configs[0]!.type, "SCM_TYPE_GITLAB_SELFMANAGED");
    assert.equal(configs[0]!.namespace, "acme");
    assert.equal(configs[0]!.baseUrl, semgrepGl.baseUrl);
    assert.equal(configs[0]!.hasAccessToken, true);
    assert.equal(configs[0]!.autoScan, false);
    assert.ok(outs);
    assert.equal(outs.connectionId, id);
    assert.equal(outs.role, "owner");
    assert.equal(outs.accessLevel, 50);
    assert.equal(typeof outs.organizationId, "number");
    assert.equal(outs.webUrl, `${semgrepGl.baseUrl}/groups/acme`);
    assert.deepEqual({ ...(outs.checkStatus as Props), checked: true }, { checked: true, ok: true });
    assert.equal((outs.scmTokenScopes as Record<string, boolean>).readContents, true);
    assert.equal((outs.scmTokenScopes as Record<string, boolean>).writePullRequestComment, false);
    assert.deepEqual(outs.warnings, []);
    assertNoCanary({ ...outs, integration: undefined });
  });

  test("a new resource over the existing config: check names it and refuses; with adoptExisting it is taken over", async () => {
    const refused = await orgConnectionHandler.check({}, semgrepInputs({ autoScan: false }));
    const failure = refused.failures?.[0];
    assert.equal(failure?.property, "adoptExisting", JSON.stringify(refused));
    assert.match(failure.reason, new RegExp(`the SCM config ${id} \\(SCM_TYPE_GITLAB_SELFMANAGED, "acme"`));
    assert.match(failure.reason, /up would give it this connection's token/);
    const writes = semgrepGl.platform.requestStats().writes;
    const { id: again, outs } = await orgConnectionHandler.create(
      (await orgConnectionHandler.check({}, semgrepInputs({ autoScan: false, adoptExisting: true }))).inputs!,
    );
    assert.equal(again, id);
    assert.equal(outs.adopted, true);
    assert.equal(semgrepConfigs().length, 1);
    // Deleting what was taken over leaves it in place.
    await orgConnectionHandler.delete(again, outs);
    assert.equal(semgrepConfigs().length, 1);
    assert.ok(semgrepGl.platform.requestStats().writes > writes, "the takeover gave the config the token");
    assert.ok(
      lines.some((l) => /left semgrep connection \S+ in place: it existed before/.test(l)),
      lines.join("\n"),
    );
  });

  test("update gives the config the rotated token (Semgrep's check sees the new token's scopes)", async () => {
    const olds = (await orgConnectionHandler.create(semgrepInputs({ autoScan: false }))).outs;
    const { outs } = await orgConnectionHandler.update(id, olds, semgrepInputs({ autoScan: false }, { token: SG_2 }));
    assert.equal(outs?.connectionId, id);
    assert.equal((outs?.scmTokenScopes as Record<string, boolean>).writePullRequestComment, true);
    assert.equal(semgrepConfigs().length, 1);
    assert.equal(semgrepConfigs()[0]!.tokenScopes?.writePullRequestComment, true);
  });

  test("read returns the check result, and reports a config deleted out of band as gone", async () => {
    const props = (await orgConnectionHandler.create(semgrepInputs({ autoScan: false }, { token: SG_2 }))).outs;
    const read = await orgConnectionHandler.read(id, props);
    assert.equal(read.id, id);
    assert.equal((read.props?.checkStatus as Props).ok, true);
    assert.deepEqual(Object.keys(read.inputs ?? {}).sort(), [
      "adoptExisting",
      "autoScan",
      "integration",
      "organization",
      "resourceName",
    ]);
    const response = await fetch(
      `${semgrepGl.platform.url}/api/scm/deployments/${SEMGREP_DEPLOYMENT.id}/configs/${id}`,
      {
        method: "DELETE",
        headers: { authorization: `Bearer ${semgrepGl.platformToken}` },
      },
    );
    assert.equal(response.status, 204);
    assert.deepEqual(await orgConnectionHandler.read(id, props), {});
    assert.ok(
      lines.some((l) => /\[OrgConnection acme\] warning: connection \d+ no longer exists on semgrep/.test(l)),
      lines.join("\n"),
    );
  });

  test("delete removes the config, and deleting again is not an error", async () => {
    const { id: created, outs } = await orgConnectionHandler.create(
      semgrepInputs({ autoScan: false }, { token: SG_2 }),
    );
    await orgConnectionHandler.delete(created, outs);
    assert.deepEqual(semgrepConfigs(), []);
    await orgConnectionHandler.delete(created, outs);
    assertNoCanary(lines);
  });
});

describe("OrgConnection on Snyk × GitHub Enterprise Server", () => {
  let integration: Props = {};

  beforeAll(async () => {
    useWorld(snykGhe);
    const created = await integrationHandler.create({
      platform: "snyk",
      platformOrg: SNYK_ORG,
      level: "organization",
      scm: "github-enterprise",
      baseUrl: snykGhe.baseUrl,
      token: SNYK_GHE,
      resourceName: "ghes",
    });
    integration = reference(snykGhe, SNYK_GHE, { integrationId: created.id });
  });

  beforeEach(() => useWorld(snykGhe));

  test("create proves the org and binds it locally; read confirms it", async () => {
    const { id, outs } = await orgConnectionHandler.create({ integration, organization: "acme", resourceName: "acme" });
    assert.equal(id, `${String(integration.integrationId)}:acme`);
    assert.equal(outs?.role, "admin");
    assert.equal(outs?.membershipState, "active");
    assert.equal(snykGhe.platform.requestStats().writes, 0, "nothing remote is made for a Snyk connection");
    const read = await orgConnectionHandler.read(id, outs);
    assert.equal(read.id, id);
    await orgConnectionHandler.delete(id, outs);
    assert.equal(snykGhe.platform.requestStats().writes, 0);
  });

  test("create refuses an integration Snyk does not have, saying to apply it first", async () => {
    const error = await rejection(
      orgConnectionHandler.create({
        integration: { ...integration, integrationId: "00000000-0000-4000-8000-000000000000" },
        organization: "acme",
      }),
    );
    assert.match(
      error.message,
      /^OrgConnection: integration: Snyk org \S+ has no github-enterprise integration with id 00000000-/,
    );
    assert.match(error.message, /apply the Integration resource first \(pulumi up\)/);
    assertNoCanary(error.message);
  });

  test("read reports the connection gone once the integration is gone", async () => {
    const { id, outs } = await orgConnectionHandler.create({ integration, organization: "acme" });
    (snykGhe.platform as unknown as { snyk: { orgs: Map<string, { integrations: Map<string, unknown> }> } }).snyk.orgs
      .get(SNYK_ORG)!
      .integrations.clear();
    assert.deepEqual(await orgConnectionHandler.read(id, outs), {});
  });
});
