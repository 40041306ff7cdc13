// Integration + OrgConnection through the real Pulumi CLI for the self-hosted combinations: Snyk and
// Semgrep × GitHub Enterprise Server and GitLab Self-Managed. For each: preview (base URL and scope
// findings in the text), up, a no-change preview with zero writes, token rotation (update, not
// replace), a token missing scopes (preview fails with the list), a base-URL change (replace: the same
// emulator reached as localhost instead of 127.0.0.1), refresh after an out-of-band removal, up again,
// destroy — the emulators' state asserted after each step, and canary tokens that must never appear
// in output, events or state. One case per combination, each on its own world and stack, one at a
// time (the Node SDK keeps per-program runtime state in this process: inline programs run side by
// side failed with "Resource monitor is terminating").
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { Integration, OrgConnection } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  emulatorFingerprint,
  expectFailure,
  outputFingerprint,
  PlatformView,
  runScenario,
  Transcript,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { startWorld, type World, type WorldToken } from "../support/world";
import type { Platform } from "../../provider/src/core/domain.generated";

type Scm = "github-enterprise" | "gitlab-self-managed";

interface Combo {
  platform: Platform;
  scm: Scm;
  /** Token 1 (with one excess scope and an expiry within 30 days), token 2 (rotation), a narrow one. */
  tokens: [WorldToken, WorldToken, WorldToken];
  /** What the preview prints for token 1: "scopes: …; missing: none; excess: …". */
  findings: RegExp;
  /** The refusal of the narrow token. */
  missing: RegExp;
}

const inTenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
const canary = (combo: string, n: string, prefix: string) => `${prefix}CANARYmatrix${combo}Token00000000000${n}`;

// Semgrep's config check reports capabilities per token; token 2 gains PR comments, so the rotation is
// visible in Semgrep's own view without the emulator ever showing a token.
const SG_SCOPES_1 = { readMetadata: true, readContents: true, readPullRequest: true };
const SG_SCOPES_2 = { ...SG_SCOPES_1, writePullRequestComment: true };

const COMBOS: Combo[] = [
  {
    platform: "snyk",
    scm: "github-enterprise",
    tokens: [
      {
        value: canary("SnykGhes", "1", "ghp_"),
        scopes: ["repo", "read:org", "admin:repo_hook", "delete_repo"],
        expiresAt: inTenDays,
      },
      { value: canary("SnykGhes", "2", "ghp_"), scopes: ["repo", "read:org", "admin:repo_hook"] },
      { value: canary("SnykGhes", "n", "ghp_"), scopes: ["public_repo"] },
    ],
    findings: /scopes: admin:repo_hook, delete_repo, read:org, repo; missing: none; excess: delete_repo/,
    missing: /the token lacks scopes snyk needs for github-enterprise: admin:repo_hook, read:org, repo/,
  },
  {
    platform: "snyk",
    scm: "gitlab-self-managed",
    tokens: [
      { value: canary("SnykGlsm", "1", "glpat-"), scopes: ["api", "sudo"], expiresAt: inTenDays },
      { value: canary("SnykGlsm", "2", "glpat-"), scopes: ["api"] },
      { value: canary("SnykGlsm", "n", "glpat-"), scopes: ["read_api"] },
    ],
    findings: /scopes: api, sudo; missing: none; excess: sudo/,
    missing: /the token lacks scopes snyk needs for gitlab-self-managed: api/,
  },
  {
    platform: "semgrep",
    scm: "github-enterprise",
    tokens: [
      {
        value: canary("SemgrepGhes", "1", "ghp_"),
        scopes: ["repo", "user:email", "write:discussion", "delete_repo"],
        expiresAt: inTenDays,
        semgrepScopes: SG_SCOPES_1,
      },
      {
        value: canary("SemgrepGhes", "2", "ghp_"),
        // GHES 3.19: no write:discussion (gone from 3.10), and repo rather than public_repo (private code).
        scopes: ["repo", "user:email"],
        semgrepScopes: SG_SCOPES_2,
      },
      { value: canary("SemgrepGhes", "n", "ghp_"), scopes: ["public_repo", "user:email"], semgrepScopes: SG_SCOPES_1 },
    ],
    findings: /scopes: delete_repo, repo, user:email, write:discussion; missing: none; excess: delete_repo/,
    missing:
      /the token lacks scopes semgrep needs for github-enterprise: repo \(it has: public_repo, user:email\); public_repo reads public repositories only/,
  },
  {
    platform: "semgrep",
    scm: "gitlab-self-managed",
    tokens: [
      {
        value: canary("SemgrepGlsm", "1", "glpat-"),
        scopes: ["api", "sudo"],
        expiresAt: inTenDays,
        semgrepScopes: SG_SCOPES_1,
      },
      { value: canary("SemgrepGlsm", "2", "glpat-"), scopes: ["api"], semgrepScopes: SG_SCOPES_2 },
      { value: canary("SemgrepGlsm", "n", "glpat-"), scopes: ["read_repository"], semgrepScopes: SG_SCOPES_1 },
    ],
    findings: /scopes: api, sudo; missing: none; excess: sudo/,
    missing: /the token lacks scopes semgrep needs for gitlab-self-managed: api/,
  },
];

const SNYK_TYPE: Record<Scm, string> = { "github-enterprise": "github-enterprise", "gitlab-self-managed": "gitlab" };
const SEMGREP_TYPE: Record<Scm, string> = {
  "github-enterprise": "SCM_TYPE_GITHUB_ENTERPRISE",
  "gitlab-self-managed": "SCM_TYPE_GITLAB_SELFMANAGED",
};

interface Scenario {
  combo: Combo;
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  /** The base URL the world started with, and the same emulator under another name. */
  firstBaseUrl: string;
  otherBaseUrl: string;
  /** The program's inputs: steps change them between operations. */
  program: { token: string; baseUrl: string; secondMembershipManager: boolean };
}

const comboName = (combo: Combo) => `${combo.platform}-${combo.scm === "github-enterprise" ? "ghes" : "gitlab-sm"}`;

/** The platform's end state: exactly one credential / config for this SCM, at this base URL, with this token. */
function assertRegistered({ combo, view }: Scenario, baseUrl: string, token: WorldToken): void {
  if (combo.platform === "snyk") {
    const integrations = view.snykIntegrations();
    assert.equal(integrations.length, 1, JSON.stringify(integrations));
    assert.equal(integrations[0]!.type, SNYK_TYPE[combo.scm]);
    assert.equal(integrations[0]!.hasCredentials, true);
    assert.equal(integrations[0]!.url, baseUrl);
    assert.equal(integrations[0]!.tokenSha256, emulatorFingerprint(token.value));
  } else {
    const configs = view.semgrepConfigs();
    assert.equal(configs.length, 1, JSON.stringify(configs));
    assert.equal(configs[0]!.type, SEMGREP_TYPE[combo.scm]);
    assert.equal(configs[0]!.namespace, "acme");
    assert.equal(configs[0]!.baseUrl, baseUrl);
    assert.equal(configs[0]!.hasAccessToken, true);
    assert.equal(configs[0]!.status.ok, true, JSON.stringify(configs[0]!.status));
    assert.equal(
      configs[0]!.tokenScopes?.writePullRequestComment,
      token.semgrepScopes?.writePullRequestComment === true,
    );
  }
}

/** Nothing of ours is left on the platform. */
function assertUnregistered({ combo, view }: Scenario): void {
  if (combo.platform === "snyk") {
    assert.ok(
      view.snykIntegrations().every((i) => !i.hasCredentials),
      JSON.stringify(view.snykIntegrations()),
    );
  } else {
    assert.deepEqual(view.semgrepConfigs(), []);
  }
}

/** The id of the platform's credential / config (kept across an update in place). */
function registeredId({ combo, view }: Scenario): string {
  return combo.platform === "semgrep" ? view.semgrepConfigs()[0]!.id : view.snykIntegrations()[0]!.id;
}

async function setUp(defer: Defer, combo: Combo): Promise<Scenario> {
  const world = await startWorld({
    scm: combo.scm,
    platform: combo.platform,
    organization: "acme",
    repositories: [{ name: "api" }, { name: "web" }],
    tokens: combo.tokens,
  });
  defer(() => world.stop());
  const firstBaseUrl = world.baseUrl!;
  // The same emulator under another name: a different base URL as far as anyone can tell.
  const otherBaseUrl = firstBaseUrl.replace("//127.0.0.1:", "//localhost:");
  assert.notEqual(otherBaseUrl, firstBaseUrl);
  const program = { token: combo.tokens[0].value, baseUrl: firstBaseUrl, secondMembershipManager: false };
  const semgrep = combo.platform === "semgrep";
  const stack = await E2EStack.create({
    name: `matrix-${comboName(combo)}`,
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("integration", {
        platform: combo.platform,
        platformOrg: world.platformOrg,
        scm: combo.scm,
        baseUrl: program.baseUrl,
        token: program.token,
      });
      const connection = new OrgConnection("acme", {
        integration,
        organization: "acme",
        ...(semgrep ? { manageMembership: true } : {}),
      });
      if (program.secondMembershipManager) {
        new OrgConnection("acme-too", { integration, organization: "acme", manageMembership: true });
      }
      return {
        integrationId: integration.integrationId,
        apiUrl: integration.apiUrl,
        tokenScopes: integration.tokenScopes,
        excessScopes: integration.excessScopes,
        tokenExpiresAt: integration.tokenExpiresAt,
        fingerprint: integration.tokenFingerprint,
        connectionId: connection.connectionId,
        role: connection.role,
        scmTokenScopes: connection.scmTokenScopes,
      };
    },
  });
  defer(() => stack.dispose());
  return {
    combo,
    world,
    stack,
    view: new PlatformView(world),
    transcript: new Transcript(),
    firstBaseUrl,
    otherBaseUrl,
    program,
  };
}

function stepsFor(combo: Combo): Step<Scenario>[] {
  const [token1, token2, narrow] = combo.tokens;
  const semgrep = combo.platform === "semgrep";
  return [
    {
      name: "preview shows the base URL, the scope findings and the expiry, and writes nothing",
      run: async ({ world, stack, view, transcript, firstBaseUrl }) => {
        const { result, scmWrites, platformWrites } = await countWrites(world, () => stack.preview());
        transcript.add(result);
        const text = result.stdout + result.stderr;
        assert.deepEqual(stepsByOp(result.events).create, ["acme", "integration"]);
        assert.ok(text.includes(`baseUrl`) && text.includes(firstBaseUrl), "the preview shows the base URL input");
        assert.ok(text.includes(`${firstBaseUrl}/api/v`), "the findings name the SCM API under the base URL");
        assert.match(text, combo.findings);
        assert.match(text, /the token carries scopes \w+ does not need: (delete_repo|sudo)/);
        assert.match(text, /warning: the token expires \S+ \S+,? \(?in (9|10) days/);
        assert.equal(scmWrites + platformWrites, 0);
        if (semgrep) assert.deepEqual(view.semgrepConfigs(), []);
        else assert.deepEqual(view.snykIntegrations(), []);
      },
    },
    {
      name: "up registers the credential for the self-hosted SCM and proves the organization",
      run: async (s) => {
        const { stack, view, transcript, firstBaseUrl } = s;
        const up = transcript.add(await stack.up());
        assertRegistered(s, firstBaseUrl, token1);
        assert.ok(String(up.outputs.apiUrl).startsWith(firstBaseUrl));
        assert.ok(up.outputs.tokenExpiresAt, "the expiry is an output");
        assert.equal(up.outputs.role, combo.scm === "github-enterprise" ? "admin" : "owner");
        if (semgrep) {
          assert.equal(up.outputs.connectionId, view.semgrepConfigs()[0]!.id);
          assert.equal((up.outputs.scmTokenScopes as Record<string, boolean>).readContents, true);
          assert.match(String(up.outputs.integrationId), /^semgrep:4242:/);
        } else {
          assert.equal(up.outputs.integrationId, view.snykIntegrations()[0]!.id);
          assert.equal(up.outputs.connectionId, `${view.snykIntegrations()[0]!.id}:acme`);
        }
      },
    },
    {
      name: "a second preview with nothing changed plans no change and writes nothing",
      run: async (s) => {
        const { result, scmWrites, platformWrites } = await countWrites(s.world, () =>
          s.stack.preview({ expectNoChanges: true }),
        );
        s.transcript.add(result);
        assert.equal(scmWrites + platformWrites, 0);
        assert.deepEqual(Object.keys(stepsByOp(result.events)), ["same"]);
        assertRegistered(s, s.firstBaseUrl, token1);
      },
    },
    {
      name: "rotating the token updates both resources in place",
      run: async (s) => {
        const before = registeredId(s);
        s.program.token = token2.value;
        const up = s.transcript.add(await s.stack.up());
        const steps = stepsByOp(up.events);
        assert.deepEqual(steps.update, ["acme", "integration"], JSON.stringify(steps));
        assert.equal(steps.replace, undefined);
        assert.equal(steps.create, undefined);
        assertRegistered(s, s.firstBaseUrl, token2);
        assert.equal(registeredId(s), before);
        assert.equal(up.outputs.fingerprint, outputFingerprint(token2.value));
      },
    },
    {
      name: "a token missing scopes fails the preview with the list of scopes",
      run: async (s) => {
        s.program.token = narrow.value;
        try {
          s.world.platform.resetRequestStats();
          const message = await expectFailure(() => s.stack.preview());
          s.transcript.addText(message);
          assert.match(message, combo.missing);
          assert.equal(s.world.platform.requestStats().writes, 0);
        } finally {
          s.program.token = token2.value;
        }
        assertRegistered(s, s.firstBaseUrl, token2);
      },
    },
    // One combination is enough to prove the rule holds across one real deployment (one provider process).
    ...(semgrep && combo.scm === "gitlab-self-managed"
      ? [
          {
            name: "a second OrgConnection managing membership of the same deployment is refused",
            run: async (s: Scenario) => {
              s.program.secondMembershipManager = true;
              try {
                const message = await expectFailure(() => s.stack.preview());
                s.transcript.addText(message);
                // The engine checks resources as the program registers them, in no fixed order: either may be
                // first. acme-too also names acme's SCM config, which it did not create: checked before acme
                // claims the membership, it is refused as a takeover instead. Either way nothing is written.
                const membership =
                  /property manageMembership value \{true\} has a problem: OrgConnection "(acme|acme-too)" already manages the membership of Semgrep deployment "acme"/.test(
                    message,
                  );
                if (membership) {
                  assert.match(
                    message,
                    /Fix: set manageMembership to true on one OrgConnection of this deployment only/,
                  );
                } else {
                  assert.match(
                    message,
                    /resource 'acme-too': property adoptExisting value \{<nil>\} has a problem: the SCM config \S+ .*already exists and it was not created by this resource/,
                  );
                }
              } finally {
                s.program.secondMembershipManager = false;
              }
              assertRegistered(s, s.firstBaseUrl, token2);
            },
          },
        ]
      : []),
    {
      name: "changing the base URL replaces both resources and moves the credential",
      run: async (s) => {
        s.program.baseUrl = s.otherBaseUrl;
        const up = s.transcript.add(await s.stack.up());
        const steps = stepsByOp(up.events);
        assert.deepEqual(steps.replace, ["acme", "integration"], JSON.stringify(steps));
        assert.deepEqual(steps["delete-replaced"], ["acme", "integration"], "the old one goes first");
        assert.equal(steps.update, undefined);
        assertRegistered(s, s.otherBaseUrl, token2);
        assert.ok(String(up.outputs.apiUrl).startsWith(s.otherBaseUrl));
        if (semgrep) assert.ok(String(up.outputs.integrationId).endsWith(new URL(s.otherBaseUrl).host));
      },
    },
    {
      name: "refresh notices the out-of-band removal, and up brings it back",
      run: async (s) => {
        await s.view.removeConnectionOutOfBand();
        const refresh = s.transcript.add(await s.stack.refresh());
        const text = refresh.stdout + refresh.stderr;
        const kinds = s.stack.stateResources().map((r) => r.type.split(":").pop());
        if (semgrep) {
          assert.match(text, /connection \d+ no longer exists on semgrep/);
          // The Semgrep integration is a local record: it stays; the SCM config (OrgConnection) is gone.
          assert.deepEqual(
            kinds.filter((k) => k === "Integration" || k === "OrgConnection"),
            ["Integration"],
          );
        } else {
          assert.match(text, /no longer exists on snyk/);
          assert.deepEqual(
            kinds.filter((k) => k === "Integration" || k === "OrgConnection"),
            [],
          );
        }
        const up = s.transcript.add(await s.stack.up());
        assert.deepEqual(stepsByOp(up.events).create, semgrep ? ["acme"] : ["acme", "integration"]);
        assertRegistered(s, s.otherBaseUrl, token2);
      },
    },
    {
      name: "destroy removes the credential and no token ever reached output or state",
      run: async (s) => {
        s.transcript.add(await s.stack.destroy());
        assertUnregistered(s);
        s.transcript.assertNoCanary(s.stack, [...combo.tokens.map((t) => t.value), s.world.platformToken]);
      },
    },
  ];
}

for (const combo of COMBOS) {
  test(
    `${comboName(combo)}: Integration and OrgConnection on a self-hosted SCM from preview to destroy`,
    () => runScenario((defer) => setUp(defer, combo), stepsFor(combo)),
    E2E_CASE_TIMEOUT_MS,
  );
}
