// Conformance of the GitHub emulator's routes for onboarding Semgrep by CI job (issue 18), driven with
// a real Octokit client on github.com and on Enterprise Server (/api/v3): branch from the default
// branch's head, the workflow file on it, a pull request, the second one refused, merge and close
// through the control API; the Actions secret sealed with libsodium against the repository's public
// key, opened by the emulator. Every exchange is checked against the committed contracts
// (test/support/contract-guard.ts).
import { afterAll, beforeAll, beforeEach, describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import { Octokit } from "@octokit/rest";
import sodium from "libsodium-wrappers";
import { createGitHubEmulator, type GitHubEmulator } from "../../emulators/github/emulator";
import { inTestRealm, jsonBody } from "../../support/realm";
import { TOKENS, baseSeed } from "./fixtures";

const WORKFLOW = ".github/workflows/semgrep.yml";
const WORKFLOW_TEXT = "name: Semgrep\non: [pull_request]\njobs:\n  semgrep:\n    runs-on: ubuntu-latest\n";
const WITH_WORKFLOW = `ghp_${"CanaryAliceWorkflow0123456789abcdef".slice(0, 36)}`;

const SEED = baseSeed([
  { owner: "acme", name: "svc", id: 20, visibility: "private", files: { "README.md": "# svc\n" } },
]);
SEED.tokens = [
  ...(SEED.tokens ?? []),
  { value: WITH_WORKFLOW, owner: "alice", kind: "classic", scopes: ["repo", "workflow"] },
];

// Octokit logs every refused request with console.error; the refusals here are the point of the tests.
const QUIET = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface HttpError {
  status: number;
  response?: { data?: { message?: string; errors?: { message?: string }[] } };
}

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => assert.fail("expected GitHub to refuse"),
    (e: unknown) => e as HttpError,
  );
  assert.equal(typeof error.status, "number");
  return error;
}

function decode(content: string): string {
  return Buffer.from(content, "base64").toString("utf8");
}

for (const flavour of ["github.com", "ghes"] as const) {
  describe(`GitHub emulator (${flavour}): branch, workflow file, pull request, Actions secret`, () => {
    const host: GitHubEmulator = createGitHubEmulator(flavour === "ghes" ? { enterprise: { version: "3.19" } } : {});
    let base = "";
    beforeAll(async () => {
      const url = await host.start();
      base = flavour === "ghes" ? `${url}/api/v3` : url;
    });
    afterAll(() => host.stop());
    beforeEach(() => {
      host.reset();
      host.seed(SEED);
    });
    const octokit = (token = WITH_WORKFLOW) =>
      new Octokit({ auth: token, baseUrl: base, request: { retries: 0 }, log: QUIET });
    const repo = { owner: "acme", repo: "svc" };

    async function branchWithWorkflow(client = octokit()): Promise<void> {
      const { data: main } = await client.rest.git.getRef({ ...repo, ref: "heads/main" });
      await client.rest.git.createRef({ ...repo, ref: "refs/heads/semgrep-ci", sha: main.object.sha });
      await client.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: WORKFLOW,
        branch: "semgrep-ci",
        message: "Add Semgrep CI",
        content: Buffer.from(WORKFLOW_TEXT).toString("base64"),
      });
    }

    it("a branch from the default branch's head; the same ref twice is 422 Reference already exists", async () => {
      const client = octokit();
      const { data: main } = await client.rest.git.getRef({ ...repo, ref: "heads/main" });
      assert.equal(main.ref, "refs/heads/main");
      const created = await client.rest.git.createRef({ ...repo, ref: "refs/heads/semgrep-ci", sha: main.object.sha });
      assert.equal(created.status, 201);
      assert.equal(created.data.object.sha, main.object.sha);
      const again = await refusal(
        client.rest.git.createRef({ ...repo, ref: "refs/heads/semgrep-ci", sha: main.object.sha }),
      );
      assert.equal(again.status, 422);
      assert.equal(again.response?.data?.message, "Reference already exists");
      const branch = await client.rest.repos.getBranch({ ...repo, branch: "semgrep-ci" });
      assert.equal(branch.data.commit.sha, main.object.sha);
      assert.equal((await refusal(client.rest.git.getRef({ ...repo, ref: "heads/absent" }))).status, 404);
    });

    it("contents: 404 when absent, created (201) on the branch, read back with its sha, updated (200) only with that sha", async () => {
      const client = octokit();
      assert.equal((await refusal(client.rest.repos.getContent({ ...repo, path: WORKFLOW }))).status, 404);
      await branchWithWorkflow(client);
      const { data } = await client.rest.repos.getContent({ ...repo, path: WORKFLOW, ref: "semgrep-ci" });
      assert.ok(!Array.isArray(data) && data.type === "file");
      assert.equal(decode(data.content), WORKFLOW_TEXT);
      // The default branch did not change.
      assert.equal((await refusal(client.rest.repos.getContent({ ...repo, path: WORKFLOW }))).status, 404);
      const readme = await client.rest.repos.getContent({ ...repo, path: "README.md" });
      assert.ok(
        !Array.isArray(readme.data) && readme.data.type === "file" && decode(readme.data.content) === "# svc\n",
      );

      const update = {
        ...repo,
        path: WORKFLOW,
        branch: "semgrep-ci",
        message: "Update",
        content: Buffer.from("x: 1\n").toString("base64"),
      };
      assert.equal((await refusal(client.rest.repos.createOrUpdateFileContents(update))).status, 422);
      const stale = await refusal(client.rest.repos.createOrUpdateFileContents({ ...update, sha: "0".repeat(40) }));
      assert.equal(stale.status, 409);
      const updated = await client.rest.repos.createOrUpdateFileContents({ ...update, sha: data.sha });
      assert.equal(updated.status, 200);
      assert.notEqual(updated.data.content?.sha, data.sha);
    });

    it("a workflow file with a classic token lacking `workflow` is refused (404), other files are not", async () => {
      const client = octokit(TOKENS.aliceClassic);
      const content = Buffer.from(WORKFLOW_TEXT).toString("base64");
      const refused = await refusal(
        client.rest.repos.createOrUpdateFileContents({ ...repo, path: WORKFLOW, message: "m", content }),
      );
      assert.equal(refused.status, 404);
      // An archived repository is read-only.
      const archived = await refusal(
        octokit().rest.repos.createOrUpdateFileContents({
          owner: "acme",
          repo: "legacy-api",
          path: "x.md",
          message: "m",
          content,
        }),
      );
      assert.equal(archived.status, 403);
      const other = await client.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "docs/x.md",
        message: "m",
        content,
      });
      assert.equal(other.status, 201);
    });

    it("one pull request per head and base; the second is 422; merge through the control API lands the file on main", async () => {
      const client = octokit();
      await branchWithWorkflow(client);
      const opened = await client.rest.pulls.create({
        ...repo,
        head: "semgrep-ci",
        base: "main",
        title: "Add Semgrep",
        body: "CI job",
      });
      assert.equal(opened.status, 201);
      assert.equal(opened.data.state, "open");
      assert.equal(opened.data.merged_at, null);
      assert.equal(opened.data.html_url, `${base.replace(/\/api\/v3$/, "")}/acme/svc/pull/${opened.data.number}`);
      const second = await refusal(
        client.rest.pulls.create({ ...repo, head: "semgrep-ci", base: "main", title: "Again" }),
      );
      assert.equal(second.status, 422);
      assert.equal(second.response?.data?.errors?.[0]?.message, "A pull request already exists for acme:semgrep-ci.");

      const listed = await client.rest.pulls.list({ ...repo, state: "open", head: "acme:semgrep-ci", base: "main" });
      assert.deepEqual(
        listed.data.map((p) => p.number),
        [opened.data.number],
      );
      assert.deepEqual((await client.rest.pulls.list({ ...repo, head: "acme:other" })).data, []);

      assert.ok(host.mergePullRequest("acme", "svc", opened.data.number));
      const merged = await client.rest.pulls.get({ ...repo, pull_number: opened.data.number });
      assert.equal(merged.data.state, "closed");
      assert.equal(merged.data.merged, true);
      assert.ok(merged.data.merged_at);
      const onMain = await client.rest.repos.getContent({ ...repo, path: WORKFLOW });
      assert.ok(
        !Array.isArray(onMain.data) && onMain.data.type === "file" && decode(onMain.data.content) === WORKFLOW_TEXT,
      );
      assert.deepEqual((await client.rest.pulls.list({ ...repo, state: "open" })).data, []);
      assert.equal((await client.rest.pulls.list({ ...repo, state: "closed" })).data.length, 1);
      assert.equal(host.mergePullRequest("acme", "svc", opened.data.number), undefined);
    });

    it("a pull request closed without merge over HTTP control: closed, merged_at null", async () => {
      const client = octokit();
      await branchWithWorkflow(client);
      const opened = await client.rest.pulls.create({
        ...repo,
        head: "semgrep-ci",
        base: "main",
        title: "Add Semgrep",
      });
      const url = base.replace(/\/api\/v3$/, "");
      const response = await fetch(`${url}/_control/pulls/close`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ owner: "acme", repo: "svc", number: opened.data.number }),
      });
      assert.equal(response.status, 200);
      const closed = await client.rest.pulls.get({ ...repo, pull_number: opened.data.number });
      assert.equal(closed.data.state, "closed");
      assert.equal(closed.data.merged_at, null);
      assert.equal(closed.data.merged, false);
      // Closed, the head and base may have a new pull request.
      assert.equal(
        (await client.rest.pulls.create({ ...repo, head: "semgrep-ci", base: "main", title: "Again" })).status,
        201,
      );
    });

    it("pulls/update: closed (200), reopened, retitled; a merged one stays merged when closed and cannot be reopened (422)", async () => {
      const client = octokit();
      await branchWithWorkflow(client);
      const { data: opened } = await client.rest.pulls.create({
        ...repo,
        head: "semgrep-ci",
        base: "main",
        title: "Add Semgrep",
      });
      const pull_number = opened.number;
      const closed = await client.rest.pulls.update({ ...repo, pull_number, state: "closed" });
      assert.equal(closed.status, 200);
      assert.equal(closed.data.state, "closed");
      assert.equal(closed.data.merged, false);
      assert.ok(closed.data.closed_at);
      assert.deepEqual((await client.rest.pulls.list({ ...repo, state: "open" })).data, []);
      // Closing it again changes nothing.
      assert.equal((await client.rest.pulls.update({ ...repo, pull_number, state: "closed" })).data.state, "closed");

      const reopened = await client.rest.pulls.update({ ...repo, pull_number, state: "open", title: "Semgrep CI" });
      assert.equal(reopened.data.state, "open");
      assert.equal(reopened.data.closed_at, null);
      assert.equal(reopened.data.title, "Semgrep CI");
      assert.equal((await client.rest.pulls.get({ ...repo, pull_number })).data.title, "Semgrep CI");
      const badBase = await refusal(client.rest.pulls.update({ ...repo, pull_number, base: "no-such-branch" }));
      assert.equal(badBase.status, 422);
      assert.equal(
        (await refusal(client.rest.pulls.update({ ...repo, pull_number: 99, state: "closed" }))).status,
        404,
      );
      // A classic token without `repo` cannot write to a private repository.
      assert.equal(
        (await refusal(octokit(TOKENS.alicePublicOnly).rest.pulls.update({ ...repo, pull_number, state: "closed" })))
          .status,
        404,
      );

      // Reopening while another is open for the same head and base is refused.
      await client.rest.pulls.update({ ...repo, pull_number, state: "closed" });
      const { data: second } = await client.rest.pulls.create({
        ...repo,
        head: "semgrep-ci",
        base: "main",
        title: "2",
      });
      const duplicate = await refusal(client.rest.pulls.update({ ...repo, pull_number, state: "open" }));
      assert.equal(duplicate.status, 422);
      assert.equal(
        duplicate.response?.data?.errors?.[0]?.message,
        "A pull request already exists for acme:semgrep-ci.",
      );
      await client.rest.pulls.update({ ...repo, pull_number: second.number, state: "closed" });
      assert.equal((await client.rest.pulls.update({ ...repo, pull_number, state: "open" })).data.state, "open");

      assert.ok(host.mergePullRequest("acme", "svc", pull_number));
      const closeMerged = await client.rest.pulls.update({ ...repo, pull_number, state: "closed" });
      assert.equal(closeMerged.status, 200);
      assert.equal(closeMerged.data.state, "closed");
      assert.equal(closeMerged.data.merged, true);
      const reopenMerged = await refusal(client.rest.pulls.update({ ...repo, pull_number, state: "open" }));
      assert.equal(reopenMerged.status, 422);
      const after = await client.rest.pulls.get({ ...repo, pull_number });
      assert.equal(after.data.state, "closed");
      assert.equal(after.data.merged, true);
    });

    it("an Actions secret sealed against the repository public key arrives in plaintext (control state); 201 then 204", async () => {
      const client = octokit();
      await sodium.ready;
      const { data: key } = await client.rest.actions.getRepoPublicKey(repo);
      assert.equal(
        sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL).length,
        sodium.crypto_box_PUBLICKEYBYTES,
      );
      const seal = (value: string) =>
        sodium.to_base64(
          sodium.crypto_box_seal(value, sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL)),
          sodium.base64_variants.ORIGINAL,
        );
      const put = (value: string) =>
        client.rest.actions.createOrUpdateRepoSecret({
          ...repo,
          secret_name: "SEMGREP_APP_TOKEN",
          encrypted_value: seal(value),
          key_id: key.key_id,
        });
      assert.equal((await put("first-value")).status, 201);
      assert.equal((await put("second-value")).status, 204);
      const { data: secret } = await client.rest.actions.getRepoSecret({ ...repo, secret_name: "SEMGREP_APP_TOKEN" });
      assert.equal(secret.name, "SEMGREP_APP_TOKEN");
      assert.ok(!JSON.stringify(secret).includes("second-value"));
      const { data: list } = await client.rest.actions.listRepoSecrets(repo);
      assert.equal(list.total_count, 1);
      assert.deepEqual(inTestRealm(host.repositoryState().secrets), [
        { repository: "acme/svc", secrets: { SEMGREP_APP_TOKEN: "second-value" } },
      ]);

      const wrongKey = await refusal(
        client.rest.actions.createOrUpdateRepoSecret({
          ...repo,
          secret_name: "X",
          encrypted_value: seal("v"),
          key_id: "1",
        }),
      );
      assert.equal(wrongKey.status, 422);
      assert.equal((await refusal(client.rest.actions.getRepoSecret({ ...repo, secret_name: "ABSENT" }))).status, 404);
    });

    it("pull requests and secrets page with Link headers (octokit.paginate reads every page)", async () => {
      const client = octokit();
      const { data: main } = await client.rest.git.getRef({ ...repo, ref: "heads/main" });
      for (const n of [1, 2, 3]) {
        await client.rest.git.createRef({ ...repo, ref: `refs/heads/b${n}`, sha: main.object.sha });
        await client.rest.repos.createOrUpdateFileContents({
          ...repo,
          path: `f${n}.txt`,
          branch: `b${n}`,
          message: "m",
          content: Buffer.from(String(n)).toString("base64"),
        });
        await client.rest.pulls.create({ ...repo, head: `b${n}`, base: "main", title: `PR ${n}` });
      }
      const first = await client.rest.pulls.list({ ...repo, per_page: 2 });
      assert.equal(first.data.length, 2);
      assert.match(first.headers.link ?? "", /rel="next"/);
      const all = await client.paginate(client.rest.pulls.list, { ...repo, per_page: 2 });
      assert.deepEqual(
        all.map((p) => p.number),
        [3, 2, 1],
      );
      await sodium.ready;
      const { data: key } = await client.rest.actions.getRepoPublicKey(repo);
      const publicKey = sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL);
      for (const name of ["A_ONE", "B_TWO", "C_THREE"]) {
        const encrypted_value = sodium.to_base64(
          sodium.crypto_box_seal(name, publicKey),
          sodium.base64_variants.ORIGINAL,
        );
        await client.rest.actions.createOrUpdateRepoSecret({
          ...repo,
          secret_name: name,
          encrypted_value,
          key_id: key.key_id,
        });
      }
      const secrets = await client.paginate(client.rest.actions.listRepoSecrets, { ...repo, per_page: 2 });
      assert.deepEqual(
        secrets.map((x) => x.name),
        ["A_ONE", "B_TWO", "C_THREE"],
      );
    });

    it("control state shows branches with their files and the pull requests", async () => {
      const client = octokit();
      await branchWithWorkflow(client);
      await client.rest.pulls.create({ ...repo, head: "semgrep-ci", base: "main", title: "Add Semgrep" });
      const url = base.replace(/\/api\/v3$/, "");
      const state = await jsonBody<{
        repositories: { full_name: string; branches: Record<string, { files: Record<string, string> }> }[];
        pulls: { repository: string; head: string; state: string }[];
      }>(await fetch(`${url}/_control/state`));
      const svc = state.repositories.find((r) => r.full_name === "acme/svc");
      assert.deepEqual(Object.keys(svc?.branches ?? {}).sort(), ["main", "semgrep-ci"]);
      assert.equal(svc?.branches["semgrep-ci"]?.files[WORKFLOW], WORKFLOW_TEXT);
      assert.equal(svc?.branches["main"]?.files[WORKFLOW], undefined);
      assert.deepEqual(
        state.pulls.map((p) => [p.repository, p.head, p.state]),
        [["acme/svc", "semgrep-ci", "open"]],
      );
    });
  });
}
