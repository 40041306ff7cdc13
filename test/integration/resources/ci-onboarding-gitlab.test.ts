// Onboarding by CI job on GitLab Self-Managed through the real RepositoryImport handler against the
// in-process emulators: the preview lists the merge requests `up` opens; `up` writes one masked
// variable, one branch, one commit and one merge request per project, adding the job to an existing
// .gitlab-ci.yml without losing its content and leaving a project that has the job alone; a second
// `up` writes nothing; merging and a CI run, then refresh, show a project as onboarded; a Developer's
// token is refused at preview. The tokens are canaries.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { parse } from "yaml";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler } from "../../../provider/src/resources/repository-import";
import type { GitLabEmulator } from "../../emulators/gitlab/emulator";
import { findCanary } from "../../support/canary";
import { checked, connect } from "../../support/connect";
import { PlatformView } from "../../support/lifecycle";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { rejection } from "../../support/rejection";
import { useWorld } from "../../support/use-world";
import { startWorld, type World } from "../../support/world";

const CONNECTION_TOKEN = "glpat-CANARYciOnboardingConn01";
const CI_TOKEN = "glpat-CANARYciOnboardingWrite1";
const DEVELOPER_TOKEN = "glpat-CANARYciOnboardingDevel1";
const SEMGREP_APP_TOKEN = "CANARYsemgrepAppTokenForGitLab01";
const CANARIES = [CONNECTION_TOKEN, CI_TOKEN, DEVELOPER_TOKEN, SEMGREP_APP_TOKEN];
const PROJECTS = ["api", "legacy", "scanned", "web", "worker"];

const EXISTING_CI = `# Build and deploy.
stages:
  - build
  - deploy

include:
  - project: acme/ci-templates
    file: /node.yml

build:
  stage: build
  script: make # keep this comment
`;

let world: World;
let developer: World;
let lines: string[] = [];

const gitlab = () => world.scm as unknown as GitLabEmulator;

interface DumpedMr {
  project: string;
  iid: number;
  description: string;
  source_branch: string;
  state: string;
}
interface DumpedRepo {
  full_name: string;
  branches: Record<string, { files: Record<string, string> }>;
}
interface DumpedVariables {
  project: string;
  variables: { key: string; value: string; masked: boolean; protected: boolean }[];
}

let connection: Props | undefined;
async function connected(): Promise<Props> {
  connection ??= await connect(world, CONNECTION_TOKEN);
  return connection;
}

const mergeRequests = () => gitlab().repositoryState().mergeRequests as DumpedMr[];

function assertNoCanary(...values: unknown[]): void {
  const found = findCanary(JSON.stringify(values) + lines.join("\n"), CANARIES);
  assert.equal(found, undefined, `a token leaked: ${JSON.stringify(found)}`);
}

function plaintextOf(outs: Props): Props {
  const { connection: _c, onboarding: _o, ...rest } = outs;
  return rest;
}

/** A commit on the default branch, as a person would push it (through the API, with the writer token). */
async function commitToMain(project: string, path: string, content: string): Promise<void> {
  const response = await fetch(
    `${world.baseUrl}/api/v4/projects/${encodeURIComponent(`acme/${project}`)}/repository/commits`,
    {
      method: "POST",
      headers: { "private-token": CI_TOKEN, "content-type": "application/json" },
      body: JSON.stringify({
        branch: "main",
        commit_message: "CI",
        actions: [{ action: "create", file_path: path, content }],
      }),
    },
  );
  assert.equal(response.status, 201, await response.text());
}

function importInputs(connection: Props, scmToken = CI_TOKEN): Props {
  return {
    connection,
    repositories: PROJECTS.map((p) => `acme/${p}`),
    onboarding: { method: "ciJob", ciJob: { scmToken, semgrepAppToken: SEMGREP_APP_TOKEN } },
    resourceName: "ci",
  };
}

beforeAll(async () => {
  [world, developer] = await Promise.all([
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      repositories: PROJECTS.map((name) => ({ name })),
      tokens: [
        { value: CONNECTION_TOKEN, scopes: ["api"] },
        { value: CI_TOKEN, scopes: ["api"] },
      ],
    }),
    startWorld({
      scm: "gitlab-self-managed",
      platform: "semgrep",
      organization: "acme",
      role: "member",
      repositories: [{ name: "api" }],
      tokens: [{ value: DEVELOPER_TOKEN, scopes: ["api"] }],
    }),
  ]);
  runOnVirtualClock([world.scm, world.platform, developer.scm, developer.platform]);
  setLogSink((level, line) => lines.push(`${level}: ${line}`));
});

afterAll(async () => {
  setLogSink(undefined);
  resetProviderSettings();
  const worlds = [world, developer].filter((w): w is World => w !== undefined);
  backToRealTime(worlds.flatMap((w) => [w.scm, w.platform]));
  await Promise.all(worlds.map((w) => w.stop()));
});

beforeEach(() => {
  lines = [];
  forgetListings();
  forgetMembershipClaims();
});

describe("Semgrep × GitLab Self-Managed: onboarding by CI job", () => {
  // The first two tests are one story: up, then a second up, merge + CI run + refresh.
  let id = "";
  let outs: Props = {};

  test("preview lists the MRs; up opens one of each and keeps an existing .gitlab-ci.yml", async () => {
    useWorld(world);
    await commitToMain("legacy", ".gitlab-ci.yml", EXISTING_CI);
    await commitToMain("scanned", ".gitlab-ci.yml", "semgrep:\n  image: semgrep/semgrep\n  script: semgrep ci\n");
    const connection = await connected();
    lines = [];
    const inputs = await checked(repositoryImportHandler, importInputs(connection));
    assert.ok(
      lines.some((l) => l.includes("open 4 merge requests: acme/api, acme/legacy, acme/web, acme/worker")),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => l.includes("1 repository already runs the Semgrep job")),
      lines.join("\n"),
    );
    assert.equal(mergeRequests().length, 0, "preview writes nothing");

    ({ id, outs } = await repositoryImportHandler.create(inputs));
    const state = gitlab().repositoryState();
    for (const name of ["api", "legacy", "web", "worker"]) {
      assert.equal(mergeRequests().filter((m) => m.project === `acme/${name}`).length, 1, `one MR in acme/${name}`);
    }
    assert.equal(mergeRequests().filter((m) => m.project === "acme/scanned").length, 0, "the job was there already");
    for (const entry of state.variables as DumpedVariables[]) {
      const variable = entry.variables.find((v) => v.key === "SEMGREP_APP_TOKEN")!;
      assert.equal(variable.value, SEMGREP_APP_TOKEN);
      assert.equal(variable.masked, true);
    }
    assert.equal((state.variables as DumpedVariables[]).length, 4);
    const legacy = (state.repositories as DumpedRepo[]).find((r) => r.full_name === "acme/legacy")!;
    const merged = legacy.branches["semgrep-ci-onboarding"]!.files[".gitlab-ci.yml"]!;
    const before = parse(EXISTING_CI) as Record<string, unknown>;
    const after = parse(merged) as Record<string, unknown>;
    assert.deepEqual(Object.keys(after), [...Object.keys(before), "semgrep"]);
    assert.deepEqual(after.include, before.include);
    assert.deepEqual(after.build, before.build);
    assert.match(merged, /script: make # keep this comment/);
    const onboarding = outs.ciOnboarding as Record<string, { state: string; number?: number; seenBySemgrep: boolean }>;
    assert.equal(onboarding["acme/scanned"]!.state, "present");
    assertNoCanary(mergeRequests(), state.repositories, plaintextOf(outs));
  });

  test("a second up opens none; merging two MRs and their CI runs, then refresh, shows exactly those", async () => {
    useWorld(world);
    const connection = await connected();
    const onboarding = outs.ciOnboarding as Record<string, { state: string; number?: number; seenBySemgrep: boolean }>;
    // Second up: nothing.
    const again = await checked(repositoryImportHandler, importInputs(connection), outs);
    assert.deepEqual(await repositoryImportHandler.diff(id, outs, again), { changes: false });
    const second = await repositoryImportHandler.update(id, outs, again);
    assert.equal(mergeRequests().length, 4, "no second merge request");

    for (const name of ["api", "legacy"]) {
      gitlab().mergeMergeRequest(`acme/${name}`, onboarding[`acme/${name}`]!.number!);
      new PlatformView(world).semgrep.recordCiScan(`acme/${name}`);
    }
    const refreshed = await repositoryImportHandler.read(id, second.outs);
    const status = refreshed.props!.ciOnboarding as Record<string, { state: string; seenBySemgrep: boolean }>;
    assert.deepEqual(
      Object.keys(status).filter((n) => status[n]!.state === "merged" && status[n]!.seenBySemgrep),
      ["acme/api", "acme/legacy"],
    );
    assert.equal(status["acme/web"]!.state, "open");
    assertNoCanary(mergeRequests(), plaintextOf(refreshed.props!));
  });

  test("a run that fails before the merge request is finished by the next one without a duplicate", async () => {
    useWorld(world);
    const connection = await connected();
    const inputs = (): Props => {
      const all = importInputs(connection);
      (all.onboarding as { ciJob: Props }).ciJob.branch = "t-partial";
      return { ...all, repositories: ["acme/web", "acme/worker"] };
    };
    world.scm.addFault({
      match: { method: "POST", pathRegex: "^/api/v4/projects/acme%2Fweb/merge_requests$" },
      kind: "status",
      status: 400,
      body: { message: "refused once" },
    });
    const error = await rejection(repositoryImportHandler.create(await checked(repositoryImportHandler, inputs())));
    assert.match(error.message, /1 repository was not onboarded: acme\/web/);
    const partial = (error as unknown as { properties: Props }).properties;
    const fromBranch = () => mergeRequests().filter((m) => m.source_branch === "t-partial");
    assert.deepEqual(
      fromBranch().map((m) => m.project),
      ["acme/worker"],
    );

    lines = [];
    const again = await checked(repositoryImportHandler, inputs(), partial);
    assert.ok(
      lines.some((l) => l.includes("open 1 merge request: acme/web")),
      lines.join("\n"),
    );
    await repositoryImportHandler.update("ri-partial", partial, again);
    assert.deepEqual(
      fromBranch()
        .map((m) => m.project)
        .sort(),
      ["acme/web", "acme/worker"],
    );
    assertNoCanary(error.message, fromBranch(), plaintextOf(partial));
  });

  test("a Developer's token is refused at preview: CI/CD variables need Maintainer", async () => {
    useWorld(developer);
    const connection = await connect(developer, DEVELOPER_TOKEN);
    const inputs = { ...importInputs(connection, DEVELOPER_TOKEN), repositories: ["acme/api"] };
    const result = await repositoryImportHandler.check({}, inputs);
    const failure = result.failures?.[0];
    assert.ok(failure, JSON.stringify(result));
    assert.match(failure.reason, /^onboarding\.ciJob\.scmToken: .*Maintainer/);
    assertNoCanary(result.failures);
  });
});
