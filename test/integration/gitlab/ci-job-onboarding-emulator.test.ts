// Conformance of the GitLab emulator's routes for onboarding Semgrep by CI job (issue 18), driven with
// a real Gitbeaker client on gitlab.com and on a self-managed instance: a branch, a commit creating
// .gitlab-ci.yml (start_branch), a merge request, the duplicate refused with 409, merge and close
// through the control API; a masked CI/CD variable accepted, a value GitLab cannot mask refused with
// 400. Every exchange is checked against the committed contracts (test/support/contract-guard.ts).
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { Gitlab } from "@gitbeaker/rest";
import { createGitLabEmulator, type GitLabEmulator } from "../../emulators/gitlab/emulator";
import { smallWorld, tokens } from "../../emulators/gitlab/fixtures";
import type { GitLabSeed } from "../../emulators/gitlab/seed";
import { inTestRealm, jsonBody } from "../../support/realm";

const CI_FILE = ".gitlab-ci.yml";
const JOB = "semgrep:\n  image: semgrep/semgrep\n  script: semgrep ci\n";

function seed(): GitLabSeed {
  const world = smallWorld();
  world.projects.push({
    id: 150,
    namespace: "acme",
    path: "svc",
    visibility: "private",
    members: [{ userId: 1, accessLevel: 40 }],
    files: { "README.md": "# svc\n" },
  });
  return world;
}

interface GitbeakerError {
  cause?: { response?: { status?: number }; description?: unknown };
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number | undefined; description: unknown }> {
  const error = await promise.then(
    () => assert.fail("expected GitLab to refuse"),
    (e: unknown) => e as GitbeakerError,
  );
  return { status: error.cause?.response?.status, description: error.cause?.description };
}

for (const flavour of ["gitlab.com", "self-managed"] as const) {
  describe(`GitLab emulator (${flavour}): branch, .gitlab-ci.yml commit, merge request, CI/CD variable`, () => {
    const host: GitLabEmulator = createGitLabEmulator(
      flavour === "self-managed" ? { selfManaged: { version: "17.11.2" }, pathPrefix: "/gitlab" } : {},
    );
    let web = "";
    beforeAll(async () => {
      const url = await host.start();
      web = flavour === "self-managed" ? `${url}/gitlab` : url;
    });
    afterAll(() => host.stop());
    beforeEach(() => {
      host.reset();
      host.seed(seed());
    });
    const gitlab = (token: string = tokens.aliceApi) => new Gitlab({ host: web, token });

    async function commitJob(api = gitlab()) {
      return api.Commits.create(
        "acme/svc",
        "semgrep-ci",
        "Add Semgrep CI job",
        [{ action: "create", filePath: CI_FILE, content: JOB }],
        { startBranch: "main" },
      );
    }

    it("branches: list, create (201), the same twice is 400 Branch already exists", async () => {
      const api = gitlab();
      assert.deepEqual(
        (await api.Branches.all("acme/svc")).map((b) => b.name),
        ["main"],
      );
      const created = await api.Branches.create("acme/svc", "semgrep-ci", "main");
      assert.equal(created.name, "semgrep-ci");
      const again = await refusal(api.Branches.create("acme/svc", "semgrep-ci", "main"));
      assert.equal(again.status, 400);
      assert.equal(again.description, "Branch already exists");
      assert.equal((await refusal(api.Branches.create("acme/svc", "x", "no-such-ref"))).status, 400);
      // An archived project is read-only.
      assert.equal((await refusal(api.Branches.create("acme/legacy", "x", "main"))).status, 403);
    });

    it("a commit creating .gitlab-ci.yml on a new branch from start_branch; files API reads it; 404 File Not Found elsewhere", async () => {
      const api = gitlab();
      const missing = await refusal(api.RepositoryFiles.show("acme/svc", CI_FILE, "main"));
      assert.equal(missing.status, 404);
      assert.equal(missing.description, "404 File Not Found");
      const commit = await commitJob(api);
      assert.equal(commit.title, "Add Semgrep CI job");
      const file = await api.RepositoryFiles.show("acme/svc", CI_FILE, "semgrep-ci");
      assert.equal(Buffer.from(file.content, "base64").toString("utf8"), JOB);
      assert.equal(file.commit_id, commit.id);
      assert.equal((await refusal(api.RepositoryFiles.show("acme/svc", CI_FILE, "main"))).status, 404);
      const branch = await api.Branches.show("acme/svc", "semgrep-ci");
      assert.equal(branch.commit.id, commit.id);
      // Creating a file that exists is refused; updating it works.
      const twice = await refusal(commitJob(api));
      assert.equal(twice.status, 400);
      assert.equal(twice.description, "A file with this name already exists");
      const updated = await api.Commits.create("acme/svc", "semgrep-ci", "Update", [
        { action: "update", filePath: CI_FILE, content: `${JOB}# more\n` },
      ]);
      assert.deepEqual(inTestRealm(updated.parent_ids), [commit.id]);
    });

    it("one merge request per source and target: the second is 409 with GitLab's message; merge via control lands the file", async () => {
      const api = gitlab();
      await commitJob(api);
      const mr = await api.MergeRequests.create("acme/svc", "semgrep-ci", "main", "Add Semgrep", {
        description: "CI job",
      });
      assert.equal(mr.state, "opened");
      assert.equal(mr.web_url, `${web}/acme/svc/-/merge_requests/${mr.iid}`);
      const duplicate = await refusal(api.MergeRequests.create("acme/svc", "semgrep-ci", "main", "Again"));
      assert.equal(duplicate.status, 409);
      assert.match(
        String(duplicate.description),
        new RegExp(`Another open merge request already exists for this source branch: !${mr.iid}`),
      );
      const open = await api.MergeRequests.all({ projectId: "acme/svc", sourceBranch: "semgrep-ci", state: "opened" });
      assert.deepEqual(
        open.map((m) => m.iid),
        [mr.iid],
      );

      assert.ok(host.mergeMergeRequest("acme/svc", mr.iid));
      const merged = await api.MergeRequests.show("acme/svc", mr.iid);
      assert.equal(merged.state, "merged");
      assert.ok(merged.merged_at);
      const onMain = await api.RepositoryFiles.show("acme/svc", CI_FILE, "main");
      assert.equal(Buffer.from(onMain.content, "base64").toString("utf8"), JOB);
      assert.deepEqual(await api.MergeRequests.all({ projectId: "acme/svc", state: "opened" }), []);
    });

    it("a merge request closed over HTTP control: closed, not merged; a new one may then be opened", async () => {
      const api = gitlab();
      await commitJob(api);
      const mr = await api.MergeRequests.create("acme/svc", "semgrep-ci", "main", "Add Semgrep");
      const response = await fetch(`${web.replace(/\/gitlab$/, "")}/_control/merge-requests/close`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ project: "acme/svc", iid: mr.iid }),
      });
      assert.equal(response.status, 200);
      const closed = await api.MergeRequests.show("acme/svc", mr.iid);
      assert.equal(closed.state, "closed");
      assert.equal(closed.merged_at, null);
      const reopened = await api.MergeRequests.create("acme/svc", "semgrep-ci", "main", "Again");
      assert.equal(reopened.iid, mr.iid + 1);
    });

    it("update MR: state_event close (200), reopen, retitle; a merged one stays merged on close and on reopen", async () => {
      const api = gitlab();
      await commitJob(api);
      const mr = await api.MergeRequests.create("acme/svc", "semgrep-ci", "main", "Add Semgrep");
      const closed = await api.MergeRequests.edit("acme/svc", mr.iid, { stateEvent: "close" });
      assert.equal(closed.state, "closed");
      assert.ok(closed.closed_at);
      assert.deepEqual(await api.MergeRequests.all({ projectId: "acme/svc", state: "opened" }), []);
      assert.equal((await api.MergeRequests.edit("acme/svc", mr.iid, { stateEvent: "close" })).state, "closed");

      const reopened = await api.MergeRequests.edit("acme/svc", mr.iid, { stateEvent: "reopen", title: "Semgrep CI" });
      assert.equal(reopened.state, "opened");
      assert.equal(reopened.closed_at, null);
      assert.equal((await api.MergeRequests.show("acme/svc", mr.iid)).title, "Semgrep CI");
      const described = await api.MergeRequests.edit("acme/svc", mr.iid, { description: "CI job" });
      assert.equal(described.description, "CI job");
      assert.equal(described.state, "opened");
      assert.equal((await refusal(api.MergeRequests.edit("acme/svc", 99, { stateEvent: "close" }))).status, 404);
      const target = await refusal(api.MergeRequests.edit("acme/svc", mr.iid, { targetBranch: "no-such-branch" }));
      assert.equal(target.status, 400);

      // Reopening while another is open for the same source and target is refused as create is.
      await api.MergeRequests.edit("acme/svc", mr.iid, { stateEvent: "close" });
      const second = await api.MergeRequests.create("acme/svc", "semgrep-ci", "main", "Again");
      const duplicate = await refusal(api.MergeRequests.edit("acme/svc", mr.iid, { stateEvent: "reopen" }));
      assert.equal(duplicate.status, 409);
      assert.match(String(duplicate.description), new RegExp(`already exists for this source branch: !${second.iid}`));
      await api.MergeRequests.edit("acme/svc", second.iid, { stateEvent: "close" });
      assert.equal((await api.MergeRequests.edit("acme/svc", mr.iid, { stateEvent: "reopen" })).state, "opened");

      assert.ok(host.mergeMergeRequest("acme/svc", mr.iid));
      const closeMerged = await api.MergeRequests.edit("acme/svc", mr.iid, { stateEvent: "close" });
      assert.equal(closeMerged.state, "merged");
      assert.equal((await api.MergeRequests.edit("acme/svc", mr.iid, { stateEvent: "reopen" })).state, "merged");
      assert.equal((await api.MergeRequests.show("acme/svc", mr.iid)).state, "merged");
    });

    it("a masked, protected variable is accepted (201) and updated (200); a value GitLab cannot mask is 400", async () => {
      const api = gitlab();
      const created = await api.ProjectVariables.create("acme/svc", "SEMGREP_APP_TOKEN", "sgp_abcdef0123456789", {
        masked: true,
        protected: true,
      });
      assert.equal(created.masked, true);
      assert.equal(created.protected, true);
      const edited = await api.ProjectVariables.edit("acme/svc", "SEMGREP_APP_TOKEN", "sgp_second_value_01", {
        masked: true,
        filter: { environment_scope: "*" },
      });
      assert.equal(edited.value, "sgp_second_value_01");
      const shown = await api.ProjectVariables.show("acme/svc", "SEMGREP_APP_TOKEN");
      assert.equal(shown.masked, true);

      for (const bad of ["short", "has spaces in it", "pipe|character"]) {
        const refused = await refusal(api.ProjectVariables.create("acme/svc", "OTHER", bad, { masked: true }));
        assert.equal(refused.status, 400, bad);
        assert.match(JSON.stringify(refused.description), /value.*is invalid/, bad);
      }
      const taken = await refusal(api.ProjectVariables.create("acme/svc", "SEMGREP_APP_TOKEN", "anothervalue"));
      assert.equal(taken.status, 400);
      // A developer may not manage variables.
      const developer = await refusal(gitlab().ProjectVariables.all("acme/api"));
      assert.equal(developer.status, 403);
      assert.deepEqual(inTestRealm(host.repositoryState().variables), [
        {
          project: "acme/svc",
          variables: [
            { key: "SEMGREP_APP_TOKEN", value: "sgp_second_value_01", masked: true, protected: true, hidden: false },
          ],
        },
      ]);
    });

    it("merge requests page with GitLab's offset headers (Gitbeaker reads every page)", async () => {
      const api = gitlab();
      for (const n of [1, 2, 3]) {
        await api.Commits.create(
          "acme/svc",
          `b${n}`,
          "m",
          [{ action: "create", filePath: `f${n}.txt`, content: "x" }],
          {
            startBranch: "main",
          },
        );
        await api.MergeRequests.create("acme/svc", `b${n}`, "main", `MR ${n}`);
      }
      const page = await api.MergeRequests.all({ projectId: "acme/svc", perPage: 2, maxPages: 1, showExpanded: true });
      assert.equal(page.data.length, 2);
      assert.equal(page.paginationInfo.next, 2);
      const all = await api.MergeRequests.all({ projectId: "acme/svc", perPage: 2 });
      assert.deepEqual(
        all.map((m) => m.iid),
        [3, 2, 1],
      );
    });

    it("control state shows each branch's files and the merge requests", async () => {
      const api = gitlab();
      await commitJob(api);
      await api.MergeRequests.create("acme/svc", "semgrep-ci", "main", "Add Semgrep");
      const state = await jsonBody<{
        repositories: { full_name: string; branches: Record<string, { files: Record<string, string> }> }[];
        mergeRequests: { project: string; source_branch: string; state: string }[];
      }>(await fetch(`${web.replace(/\/gitlab$/, "")}/_control/state`));
      const svc = state.repositories.find((r) => r.full_name === "acme/svc");
      assert.equal(svc?.branches["semgrep-ci"]?.files[CI_FILE], JOB);
      assert.equal(svc?.branches["main"]?.files[CI_FILE], undefined);
      assert.equal(svc?.branches["main"]?.files["README.md"], "# svc\n");
      assert.deepEqual(
        state.mergeRequests.map((m) => [m.project, m.source_branch, m.state]),
        [["acme/svc", "semgrep-ci", "opened"]],
      );
    });
  });
}
