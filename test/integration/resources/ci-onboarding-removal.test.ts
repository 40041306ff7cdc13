// Onboarding by CI job, removal (onboarding.ciJob.onRemoval) through the real RepositoryImport handler
// against the in-process emulators, on GitHub Enterprise Server and on GitLab Self-Managed: with
// `closeRequest`, repositories leaving the desired list get exactly their open pull / merge requests
// closed (emulator state), a merged one is left as it is and nothing is reverted, the outputs forget
// them, and destroy closes the rest; with `leave` nothing is closed. A close the SCM refuses is never
// forgotten: the resource keeps the request, the next up (or destroy) closes it.
process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "@jest/globals";
import { setLogSink } from "../../../provider/src/core/log";
import type { Props } from "../../../provider/src/resources/handler";
import { forgetMembershipClaims } from "../../../provider/src/resources/org-connection";
import { resetProviderSettings } from "../../../provider/src/resources/provider-config";
import { forgetListings, repositoryImportHandler } from "../../../provider/src/resources/repository-import";
import type { FaultRule } from "../../emulators/host";
import type { GitHubEmulator } from "../../emulators/github/emulator";
import type { GitLabEmulator } from "../../emulators/gitlab/emulator";
import { findCanary } from "../../support/canary";
import { checked, connect } from "../../support/connect";
import { backToRealTime, runOnVirtualClock } from "../../support/provider-clock";
import { rejection } from "../../support/rejection";
import { useWorld } from "../../support/use-world";
import { startWorld, type World } from "../../support/world";

const REPOS = ["api", "docs", "infra", "web", "worker"];
const SEMGREP_APP_TOKEN = "CANARYsemgrepAppTokenForRemoval01";

type RequestState = "open" | "merged" | "closed";

/** One SCM's side of the story: its world, its requests as the emulator holds them, merging one, a refused close. */
interface Flavour {
  title: string;
  scm: "github-enterprise" | "gitlab-self-managed";
  connectionToken: string;
  ciToken: string;
  scopes: { connection: string[]; ci: string[] };
  noun: string;
  /** The onboarding branch's requests in the emulator, by repository short name. */
  requests(world: World, branch: string): Record<string, { number: number; state: RequestState }[]>;
  merge(world: World, repo: string, number: number): void;
  /** The CI configuration on the default branch (what a merge landed). */
  onDefaultBranch(world: World, repo: string): string | undefined;
  /** The close call (GitHub `pulls/update`, GitLab "Update MR") for `repo`: method and path pattern. */
  closeCall(repo: string): { method: string; pathRegex: string };
}

interface DumpedRepo {
  full_name: string;
  branches: Record<string, { files: Record<string, string> }>;
}

const byRepo = <T extends { repo: string }>(rows: T[]): Record<string, Omit<T, "repo">[]> => {
  const out: Record<string, Omit<T, "repo">[]> = {};
  for (const { repo, ...rest } of rows) (out[repo] ??= []).push(rest);
  return out;
};

// A 502 is an outage, and the clients' retries give up on it in the end; 30 answers outlast them.
const outage = (match: FaultRule["match"]): FaultRule => ({
  match,
  kind: "status",
  status: 502,
  body: { message: "Bad Gateway" },
  count: 30,
});

const FLAVOURS: Flavour[] = [
  {
    title: "Semgrep × GHES",
    scm: "github-enterprise",
    connectionToken: "ghp_CANARYciRemovalGhesConnection0001",
    ciToken: "ghp_CANARYciRemovalGhesWriter00000001",
    scopes: { connection: ["repo", "user:email"], ci: ["repo", "workflow"] },
    noun: "pull request",
    requests: (world, branch) => {
      const pulls = (world.scm as unknown as GitHubEmulator).repositoryState().pulls as {
        repository: string;
        number: number;
        head: string;
        state: string;
        merged: boolean;
      }[];
      return byRepo(
        pulls
          .filter((p) => p.head === branch)
          .map((p) => ({
            repo: p.repository.replace(/^acme\//, ""),
            number: p.number,
            state: (p.merged ? "merged" : p.state) as RequestState,
          })),
      );
    },
    merge: (world, repo, number) =>
      assert.ok((world.scm as unknown as GitHubEmulator).mergePullRequest("acme", repo, number)),
    onDefaultBranch: (world, repo) => {
      const repos = (world.scm as unknown as GitHubEmulator).repositoryState().repositories as DumpedRepo[];
      return repos.find((r) => r.full_name === `acme/${repo}`)?.branches["main"]?.files[
        ".github/workflows/semgrep.yml"
      ];
    },
    closeCall: (repo) => ({ method: "PATCH", pathRegex: `^/api/v3/repos/acme/${repo}/pulls/\\d+$` }),
  },
  {
    title: "Semgrep × GitLab Self-Managed",
    scm: "gitlab-self-managed",
    connectionToken: "glpat-CANARYciRemovalConn0001",
    ciToken: "glpat-CANARYciRemovalWrite001",
    scopes: { connection: ["api"], ci: ["api"] },
    noun: "merge request",
    requests: (world, branch) => {
      const mrs = (world.scm as unknown as GitLabEmulator).repositoryState().mergeRequests as {
        project: string;
        iid: number;
        source_branch: string;
        state: string;
      }[];
      return byRepo(
        mrs
          .filter((m) => m.source_branch === branch)
          .map((m) => ({
            repo: m.project.replace(/^acme\//, ""),
            number: m.iid,
            state: (m.state === "opened" ? "open" : m.state) as RequestState,
          })),
      );
    },
    merge: (world, repo, number) =>
      assert.ok((world.scm as unknown as GitLabEmulator).mergeMergeRequest(`acme/${repo}`, number)),
    onDefaultBranch: (world, repo) => {
      const repos = (world.scm as unknown as GitLabEmulator).repositoryState().repositories as DumpedRepo[];
      return repos.find((r) => r.full_name === `acme/${repo}`)?.branches["main"]?.files[".gitlab-ci.yml"];
    },
    closeCall: (repo) => ({ method: "PUT", pathRegex: `/projects/acme%2F${repo}/merge_requests/\\d+$` }),
  },
];

for (const flavour of FLAVOURS) {
  describe(`${flavour.title}: onRemoval of onboarding by CI job`, () => {
    const CANARIES = [flavour.connectionToken, flavour.ciToken, SEMGREP_APP_TOKEN];
    let world: World;
    let lines: string[] = [];
    let connection: Props | undefined;

    beforeAll(async () => {
      world = await startWorld({
        scm: flavour.scm,
        platform: "semgrep",
        organization: "acme",
        repositories: REPOS.map((name) => ({ name, visibility: "private" as const })),
        tokens: [
          { value: flavour.connectionToken, scopes: flavour.scopes.connection },
          { value: flavour.ciToken, scopes: flavour.scopes.ci },
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

    beforeEach(async () => {
      lines = [];
      forgetListings();
      forgetMembershipClaims();
      useWorld(world);
      world.scm.clearFaults();
      connection ??= await connect(world, flavour.connectionToken);
    });

    /** Inputs for `repos`, each test on a branch of its own (so the emulator's requests stay apart). */
    const inputsFor = (repos: string[], branch: string, onRemoval?: "leave" | "closeRequest"): Props => ({
      connection: connection!,
      repositories: repos.map((r) => `acme/${r}`),
      onboarding: {
        method: "ciJob",
        ciJob: {
          scmToken: flavour.ciToken,
          semgrepAppToken: SEMGREP_APP_TOKEN,
          branch,
          ...(onRemoval ? { onRemoval } : {}),
        },
      },
      resourceName: "ci",
    });

    /** Each repository's requests' states, by short name. */
    const states = (branch: string) =>
      Object.fromEntries(
        Object.entries(flavour.requests(world, branch)).map(([repo, rs]) => [repo, rs.map((r) => r.state)]),
      );
    /** The repositories whose request `run` sent a close call for, sorted. */
    async function closeCallsDuring(run: () => Promise<unknown>): Promise<string[]> {
      const mark = world.scm.requestStats().total;
      await run();
      const stats = world.scm.requestStats();
      const during = stats.recent.slice(stats.recent.length - (stats.total - mark));
      return REPOS.filter((repo) => {
        const call = flavour.closeCall(repo);
        return during.some(
          (r) => r.method === call.method && new RegExp(call.pathRegex).test(r.url.split("?")[0] ?? r.url),
        );
      });
    }
    const refuseClose = (repo: string) => world.scm.addFault(outage(flavour.closeCall(repo)));
    const recorded = (outs: Props) => Object.keys(outs.ciOnboarding ?? {}).sort();

    function assertNoCanary(...values: unknown[]): void {
      const found = findCanary(JSON.stringify(values) + lines.join("\n"), CANARIES);
      assert.equal(found, undefined, `a token leaked: ${JSON.stringify(found)}`);
    }

    /** Outputs as the engine stores them in plaintext: `connection` and `onboarding` are secret outputs. */
    function plaintextOf(outs: Props): Props {
      const { connection: _c, onboarding: _o, ...rest } = outs;
      return rest;
    }

    test(`closeRequest: two repositories dropped get exactly their open ${flavour.noun}s closed, a merged one is left; destroy closes the rest`, async () => {
      const branch = "t-close";
      const { id, outs } = await repositoryImportHandler.create(
        await checked(repositoryImportHandler, inputsFor(REPOS, branch, "closeRequest")),
      );
      assert.deepEqual(recorded(outs), REPOS.map((r) => `acme/${r}`).sort());
      // docs is merged after the run (its recorded state still says open: no refresh in between).
      flavour.merge(world, "docs", flavour.requests(world, branch)["docs"]![0]!.number);
      const landed = flavour.onDefaultBranch(world, "docs");
      assert.match(landed ?? "", /semgrep/);

      const kept = ["infra", "worker"];
      lines = [];
      const news = await checked(repositoryImportHandler, inputsFor(kept, branch, "closeRequest"), outs);
      assert.ok(
        lines.some((l) => l.includes(`close 3 ${flavour.noun}s no longer desired: acme/api, acme/docs, acme/web`)),
        lines.join("\n"),
      );
      assert.deepEqual(
        states(branch),
        Object.fromEntries(REPOS.map((r) => [r, [r === "docs" ? "merged" : "open"]])),
        "preview closes nothing",
      );
      // The inputs changed: the engine compares them (an empty answer), and up runs.
      assert.notDeepEqual(await repositoryImportHandler.diff(id, outs, news), { changes: false });
      let updated: { outs: Props } = { outs: {} };
      const closeCalls = await closeCallsDuring(async () => {
        updated = await repositoryImportHandler.update(id, outs, news);
      });
      assert.deepEqual(closeCalls, ["api", "web"], "no close call for the merged one");
      assert.deepEqual(states(branch), {
        api: ["closed"],
        docs: ["merged"],
        infra: ["open"],
        web: ["closed"],
        worker: ["open"],
      });
      assert.equal(flavour.onDefaultBranch(world, "docs"), landed, "the merged job is not reverted");
      assert.ok(
        lines.some((l) => /acme\/docs: .*merged; nothing to close/.test(l)),
        lines.join("\n"),
      );
      assert.deepEqual(recorded(updated.outs), ["acme/infra", "acme/worker"]);
      assert.equal((updated.outs.lastPlan as { removals: number }).removals, 2);
      assert.equal(updated.outs.failedCount, 0);

      // A second up with the same list writes nothing.
      const again = await checked(repositoryImportHandler, inputsFor(kept, branch, "closeRequest"), updated.outs);
      assert.deepEqual(await repositoryImportHandler.diff(id, updated.outs, again), { changes: false });

      await repositoryImportHandler.delete(id, updated.outs);
      assert.deepEqual(states(branch), {
        api: ["closed"],
        docs: ["merged"],
        infra: ["closed"],
        web: ["closed"],
        worker: ["closed"],
      });
      assertNoCanary(plaintextOf(outs), plaintextOf(updated.outs));
    });

    test(`leave (the default): dropped repositories and destroy close no ${flavour.noun}`, async () => {
      const branch = "t-leave";
      const repos = ["api", "web", "worker"];
      const { id, outs } = await repositoryImportHandler.create(
        await checked(repositoryImportHandler, inputsFor(repos, branch)),
      );
      lines = [];
      const news = await checked(repositoryImportHandler, inputsFor(["worker"], branch), outs);
      assert.ok(
        lines.some((l) => l.includes("2 repositories no longer desired are left as they are: acme/api, acme/web")),
        lines.join("\n"),
      );
      const updated = await repositoryImportHandler.update(id, outs, news);
      assert.deepEqual(recorded(updated.outs), ["acme/worker"]);
      assert.deepEqual(states(branch), { api: ["open"], web: ["open"], worker: ["open"] });
      await repositoryImportHandler.delete(id, updated.outs);
      assert.deepEqual(states(branch), { api: ["open"], web: ["open"], worker: ["open"] });
    });

    test(`a close the SCM refuses is kept: the up fails naming it, the next up closes it; so does destroy`, async () => {
      const branch = "t-refused";
      const repos = ["api", "web", "worker"];
      const { id, outs } = await repositoryImportHandler.create(
        await checked(repositoryImportHandler, inputsFor(repos, branch, "closeRequest")),
      );
      refuseClose("api");
      const news = await checked(repositoryImportHandler, inputsFor(["worker"], branch, "closeRequest"), outs);
      const error = await rejection(repositoryImportHandler.update(id, outs, news));
      assert.match(error.message, /acme\/api \(not closed \(#\d+\)/);
      assert.match(error.message, /run pulumi up again/);
      world.scm.clearFaults();
      assert.deepEqual(states(branch), { api: ["open"], web: ["closed"], worker: ["open"] });
      const partial = (error as unknown as { properties: Props }).properties;
      assert.deepEqual(recorded(partial), ["acme/api", "acme/worker"], "the refused close is not forgotten");
      assert.equal(
        (partial.ciOnboarding as Record<string, { state: string }>)["acme/api"]!.state,
        "open",
        "kept as it was recorded",
      );

      // The next up retries the close, and only that one.
      lines = [];
      const retry = await checked(repositoryImportHandler, inputsFor(["worker"], branch, "closeRequest"), partial);
      assert.ok(
        lines.some((l) => l.includes(`close 1 ${flavour.noun} no longer desired: acme/api`)),
        lines.join("\n"),
      );
      assert.equal((await repositoryImportHandler.diff(id, partial, retry)).changes, true);
      const retried = await repositoryImportHandler.update(id, partial, retry);
      assert.deepEqual(states(branch), { api: ["closed"], web: ["closed"], worker: ["open"] });
      assert.deepEqual(recorded(retried.outs), ["acme/worker"]);

      // Destroy refused: it fails naming the request and the fix; the next destroy closes it.
      refuseClose("worker");
      const refused = await rejection(repositoryImportHandler.delete(id, retried.outs));
      assert.match(refused.message, /1 requests? (?:was|were) not closed: acme\/worker \(#\d+\)/);
      assert.match(refused.message, /pulumi destroy again/);
      world.scm.clearFaults();
      assert.deepEqual(states(branch)["worker"], ["open"]);
      await repositoryImportHandler.delete(id, retried.outs);
      assert.deepEqual(states(branch), { api: ["closed"], web: ["closed"], worker: ["closed"] });
      assertNoCanary(error.message, refused.message, plaintextOf(partial), plaintextOf(retried.outs));
    });
  });
}
