// The contract checker (test/support/contract.ts) against the committed contracts: requests outside
// them, missing required parameters and body fields, and responses missing required fields fail with
// a message that names what is wrong; what the contracts allow passes.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { CONTRACTS_DIR, ContractChecker, formatViolation, loadContract } from "../support/contract";

const github = ContractChecker.load(["github-com"]);
const ghes = ContractChecker.load(["github-ghes"]);
const snyk = ContractChecker.load(["snyk-v1", "snyk-rest"]);
const semgrep = ContractChecker.load(["semgrep-v1", "semgrep-v2"]);
const gitlab = ContractChecker.load(["gitlab"]);

const ORG = "6f0b4c4e-0000-4000-8000-00000000a001";

function requestMessages(checker: ContractChecker, method: string, url: string, body?: unknown): string[] {
  return checker.checkRequest({ method, url, body }).violations.map(formatViolation);
}

function responseMessages(checker: ContractChecker, method: string, url: string, status: number, body?: unknown) {
  const { match, violations } = checker.checkRequest({ method, url });
  assert.deepEqual(violations.map(formatViolation), []);
  assert.ok(match, `${method} ${url} matches an operation`);
  return checker.checkResponse(match, { status, body, json: body !== undefined }).map(formatViolation);
}

/** A GitHub "rate limit overview" body as the description requires it (GET /rate_limit). */
function rateLimitOverview(): Record<string, unknown> {
  const window = { limit: 5000, remaining: 4999, reset: 1_800_000_000, used: 1 };
  return { resources: { core: { ...window }, search: { ...window } }, rate: { ...window } };
}

describe("contract checker: requests", () => {
  it("refuses an operation outside the contract, naming method and path", () => {
    assert.deepEqual(requestMessages(github, "GET", "/orgs/acme/secrets"), [
      "request GET /orgs/acme/secrets (github-com): operation-outside-contract: no operation of the contract matches GET /orgs/acme/secrets",
    ]);
    // A documented path with a method the project does not use is outside too.
    assert.match(requestMessages(github, "DELETE", "/repos/acme/app").join(), /operation-outside-contract/);
    // GHES serves the same operations under /api/v3 only.
    assert.match(requestMessages(ghes, "GET", "/user").join(), /operation-outside-contract: .*GET \/user/);
    assert.deepEqual(requestMessages(ghes, "GET", "/api/v3/user"), []);
  });

  it("refuses a missing required query parameter, naming it", () => {
    assert.deepEqual(requestMessages(snyk, "GET", `/rest/orgs/${ORG}/targets`), [
      `request GET /rest/orgs/${ORG}/targets (snyk-rest: GET /orgs/{org_id}/targets): missing-required-parameter: query parameter "version" is required`,
    ]);
    assert.deepEqual(requestMessages(snyk, "GET", `/rest/orgs/${ORG}/targets?version=2024-02-21&limit=100`), []);
  });

  it("refuses query values of the wrong type and query parameters the operation does not have", () => {
    const messages = requestMessages(github, "GET", "/orgs/acme/repos?per_page=many&token=x");
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /query-parameter: query parameter "per_page" = "many": value must be integer/);
    assert.match(messages[1]!, /unknown-query-parameter: query parameter "token" is not in the contract/);
  });

  it("refuses a body missing a required field, naming the field", () => {
    // Snyk V1 import of a GitHub repository: the description requires owner, name and branch.
    const missingBranch = requestMessages(snyk, "POST", `/v1/org/${ORG}/integrations/i-1/import`, {
      target: { owner: "acme", name: "app" },
    });
    assert.equal(missingBranch.length, 1);
    assert.match(missingBranch[0]!, /request-body: body\/target is missing required property "branch"/);
    assert.deepEqual(
      requestMessages(snyk, "POST", `/v1/org/${ORG}/integrations/i-1/import`, {
        target: { owner: "acme", name: "app", branch: "main" },
      }),
      [],
    );
    // Snyk V1 "Add new integration" requires `type`.
    assert.match(
      requestMessages(snyk, "POST", `/v1/org/${ORG}/integrations`, { credentials: { token: "t" } }).join(),
      /request-body: body is missing required property "type"/,
    );
  });

  it("refuses a missing required body, and a body where the operation takes none", () => {
    assert.match(
      requestMessages(semgrep, "POST", "/api/v2/deployments/4242/projects/list").join(),
      /missing-required-body: the operation requires a JSON request body; none was sent/,
    );
    assert.match(requestMessages(github, "GET", "/user", { x: 1 }).join(), /unexpected-body/);
    // A body that was never read (a fault answered first) is not judged.
    assert.deepEqual(
      semgrep
        .checkRequest({ method: "POST", url: "/api/v2/deployments/4242/projects/list", bodyRead: false })
        .violations.map(formatViolation),
      [],
    );
  });

  it("checks path parameters against their schemas, and HEAD as the GET it stands for", () => {
    assert.match(
      requestMessages(snyk, "GET", "/rest/orgs/org-1/targets?version=2024-02-21").join(),
      /path-parameter: path parameter "org_id" = "org-1": value must match format "uuid"/,
    );
    assert.deepEqual(requestMessages(github, "HEAD", "/repos/acme/app"), []);
  });

  it("prefers a literal path segment over a parameter, and serves a contract under a relative root", () => {
    const { match } = gitlab.checkRequest({ method: "GET", url: "/api/v4/personal_access_tokens/self" });
    assert.equal(match?.operation.path, "/personal_access_tokens/self");
    const prefixed = new ContractChecker([loadContract("gitlab")], "/gitlab");
    assert.deepEqual(
      prefixed.checkRequest({ method: "GET", url: "/gitlab/api/v4/groups/acme%2Fsub" }).violations.map(formatViolation),
      [],
    );
    assert.match(
      prefixed.checkRequest({ method: "GET", url: "/api/v4/user" }).violations.map(formatViolation).join(),
      /operation-outside-contract/,
    );
  });
});

describe("contract checker: responses", () => {
  it("refuses a response missing a required field, naming the field", () => {
    const body = rateLimitOverview();
    assert.deepEqual(responseMessages(github, "GET", "/rate_limit", 200, body), []);
    delete (body["rate"] as Record<string, unknown>)["remaining"];
    assert.deepEqual(responseMessages(github, "GET", "/rate_limit", 200, body), [
      'response GET /rate_limit (github-com: GET /rate_limit): response-body: body/rate is missing required property "remaining"',
    ]);
  });

  it("refuses a wrong type in a hand-written contract (GitLab) and a missing required field there", () => {
    const project = {
      id: 1,
      name: "app",
      name_with_namespace: "acme / app",
      path: "app",
      path_with_namespace: "acme/app",
      created_at: "2026-01-01T00:00:00Z",
      default_branch: "main",
      web_url: "https://gitlab.example.com/acme/app",
      namespace: { id: 2, name: "acme", path: "acme", kind: "group", full_path: "acme" },
    };
    assert.deepEqual(responseMessages(gitlab, "GET", "/api/v4/projects/acme%2Fapp", 200, project), []);
    assert.match(
      responseMessages(gitlab, "GET", "/api/v4/projects/1", 200, { ...project, id: "1" }).join(),
      /response-body: body\/id must be integer/,
    );
    const { path_with_namespace: _dropped, ...withoutPath } = project;
    assert.match(
      responseMessages(gitlab, "GET", "/api/v4/projects/1", 200, withoutPath).join(),
      /body is missing required property "path_with_namespace"/,
    );
  });

  it("refuses a status the contract does not document, and a JSON body that is missing", () => {
    assert.match(
      responseMessages(semgrep, "GET", "/api/v1/deployments", 418, {}).join(),
      /response-status: status 418 is not in the contract \(documented: 200\)/,
    );
    assert.match(
      responseMessages(github, "GET", "/user", 200, undefined).join(),
      /response-body: status 200 must carry a JSON body; none was sent/,
    );
  });

  it("accepts the explicit allowances (each with its reason) and bodiless statuses", () => {
    // GitHub lists 401 on few operations; the contract allows it everywhere with GitHub's error body.
    assert.deepEqual(
      responseMessages(github, "GET", "/orgs/acme/repos", 401, { message: "Bad credentials", documentation_url: "x" }),
      [],
    );
    assert.match(
      responseMessages(github, "GET", "/orgs/acme/repos", 401, { message: 401 }).join(),
      /response-body: body\/message must be string/,
    );
    const allowances = loadContract("github-com").responseAllowances ?? {};
    for (const [status, allowance] of Object.entries(allowances))
      assert.match(allowance.unverified, /https:\/\/docs\.github\.com\//, `allowance ${status} cites its source`);
    assert.deepEqual(responseMessages(github, "GET", "/orgs/acme/repos", 304), []);
    assert.deepEqual(responseMessages(semgrep, "DELETE", "/api/scm/deployments/4242/configs/7", 204), []);
  });
});

describe("committed contracts", () => {
  const files = fs.readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith(".json"));

  it("are one per API, compact, and say where they come from", () => {
    assert.equal(
      [...files].sort().join(" "),
      "github-com.json github-ghes.json gitlab.json semgrep-v1.json semgrep-v2.json snyk-rest.json snyk-v1.json",
    );
    const total = files.reduce((sum, f) => sum + fs.statSync(path.join(CONTRACTS_DIR, f)).size, 0);
    assert.ok(total < 500_000, `contracts total ${total} bytes`);
    for (const f of files) {
      const contract = JSON.parse(fs.readFileSync(path.join(CONTRACTS_DIR, f), "utf8")) as {
        source: { file: string; commit?: string; packageVersion?: string; derived?: string; written?: string };
      };
      assert.ok(contract.source.file, f);
      assert.ok(contract.source.commit ?? contract.source.packageVersion ?? contract.source.written, f);
      assert.ok(contract.source.derived ?? contract.source.written, f);
      // No prose: descriptions and examples are left out.
      assert.doesNotMatch(
        fs.readFileSync(path.join(CONTRACTS_DIR, f), "utf8"),
        /"(description|example|summary)":\s*"/,
        f,
      );
    }
  });

  it("every operation that is not in a vendor description says why it is there", () => {
    for (const f of files.filter((name) => name !== "gitlab.json")) {
      const contract = loadContract(f.replace(/\.json$/, ""));
      for (const op of contract.operations) {
        if (op.unverified !== undefined) assert.match(op.unverified, /\S{10,}/, `${f}: ${op.method} ${op.path}`);
      }
    }
    for (const op of loadContract("gitlab").operations as ({ docs?: string } & { method: string; path: string })[])
      assert.match(
        op.docs ?? "",
        /^https:\/\/docs\.gitlab\.com\//,
        `gitlab: ${op.method} ${op.path} names its doc page`,
      );
  });
});
