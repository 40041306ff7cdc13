// Onboarding by CI job on GitHub Enterprise Server through the real RepositoryImport handler against
// the in-process emulators: the preview lists the pull requests `up` opens; `up` writes one secret,
// one branch, one commit and one pull request per repository; a second `up` writes nothing; a run
// that failed half way is finished without a duplicate; merging and a CI run, then refresh, show a
// repository as onboarded. The tokens are canaries: none appears in a PR, a commit, a log or state.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler } from "../../../provider/src/resources/repository-import";
import type { GitHubEmulator, GitHubRepositoryState } from "../../emulators/github/emulator";
import { findCanary } from "../../support/canary";
import { checked, connect } from "../../support/connect";
import { PlatformView } from "../../support/lifecycle";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { rejection } from "../../support/rejection";
import { useWorld } from "../../support/use-world";
import { startWorld, type World } from "../../support/world";

const CONNECTION_TOKEN = "ghp_CANARYciOnboardingGhesConnection001";
const CI_TOKEN = "ghp_CANARYciOnboardingGhesWriter000001";
const SEMGREP_APP_TOKEN = "CANARYsemgrepAppTokenForCiJob0001";
const ROTATED_SEMGREP_APP_TOKEN = "CANARYsemgrepAppTokenRotated00002";
const CANARIES = [CONNECTION_TOKEN, CI_TOKEN, SEMGREP_APP_TOKEN, ROTATED_SEMGREP_APP_TOKEN];
const REPOS = ["api", "web", "worker", "docs", "infra"];

let world: World;
let lines: string[] = [];

const github = () => world.scm as unknown as GitHubEmulator;
const scmState = (): GitHubRepositoryState => github().repositoryState();

interface DumpedPull {
  repository: string;
  number: number;
  body: string | null;
  head: string;
  state: string;
}
interface DumpedRepo {
  full_name: string;
  branches: Record<string, { message?: string; files: Record<string, string> }>;
}
interface DumpedSecrets {
  repository?: string;
  full_name?: string;
  secrets: Record<string, string>;
}

/** The pull requests from `head` (each test opens from a branch of its own). */
const pulls = (head = "semgrep-ci-onboarding") => (scmState().pulls as DumpedPull[]).filter((p) => p.head === head);

let connection: Props | undefined;
async function connected(): Promise<Props> {
  connection ??= await connect(world, CONNECTION_TOKEN);
  return connection;
}

function assertNoCanary(...values: unknown[]): void {
  const text = JSON.stringify(values) + lines.join("\n");
  const found = findCanary(text, CANARIES);
  assert.equal(found, undefined, `a token leaked: ${JSON.stringify(found)}`);
}

/** Outputs as the engine stores them in plaintext: `connection` and `onboarding` are secret outputs. */
function plaintextOf(outs: Props): Props {
  const { connection: _c, onboarding: _o, ...rest } = outs;
  return rest;
}

function importInputs(connection: Props, extra: Props = {}): Props {
  return {
    connection,
    repositories: REPOS.map((r) => `acme/${r}`),
    onboarding: { method: "ciJob", ciJob: { scmToken: CI_TOKEN, semgrepAppToken: SEMGREP_APP_TOKEN, ...extra } },
    resourceName: "ci",
  };
}

beforeAll(async () => {
  world = await startWorld({
    scm: "github-enterprise",
    platform: "semgrep",
    organization: "acme",
    repositories: REPOS.map((name) => ({ name, visibility: "private" as const })),
    tokens: [
      { value: CONNECTION_TOKEN, scopes: ["repo", "user:email"] },
      { value: CI_TOKEN, scopes: ["repo", "workflow"] },
    ],
  });
  runOnVirtualClock([world.scm, world.platform]);
  setLogSink((level, line) => lines.push(`${level}: ${line}`));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  if (world) {
    backToRealTime([world.scm, world.platform]);
    await world.stop();
  }
});

beforeEach(() => {
  lines = [];
  forgetListings();
  forgetMembershipClaims();
  useWorld(world);
});

describe("Semgrep × GHES: onboarding by CI job", () => {
  // The first three tests are one story: up, a second up and a rotation, then merge + CI run + refresh.
  let id = "";
  let latest: Props = {};
  let numbers: Record<string, number> = {};

  test("preview lists the PRs; up opens one of each: one branch, one commit, one PR, one secret", async () => {
    const connection = await connected();
    lines = [];
    const inputs = await checked(repositoryImportHandler, importInputs(connection));
    const preview = lines.find((l) => l.includes("ci onboarding: open"));
    assert.ok(preview, lines.join("\n"));
    assert.match(preview, /open 5 pull requests: acme\/api, acme\/docs, acme\/infra, acme\/web, acme\/worker/);
    // Onboarding by CI job imports nothing through the platform: no Managed Scans plan is shown.
    assert.equal(
      lines.find((l) => /plan: import|to import/.test(l)),
      undefined,
      lines.join("\n"),
    );
    assert.equal(pulls().length, 0, "preview writes nothing");

    const created = await repositoryImportHandler.create(inputs);
    id = created.id;
    const outs = created.outs;
    latest = outs;
    const state = scmState();
    assert.equal(pulls().length, 5);
    for (const name of REPOS) {
      const mine = pulls().filter((p) => p.repository === `acme/${name}`);
      assert.equal(mine.length, 1, `one pull request in acme/${name}`);
      assert.equal(mine[0]!.head, "semgrep-ci-onboarding");
      const repo = (state.repositories as DumpedRepo[]).find((r) => r.full_name === `acme/${name}`)!;
      const branch = repo.branches["semgrep-ci-onboarding"]!;
      assert.match(branch.files[".github/workflows/semgrep.yml"]!, /semgrep ci/);
      assert.ok(!(".github/workflows/semgrep.yml" in repo.branches["main"]!.files), "the default branch is untouched");
    }
    const secrets = state.secrets as DumpedSecrets[];
    assert.equal(secrets.length, 5);
    for (const s of secrets)
      assert.equal(s.secrets.SEMGREP_APP_TOKEN, SEMGREP_APP_TOKEN, "the sealed value opens to the token");
    const onboarding = outs.ciOnboarding as Record<string, { state: string; number: number; seenBySemgrep: boolean }>;
    assert.deepEqual(Object.keys(onboarding), REPOS.map((r) => `acme/${r}`).sort());
    for (const status of Object.values(onboarding)) {
      assert.equal(status.state, "open");
      assert.equal(status.seenBySemgrep, false);
    }
    numbers = Object.fromEntries(Object.entries(onboarding).map(([n, st]) => [n, st.number]));
    assertNoCanary(pulls(), state.repositories, plaintextOf(outs));
  });

  test("a second up opens none; a rotated Semgrep token is written again, no request opened", async () => {
    const connection = await connected();
    const outs = latest;
    // Second up: nothing to do, nothing written.
    lines = [];
    const again = await checked(repositoryImportHandler, importInputs(connection), outs);
    assert.ok(
      lines.some((l) => l.includes("ci onboarding: open 0 pull requests")),
      lines.join("\n"),
    );
    assert.deepEqual(await repositoryImportHandler.diff(id, outs, again), { changes: false });
    const second = await repositoryImportHandler.update(id, outs, again);
    assert.equal(pulls().length, 5, "no second pull request");

    // The Semgrep token is rotated: written again in every repository, no request opened.
    const rotatedInputs = importInputs(connection);
    (rotatedInputs.onboarding as { ciJob: Props }).ciJob.semgrepAppToken = ROTATED_SEMGREP_APP_TOKEN;
    const rotated = await repositoryImportHandler.update(
      id,
      second.outs,
      await checked(repositoryImportHandler, rotatedInputs, second.outs),
    );
    for (const s of scmState().secrets as DumpedSecrets[])
      assert.equal(s.secrets.SEMGREP_APP_TOKEN, ROTATED_SEMGREP_APP_TOKEN);
    assert.equal(pulls().length, 5);
    assertNoCanary(plaintextOf(rotated.outs));
    latest = rotated.outs!;
  });

  test("merging two PRs and their CI runs, then refresh, shows exactly those as onboarded", async () => {
    const connection = await connected();
    // Merge two, run their CI job once (the project appears in Semgrep), refresh.
    for (const name of ["api", "web"]) {
      github().mergePullRequest("acme", name, numbers[`acme/${name}`]!);
      new PlatformView(world).semgrep.recordCiScan(`acme/${name}`);
    }
    const refreshed = await repositoryImportHandler.read(id, latest);
    const after = refreshed.props!.ciOnboarding as Record<string, { state: string; seenBySemgrep: boolean }>;
    const onboarded = Object.entries(after)
      .filter(([, s]) => s.state === "merged" && s.seenBySemgrep)
      .map(([n]) => n);
    assert.deepEqual(onboarded, ["acme/api", "acme/web"]);
    for (const name of ["acme/docs", "acme/infra", "acme/worker"]) assert.equal(after[name]!.state, "open");

    // The next plan knows the merged ones are onboarded and opens nothing for them.
    lines = [];
    const next = await checked(repositoryImportHandler, importInputs(connection), refreshed.props);
    assert.ok(
      lines.some((l) => l.includes("open 0 pull requests")),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => l.includes("2 repositories already run the Semgrep job")),
      lines.join("\n"),
    );

    // The next up keeps them "merged", with their pull request: the job on the default branch is ours.
    const updated = await repositoryImportHandler.update(id, refreshed.props!, next);
    const kept = updated.outs.ciOnboarding as Record<string, { state: string; url?: string }>;
    for (const name of ["acme/api", "acme/web"]) {
      assert.equal(kept[name]!.state, "merged", name);
      assert.ok(kept[name]!.url, `${name} keeps its pull request's URL`);
    }
    latest = updated.outs!;

    assertNoCanary(pulls(), scmState().repositories, plaintextOf(refreshed.props!));
  });

  test("a run that fails after the branch and commit is finished by the next one without a duplicate", async () => {
    const connection = await connected();
    // acme/api and acme/web run the job already (merged above). The pull request of acme/docs is
    // refused once: its branch and commit exist, no pull request.
    world.scm.addFault({
      match: { method: "POST", pathRegex: "^/api/v3/repos/acme/docs/pulls$" },
      kind: "status",
      status: 422,
      body: { message: "Validation Failed" },
    });
    const branch = { branch: "t-partial" };
    const inputs = await checked(repositoryImportHandler, importInputs(connection, branch));
    const error = await rejection(repositoryImportHandler.create(inputs));
    assert.match(error.message, /1 repository was not onboarded: acme\/docs/);
    assert.equal(pulls("t-partial").length, 2);
    const partial = (error as unknown as { properties: Props }).properties;

    lines = [];
    const again = await checked(repositoryImportHandler, importInputs(connection, branch), partial);
    assert.ok(
      lines.some((l) => l.includes("open 1 pull request: acme/docs")),
      lines.join("\n"),
    );
    await repositoryImportHandler.update("ri-partial", partial, again);
    for (const name of ["docs", "infra", "worker"]) {
      assert.equal(
        pulls("t-partial").filter((p) => p.repository === `acme/${name}`).length,
        1,
        `one pull request in acme/${name}`,
      );
    }
    const docs = (scmState().repositories as DumpedRepo[]).find((r) => r.full_name === "acme/docs")!;
    assert.match(docs.branches["t-partial"]!.message ?? "", /Add Semgrep CI/);
    assertNoCanary(error.message, pulls("t-partial"), plaintextOf(partial));
  });

  test("a PR closed unmerged is reported at preview and left closed, until reopenClosed opens a new one", async () => {
    const connection = await connected();
    const only = (extra: Props) => ({
      ...importInputs(connection, { branch: "t-closed", ...extra }),
      repositories: ["acme/worker"],
    });
    const { id, outs } = await repositoryImportHandler.create(await checked(repositoryImportHandler, only({})));
    const number = (outs.ciOnboarding as Record<string, { number: number }>)["acme/worker"]!.number;
    github().closePullRequest("acme", "worker", number);
    const refreshed = (await repositoryImportHandler.read(id, outs)).props!;
    assert.equal((refreshed.ciOnboarding as Record<string, { state: string }>)["acme/worker"]!.state, "closed");

    lines = [];
    const kept = await checked(repositoryImportHandler, only({}), refreshed);
    assert.ok(
      lines.some((l) =>
        /1 pull request was closed without merge and is not reopened: acme\/worker .*reopenClosed/.test(l),
      ),
      lines.join("\n"),
    );
    assert.deepEqual(await repositoryImportHandler.diff(id, refreshed, kept), { changes: false });

    lines = [];
    const reopen = await checked(repositoryImportHandler, only({ reopenClosed: true }), refreshed);
    assert.ok(
      lines.some((l) => l.includes("open 1 pull request: acme/worker")),
      lines.join("\n"),
    );
    const after = await repositoryImportHandler.update(id, refreshed, reopen);
    assert.deepEqual(
      pulls("t-closed").map((p) => p.state),
      ["closed", "open"],
    );
    assert.equal((after.outs.ciOnboarding as Record<string, { state: string }>)["acme/worker"]!.state, "open");

    // Destroy with onRemoval "leave" (the default) leaves the pull request and the secret as they are.
    await repositoryImportHandler.delete(id, after.outs);
    assert.deepEqual(
      pulls("t-closed").map((p) => p.state),
      ["closed", "open"],
    );
  });

  test("a plan opening more than maxNewRequests is refused at preview, naming the count and the override", async () => {
    const connection = await connected();
    const result = await repositoryImportHandler.check(
      {},
      importInputs(connection, { maxNewRequests: 2, branch: "t-limit" }),
    );
    const failure = result.failures?.[0];
    assert.ok(failure, JSON.stringify(result));
    // Nested fields are named at the start of the reason (the engine shows `property` for top-level inputs only).
    assert.match(failure.reason, /^onboarding\.ciJob\.maxNewRequests: /);
    assert.match(failure.reason, /would open 3 pull \/ merge requests/);
    assert.match(failure.reason, /allowNewRequests to 1/);
    const allowed = await repositoryImportHandler.check(
      {},
      importInputs(connection, { maxNewRequests: 2, allowNewRequests: 1, branch: "t-limit" }),
    );
    assert.equal(allowed.failures, undefined, JSON.stringify(allowed.failures));
    assert.equal(pulls("t-limit").length, 0);
  });

  test("a classic token without workflow is refused at preview, naming the field", async () => {
    const connection = await connected();
    const inputs = importInputs(connection);
    (inputs.onboarding as { ciJob: Props }).ciJob.scmToken = CONNECTION_TOKEN;
    const result = await repositoryImportHandler.check({}, inputs);
    const failure = result.failures?.[0];
    assert.ok(failure, JSON.stringify(result));
    assert.match(failure.reason, /^onboarding\.ciJob\.scmToken: /);
    assert.match(failure.reason, /lacks workflow/);
    assertNoCanary(result.failures);
  });
});
