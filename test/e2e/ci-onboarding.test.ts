// Onboarding by CI job (RepositoryImport `onboarding.method: "ciJob"`) through the real Pulumi CLI:
// Semgrep × GitHub Enterprise Server and Semgrep × GitLab Self-Managed, 50 repositories each, one
// case per SCM in ordered steps on one stack. A preview over the default limit (25) is refused naming
// the count and the override, and writes nothing; with the override it lists the 50 requests; `up`
// opens them (per repository: one branch, one commit adding the file, one pull / merge request, one
// Actions secret / masked CI/CD variable holding the Semgrep token); a second `up` writes nothing;
// half are merged and their CI job runs once, and `refresh` shows exactly those as onboarded; an `up`
// with new repositories is killed (SIGKILL to the CLI and its plugins) with some requests open and a
// repository's branch made without its request, and the next `up` converges: no repository holds two
// requests, and no branch, commit or request was made twice. Every token is a canary: none
// appears in a request's description, a committed file, the CLI's output, its events or the state.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import * as pulumi from "@pulumi/pulumi";
import type { GitHubEmulator } from "../emulators/github/emulator";
import type { GitLabEmulator } from "../emulators/gitlab/emulator";
import type { SemgrepEmulator } from "../emulators/semgrep/emulator";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { findCanary } from "../support/canary";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  expectFailure,
  killPulumiWhen,
  runScenario,
  sorted,
  Transcript,
  untilQuiet,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { startWorld, type World } from "../support/world";

const COUNT = 50;
/** Repositories added before the `up` that is killed, so that it has requests to open. */
const ADDED = 12;
/** Requests to the SCM in flight at once (the import's `concurrency`): repositories are onboarded in waves of this many. */
const CONCURRENCY = 4;
/**
 * Kill that `up` once the first wave of added repositories has its requests and the next wave has
 * begun (a branch made, its request not yet): the kill lands inside a repository's work, not between.
 */
const KILL_AFTER = CONCURRENCY;
const BRANCH = "semgrep-ci-onboarding";

const pad = (i: number) => String(i).padStart(2, "0");
const FIRST = Array.from({ length: COUNT }, (_, i) => `acme/svc-${pad(i)}`);
const LATE = Array.from({ length: ADDED }, (_, i) => `acme/late-${pad(i)}`);
/** The half that is merged and whose CI job runs: every other one, so that no prefix of the list is special. */
const MERGED = FIRST.filter((_, i) => i % 2 === 0);

/** What differs between the two SCMs. */
interface ScmCase {
  scm: "github-enterprise" | "gitlab-self-managed";
  /** "pull request" / "merge request", as the provider says it. */
  noun: string;
  connectionToken: string;
  ciToken: string;
  semgrepAppToken: string;
  /** Scopes of the connection's token and of the writer token. */
  scopes: { connection: string[]; ci: string[] };
  /** The file the job lives in. */
  file: string;
  semgrepScmType: "SCM_TYPE_GITHUB_ENTERPRISE" | "SCM_TYPE_GITLAB_SELFMANAGED";
}

const GHES: ScmCase = {
  scm: "github-enterprise",
  noun: "pull request",
  connectionToken: "ghp_CANARYe2eCiOnboardingGhesConn000001",
  ciToken: "ghp_CANARYe2eCiOnboardingGhesWrite00001",
  semgrepAppToken: "CANARYe2eSemgrepAppTokenGhes0000001",
  scopes: { connection: ["repo", "user:email"], ci: ["repo", "workflow"] },
  file: ".github/workflows/semgrep.yml",
  semgrepScmType: "SCM_TYPE_GITHUB_ENTERPRISE",
};

const GITLAB: ScmCase = {
  scm: "gitlab-self-managed",
  noun: "merge request",
  connectionToken: "glpat-CANARYe2eCiOnbGlConn0001",
  ciToken: "glpat-CANARYe2eCiOnbGlWrite001",
  semgrepAppToken: "CANARYe2eSemgrepAppTokenGitLab00001",
  scopes: { connection: ["api"], ci: ["api"] },
  file: ".gitlab-ci.yml",
  semgrepScmType: "SCM_TYPE_GITLAB_SELFMANAGED",
};

/** One pull / merge request as the emulators' control state shows it, in one shape for both SCMs. */
interface Request {
  repository: string;
  number: number;
  branch: string;
  body: string;
  state: string;
}

interface RepositoryDump {
  full_name: string;
  branches: Record<string, { message?: string; files: Record<string, string> }>;
}

interface Status {
  state: string;
  number?: number;
  url?: string;
  seenBySemgrep: boolean;
}

interface Scenario {
  kind: ScmCase;
  world: World;
  stack: E2EStack;
  transcript: Transcript;
  /** The program's inputs, read each time the engine runs it: the steps change them. */
  knobs: { repositories: string[]; ciJob: Record<string, unknown> };
  /** ciOnboarding as the last `up` returned it. */
  statuses?: Record<string, Status>;
  /** The SCM writes `up` made in each repository (`METHOD route` → count), the same for all. */
  writeShape?: Record<string, number>;
}

/** A line for the test's output: what the crash left. */
function note(kind: ScmCase, text: string): void {
  process.stderr.write(`[ci-onboarding ${kind.scm}] ${text}\n`);
}

function requestsOf({ kind, world }: Pick<Scenario, "kind" | "world">): Request[] {
  if (kind.scm === "github-enterprise") {
    const pulls = (world.scm as unknown as GitHubEmulator).repositoryState().pulls as {
      repository: string;
      number: number;
      head: string;
      body: string | null;
      state: string;
    }[];
    return pulls.map((p) => ({
      repository: p.repository,
      number: p.number,
      branch: p.head,
      body: p.body ?? "",
      state: p.state,
    }));
  }
  const mrs = (world.scm as unknown as GitLabEmulator).repositoryState().mergeRequests as {
    project: string;
    iid: number;
    source_branch: string;
    description: string;
    state: string;
  }[];
  return mrs.map((m) => ({
    repository: m.project,
    number: m.iid,
    branch: m.source_branch,
    body: m.description,
    state: m.state,
  }));
}

function repositoriesOf({ kind, world }: Pick<Scenario, "kind" | "world">): RepositoryDump[] {
  const state =
    kind.scm === "github-enterprise"
      ? (world.scm as unknown as GitHubEmulator).repositoryState()
      : (world.scm as unknown as GitLabEmulator).repositoryState();
  return state.repositories as RepositoryDump[];
}

/** Repository → the secrets (GitHub) / CI/CD variables (GitLab) it holds, values in plaintext. */
function secretsOf({ kind, world }: Pick<Scenario, "kind" | "world">): Map<string, Record<string, string>> {
  if (kind.scm === "github-enterprise") {
    const secrets = (world.scm as unknown as GitHubEmulator).repositoryState().secrets as {
      repository: string;
      secrets: Record<string, string>;
    }[];
    return new Map(secrets.map((s) => [s.repository, s.secrets]));
  }
  const variables = (world.scm as unknown as GitLabEmulator).repositoryState().variables as {
    project: string;
    variables: { key: string; value: string; masked: boolean }[];
  }[];
  return new Map(
    variables.map((v) => [
      v.project,
      Object.fromEntries(v.variables.map((x) => [x.key, `${x.value}${x.masked ? "" : " (not masked)"}`])),
    ]),
  );
}

/** Requests per repository (from the onboarding branch), for the "never two" checks. */
function requestsPerRepository(s: Pick<Scenario, "kind" | "world">): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requestsOf(s).filter((r) => r.branch === BRANCH))
    counts.set(r.repository, (counts.get(r.repository) ?? 0) + 1);
  return counts;
}

/**
 * The SCM writes since the last reset, per repository: `METHOD route` → count. The repository is read
 * from the request's path (`/repos/acme/x/…` on GitHub, `/projects/acme%2Fx/…` on GitLab).
 */
function writesPerRepository(world: World): Map<string, Record<string, number>> {
  const stats = world.scm.requestStats();
  // The emulator keeps the last 2000 requests: more would make the per-repository counts short.
  assert.ok(stats.total <= 2000, `${stats.total} requests: the per-repository write log is incomplete`);
  const out = new Map<string, Record<string, number>>();
  for (const r of stats.recent) {
    if (r.method === "GET" || r.method === "HEAD") continue;
    const match = /\/(?:repos|projects)\/(acme(?:\/|%2F)[^/?]+)/i.exec(r.url);
    if (!match) continue;
    const repository = decodeURIComponent(match[1]!);
    const routes = out.get(repository) ?? {};
    const key = `${r.method} ${r.route}`;
    routes[key] = (routes[key] ?? 0) + 1;
    out.set(repository, routes);
  }
  return out;
}

const textOf = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

async function setUp(defer: Defer, kind: ScmCase): Promise<Scenario> {
  const world = await startWorld({
    scm: kind.scm,
    platform: "semgrep",
    organization: "acme",
    repositories: [...FIRST, ...LATE].map((n) => ({ name: n.slice("acme/".length) })),
    tokens: [
      { value: kind.connectionToken, scopes: kind.scopes.connection },
      { value: kind.ciToken, scopes: kind.scopes.ci },
    ],
  });
  defer(() => world.stop());
  const knobs: Scenario["knobs"] = { repositories: [...FIRST], ciJob: {} };
  const stack = await E2EStack.create({
    name: `ci-onboarding-${kind.scm}`,
    config: world.config,
    secrets: {
      ...world.secrets,
      connectionToken: kind.connectionToken,
      ciToken: kind.ciToken,
      semgrepAppToken: kind.semgrepAppToken,
    },
    env: world.env,
    program: async () => {
      const config = new pulumi.Config();
      const integration = new Integration("semgrep", {
        platform: "semgrep",
        platformOrg: world.platformOrg,
        scm: kind.scm,
        baseUrl: world.baseUrl!,
        token: config.requireSecret("connectionToken"),
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      const onboarded = new RepositoryImport("onboarded", {
        connection,
        repositories: [...knobs.repositories],
        // A few at a time, so that the kill lands with some requests open and others not.
        concurrency: CONCURRENCY,
        onboarding: {
          method: "ciJob",
          ciJob: {
            scmToken: config.requireSecret("ciToken"),
            semgrepAppToken: config.requireSecret("semgrepAppToken"),
            ...knobs.ciJob,
          },
        },
      });
      return { ciOnboarding: onboarded.ciOnboarding };
    },
  });
  defer(() => stack.dispose());
  return { kind, world, stack, transcript: new Transcript(), knobs };
}

const steps: Step<Scenario>[] = [
  {
    name: `a preview opening ${COUNT} requests is refused by the default limit (25), naming the count and the override; nothing is written`,
    run: async (s) => {
      const { world, stack, transcript } = s;
      let message = "";
      const { scmWrites, platformWrites } = await countWrites(world, async () => {
        message = await expectFailure(() => stack.preview());
      });
      transcript.addText(message);
      assert.match(message, /onboarding\.ciJob\.maxNewRequests: the plan would open 50 pull \/ merge requests/);
      assert.match(message, /more than onboarding\.ciJob\.maxNewRequests \(25\) allows; nothing was opened/);
      assert.match(message, /Fix: set onboarding\.ciJob\.allowNewRequests to 25 for this run/);
      assert.equal(scmWrites + platformWrites, 0);
      assert.deepEqual(requestsOf(s), []);
    },
  },
  {
    name: `with allowNewRequests 25 the preview lists the ${COUNT} requests up opens, and writes nothing`,
    run: async (s) => {
      const { world, stack, transcript, kind } = s;
      s.knobs.ciJob = { allowNewRequests: 25 };
      const { result, scmWrites, platformWrites } = await countWrites(world, () => stack.preview());
      transcript.add(result);
      assert.deepEqual(stepsByOp(result.events).create, ["acme", "onboarded", "semgrep"]);
      const line = new RegExp(
        `ci onboarding: open ${COUNT} ${kind.noun}s: ${FIRST.slice(0, 20).join(", ")}, … \\(${COUNT - 20} more\\)`,
      );
      assert.match(textOf(result), line);
      assert.equal(scmWrites + platformWrites, 0);
      assert.deepEqual(requestsOf(s), []);
    },
  },
  {
    name: "up opens them: per repository one branch, one commit adding the file, one request, one secret / masked variable",
    run: async (s) => {
      const { world, stack, transcript, kind } = s;
      const { result: up } = await countWrites(world, () => stack.up());
      transcript.add(up);
      const writes = writesPerRepository(world);

      // One request per repository, from the onboarding branch, open.
      const requests = requestsOf(s);
      assert.equal(requests.length, COUNT);
      assert.deepEqual(sorted(requestsPerRepository(s).keys()), FIRST);
      assert.ok(
        requests.every((r) => r.branch === BRANCH && (r.state === "open" || r.state === "opened")),
        JSON.stringify(requests.filter((r) => r.branch !== BRANCH || !/^open/.test(r.state))),
      );

      // One branch beside the default one, whose head commit adds the job; the default branch is untouched.
      const repos = new Map(repositoriesOf(s).map((r) => [r.full_name, r]));
      for (const name of FIRST) {
        const repo = repos.get(name);
        assert.ok(repo, `${name} has no git data`);
        assert.deepEqual(sorted(Object.keys(repo.branches)), sorted(["main", BRANCH]), `${name}'s branches`);
        const head = repo.branches[BRANCH]!;
        assert.equal(head.message, "Add Semgrep CI", `${name}: the branch's head is the onboarding commit`);
        assert.match(head.files[kind.file] ?? "", /semgrep ci/, `${name}: ${kind.file} runs semgrep ci`);
        assert.equal(repo.branches.main!.files[kind.file], undefined, `${name}: the default branch is untouched`);
      }

      // One secret / variable each: the Semgrep token, in plaintext in the emulator (GitHub: the sealed box opened).
      const secrets = secretsOf(s);
      assert.deepEqual(sorted(secrets.keys()), FIRST);
      for (const [name, held] of secrets)
        assert.deepEqual(held, { SEMGREP_APP_TOKEN: kind.semgrepAppToken }, `${name}'s secrets`);

      // The writes behind it: for every repository the same few, each exactly once (one branch, one
      // commit, one request, one secret / variable; GitLab may make the branch with the commit).
      const shapes = new Set([...writes.values()].map((w) => JSON.stringify(w, Object.keys(w).sort())));
      assert.deepEqual(sorted(writes.keys()), FIRST, "every repository was written to");
      assert.equal(shapes.size, 1, `the repositories got different writes: ${[...shapes].join(" | ")}`);
      const shape = writes.get(FIRST[0]!)!;
      assert.ok(
        Object.values(shape).every((n) => n === 1),
        `a write was made twice in one repository: ${JSON.stringify(shape)}`,
      );
      const routes = Object.keys(shape).join(" ");
      assert.match(routes, kind.scm === "github-enterprise" ? /POST \S*\/pulls\b/ : /POST \S*\/merge_requests\b/);
      assert.match(routes, kind.scm === "github-enterprise" ? /PUT \S*\/contents\// : /POST \S*\/commits\b/);
      assert.match(routes, kind.scm === "github-enterprise" ? /PUT \S*\/actions\/secrets\// : /POST \S*\/variables\b/);

      // The outputs say the same: every repository's request, open, not seen by Semgrep yet.
      const statuses = up.outputs.ciOnboarding as Record<string, Status>;
      assert.deepEqual(Object.keys(statuses), FIRST);
      for (const [name, status] of Object.entries(statuses)) {
        assert.equal(status.state, "open", name);
        assert.equal(status.seenBySemgrep, false, name);
        assert.equal(status.number, requests.find((r) => r.repository === name)!.number, name);
      }
      s.statuses = statuses;
      s.writeShape = shape;
    },
  },
  {
    name: "a second up changes nothing and writes nothing",
    run: async ({ world, stack, transcript }) => {
      const { result, scmWrites, platformWrites } = await countWrites(world, () => stack.up());
      transcript.add(result);
      assert.deepEqual(Object.keys(stepsByOp(result.events)), ["same"]);
      assert.equal(scmWrites, 0, "SCM writes on the second up");
      assert.equal(platformWrites, 0, "Semgrep writes on the second up");
    },
  },
  {
    name: `merging ${MERGED.length} requests and their first CI run, then refresh, shows exactly those merged and seen by Semgrep`,
    run: async (s) => {
      const { world, stack, transcript, kind } = s;
      const semgrep = world.platform as unknown as SemgrepEmulator;
      for (const name of MERGED) {
        const number = s.statuses![name]!.number!;
        const [owner, repo] = name.split("/") as [string, string];
        const merged =
          kind.scm === "github-enterprise"
            ? (world.scm as unknown as GitHubEmulator).mergePullRequest(owner, repo, number)
            : (world.scm as unknown as GitLabEmulator).mergeMergeRequest(name, number);
        assert.ok(merged, `${name}#${number} was not merged`);
        semgrep.provisioning.recordCiRun({
          repository: name,
          scm: { type: kind.semgrepScmType, baseUrl: world.baseUrl! },
        });
      }
      const { result, scmWrites, platformWrites } = await countWrites(world, () => stack.refresh());
      transcript.add(result);
      assert.equal(scmWrites + platformWrites, 0, "refresh writes nothing");
      const statuses = stack.stateOutputs("RepositoryImport")?.ciOnboarding as Record<string, Status>;
      assert.deepEqual(Object.keys(statuses), FIRST);
      const onboarded = Object.keys(statuses).filter(
        (n) => statuses[n]!.state === "merged" && statuses[n]!.seenBySemgrep,
      );
      assert.deepEqual(onboarded, MERGED);
      for (const name of FIRST.filter((n) => !MERGED.includes(n))) {
        assert.equal(statuses[name]!.state, "open", name);
        assert.equal(statuses[name]!.seenBySemgrep, false, name);
      }
    },
  },
  {
    name: `up with ${ADDED} repositories added is killed (SIGKILL) with ${KILL_AFTER} or more of their requests open and one half made; none has two`,
    run: async (s) => {
      const { world, stack, transcript, kind } = s;
      s.knobs.repositories = [...FIRST, ...LATE];
      const lateOpened = () => LATE.filter((n) => requestsPerRepository(s).has(n)).length;
      const lateBranches = () =>
        LATE.filter((n) => repositoriesOf(s).some((r) => r.full_name === n && r.branches[BRANCH] !== undefined)).length;
      // Slow enough (a few requests per repository, 30 ms each) that the kill lands inside one
      // repository's work: its branch made, its request not yet, which the next up must finish.
      world.scm.settings.latencyMs = 30;
      world.scm.resetRequestStats();
      const crash = killPulumiWhen(() => lateOpened() >= KILL_AFTER && lateBranches() > lateOpened());
      let crashed = false;
      try {
        await stack.up();
      } catch (e) {
        crashed = true;
        transcript.addText(String((e as Error).message));
      } finally {
        crash.stop();
      }
      assert.ok(crashed && crash.killed().length > 0, "the up finished before the engine could be killed");
      // Let requests still in flight from the killed provider land, then look.
      await untilQuiet(world.scm);
      world.scm.settings.latencyMs = 0;
      const opened = lateOpened();
      assert.ok(opened >= KILL_AFTER && opened < ADDED, `killed mid-apply: ${opened} of ${ADDED} requests opened`);
      assert.ok(lateBranches() > opened, "no repository was left with its branch and without its request");
      const twice = [...requestsPerRepository(s)].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], "repositories with two requests after the crash");
      note(
        kind,
        `killed ${crash.killed().length} processes with ${opened} of ${ADDED} requests open (${lateBranches()} branches)`,
      );
    },
  },
  {
    name: "after pulumi cancel, the next up converges: one request per repository, each branch, commit and request made once",
    run: async (s) => {
      const { world, stack, transcript } = s;
      try {
        await stack.stack.cancel();
      } catch (e) {
        // Nothing to cancel (the lock went with the process): nothing to release.
        transcript.addText(String((e as Error).message));
      }
      const up = transcript.add(await stack.up());
      const counts = requestsPerRepository(s);
      assert.deepEqual(sorted(counts.keys()), [...FIRST, ...LATE].sort());
      assert.deepEqual(
        [...counts].filter(([, n]) => n !== 1),
        [],
        "repositories with more than one request",
      );
      // Across the killed run and this one (the write log was reset before the kill) each added
      // repository got the writes one uninterrupted up makes, once each: one branch, one commit, one
      // request, whichever run made them. The secret / variable is set again by the run that finishes
      // a repository (an idempotent write of the same value), so it is left out of the comparison.
      const writes = writesPerRepository(world);
      const withoutSecret = (w: Record<string, number>) =>
        Object.fromEntries(Object.entries(w).filter(([route]) => !/\/(actions\/secrets|variables)\b/.test(route)));
      for (const name of LATE)
        assert.deepEqual(
          withoutSecret(writes.get(name) ?? {}),
          withoutSecret(s.writeShape!),
          `${name}: the writes of the killed run and this one`,
        );
      const statuses = up.outputs.ciOnboarding as Record<string, Status>;
      assert.deepEqual(Object.keys(statuses), [...FIRST, ...LATE].sort());
      for (const name of LATE) assert.equal(statuses[name]!.state, "open", name);
      // The merged ones stay onboarded and get nothing new: still "merged", with their request's URL.
      assert.deepEqual(
        Object.keys(statuses).filter((n) => statuses[n]!.state === "merged" && statuses[n]!.seenBySemgrep),
        MERGED,
      );
      for (const name of MERGED) assert.ok(statuses[name]!.url, `${name} keeps its request's URL`);
    },
  },
  {
    name: "the preview after it plans nothing, and no token is in a request, a committed file, the output, the events or the state",
    run: async (s) => {
      const { world, stack, transcript, kind } = s;
      transcript.add(await stack.preview({ expectNoChanges: true }));
      const canaries = [kind.connectionToken, kind.ciToken, kind.semgrepAppToken, world.platformToken];
      const bodies = requestsOf(s).map((r) => r.body);
      assert.ok(
        bodies.every((b) => b.includes("SEMGREP_APP_TOKEN")),
        "the description names the secret",
      );
      assert.equal(findCanary(JSON.stringify(bodies), canaries), undefined, "a token in a request's description");
      assert.equal(findCanary(JSON.stringify(repositoriesOf(s)), canaries), undefined, "a token in a committed file");
      transcript.assertNoCanary(stack, canaries);
    },
  },
];

for (const kind of [GHES, GITLAB]) {
  test(
    `Semgrep × ${kind.scm}: ${COUNT} repositories onboarded by CI job, idempotent, refreshed, and converging after a kill`,
    () => runScenario((defer) => setUp(defer, kind), steps),
    E2E_CASE_TIMEOUT_MS,
  );
}
