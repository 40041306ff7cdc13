// Unit tests of the Semgrep client and its helpers, over a scripted fetch (no server): project page
// windows, cursor paging, 404 disambiguation, error mapping, task outcomes, ids and URL comparison.
import assert from "node:assert/strict";
import { describe, it } from "@jest/globals";
import fc from "fast-check";
import type { FetchLike } from "../../provider/src/core/http";
import { SemgrepClient } from "../../provider/src/platforms/semgrep/client";
import { SemgrepScmClient } from "../../provider/src/platforms/semgrep/scm-client";
import { taskOutcome } from "../../provider/src/platforms/semgrep/sync-tasks";
import { httpError, serverMessage } from "../../provider/src/platforms/semgrep/errors";
import { integrationIdFor, parseIntegrationId, sameBaseUrl } from "../../provider/src/platforms/semgrep/scm-kinds";
import type { ScmEndpoint, ScmKind } from "../../provider/src/scm/types";
import { VirtualClock } from "../support/virtual-clock";
import { scmRejection } from "../support/rejection";

const TOKEN = "sgp_unit_canary_token_5e1f";

type Handler = (
  method: string,
  url: URL,
  body: unknown,
) => { status: number; body?: unknown; headers?: Record<string, string> };

function scripted(handler: Handler): { fetch: FetchLike; calls: string[] } {
  const calls: string[] = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const url = new URL(input);
    const method = init?.method ?? "GET";
    calls.push(`${method} ${url.pathname}${url.search}`);
    // The client sends its bodies as JSON text.
    const r = handler(method, url, init?.body ? JSON.parse(init.body as string) : undefined);
    const text = r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
    return new Response(r.status === 204 ? null : text, { status: r.status, headers: r.headers });
  };
  return { fetch: fetchImpl, calls };
}

function client(fetchImpl: FetchLike, pageWindow = 3): SemgrepClient {
  return new SemgrepClient({
    token: TOKEN,
    apiUrl: "https://semgrep.test/",
    fetch: fetchImpl,
    clock: new VirtualClock(),
    pageWindow,
    rateLimit: { requestsPerMinute: 1_000_000, burst: 100_000 },
  });
}

/** The SCM API client over the same transport as `client`. */
function scmClient(fetchImpl: FetchLike): SemgrepScmClient {
  return new SemgrepScmClient(client(fetchImpl).transport);
}

const rejection = scmRejection;

const project = (id: number) => ({ id, name: `org/r${id}`, tags: [] });
const DEPLOYMENTS = { deployments: [{ id: 7, name: "Acme", slug: "acme" }] };

describe("SemgrepClient.listAllProjects", () => {
  it("reads pages from 0 in windows and stops at the first short page", async () => {
    const total = 23;
    const { fetch, calls } = scripted((_m, url) => {
      const page = Number(url.searchParams.get("page"));
      const size = Number(url.searchParams.get("page_size"));
      const ids = Array.from({ length: total }, (_, i) => i + 1).slice(page * size, (page + 1) * size);
      return { status: 200, body: { projects: ids.map(project) } };
    });
    const projects = await client(fetch).listAllProjects("acme", 5);
    assert.equal(projects.length, 23);
    assert.deepEqual(
      projects.map((p) => p.id),
      Array.from({ length: 23 }, (_, i) => String(i + 1)),
    );
    // Pages 0..5 (two windows of 3); page 4 is short, page 5 was read ahead.
    assert.deepEqual(
      calls.map((c) => new URL(`https://x${c.split(" ")[1]}`).searchParams.get("page")),
      ["0", "1", "2", "3", "4", "5"],
    );
  });

  it("property: any project count is listed exactly once whatever the page size and window", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        async (total, size, window) => {
          const { fetch } = scripted((_m, url) => {
            const page = Number(url.searchParams.get("page"));
            const ids = Array.from({ length: total }, (_, i) => i + 1).slice(page * size, (page + 1) * size);
            return { status: 200, body: { projects: ids.map(project) } };
          });
          const projects = await client(fetch, window).listAllProjects("acme", size);
          assert.equal(projects.length, total);
          assert.equal(new Set(projects.map((p) => p.id)).size, total);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a page that fails after retries throws instead of returning a short list", async () => {
    const { fetch } = scripted((_m, url) =>
      url.searchParams.get("page") === "1"
        ? { status: 500, body: { error: "boom" } }
        : { status: 200, body: { projects: [1, 2].map(project) } },
    );
    const e = await rejection(client(fetch).listAllProjects("acme", 2));
    assert.equal(e.kind, "server-error");
    assert.match(e.message, /HTTP 500 to list projects of deployment "acme" \(page 1\): boom/);
  });
});

describe("SemgrepClient v2 projects/list", () => {
  // Semgrep API v2: POST /api/v2/deployments/{deploymentId}/projects/list, body {pageSize, pageToken,
  // filter: {names (substrings), statuses}}, answer {projects, pageToken}.
  const v2Client = (fetchImpl: FetchLike) =>
    new SemgrepClient({
      token: TOKEN,
      apiUrl: "https://semgrep.test/",
      fetch: fetchImpl,
      clock: new VirtualClock(),
      rateLimit: { requestsPerMinute: 1_000_000, burst: 100_000 },
      v2PageSize: 2,
      namesPerRequest: 3,
    });

  it("batches the names, follows pageToken, keeps exact names only (case-insensitively)", async () => {
    const all = ["org/a", "org/a-old", "org/b", "org/c", "org/d", "Org/E"].map((name, i) => ({ id: i + 1, name }));
    const bodies: { pageSize: number; pageToken?: string; filter: { names: string[]; statuses: string[] } }[] = [];
    const { fetch, calls } = scripted((_m, _u, body) => {
      const b = body as (typeof bodies)[number];
      bodies.push(b);
      // Whether Semgrep matches names case-sensitively is not described: this server does not.
      const matching = all.filter((p) => b.filter.names.some((n) => p.name.toLowerCase().includes(n.toLowerCase())));
      const offset = b.pageToken ? Number(b.pageToken) : 0;
      const next = offset + b.pageSize < matching.length ? String(offset + b.pageSize) : undefined;
      return {
        status: 200,
        body: { projects: matching.slice(offset, offset + b.pageSize), ...(next ? { pageToken: next } : {}) },
      };
    });
    const found = await v2Client(fetch).findProjectsByName("7", ["org/a", "org/b", "org/c", "org/e", "org/zz"]);
    assert.deepEqual(
      [...found].map(([k, p]) => [k, p.id, p.name]),
      [
        ["org/a", "1", "org/a"],
        ["org/b", "3", "org/b"],
        ["org/c", "4", "org/c"],
        ["org/e", "6", "Org/E"],
      ],
    );
    assert.ok(calls.every((c) => c === "POST /api/v2/deployments/7/projects/list"));
    assert.deepEqual(
      bodies.map((b) => [b.filter.names, b.pageToken ?? null]),
      [
        [["org/a", "org/b", "org/c"], null],
        [["org/a", "org/b", "org/c"], "2"],
        [["org/e", "org/zz"], null],
      ],
    );
    assert.deepEqual(bodies[0]?.filter.statuses, ["PROJECT_STATUS_SETUP", "PROJECT_STATUS_NOT_SETUP"]);
    assert.equal(bodies[0]?.pageSize, 2);
  });

  it("a repeated pageToken is a protocol error, an unexpected body too", async () => {
    const { fetch } = scripted(() => ({
      status: 200,
      body: { projects: [{ id: 1, name: "o/r" }], pageToken: "same" },
    }));
    const e = await rejection(v2Client(fetch).listProjectsV2("7", {}));
    assert.equal(e.kind, "protocol");
    assert.match(e.message, /repeated the page token/);
    const bad = scripted(() => ({ status: 200, body: { projects: [{ name: "no id" }] } }));
    assert.equal((await rejection(v2Client(bad.fetch).listProjectsV2("7", {}))).kind, "protocol");
    const empty = scripted(() => ({ status: 200, body: {} }));
    assert.deepEqual(await v2Client(empty.fetch).listProjectsV2("7", {}), []);
  });
});

describe("SemgrepClient configuration errors", () => {
  // The provider's configuration keys are `scm-integrations:semgrepToken` / `semgrepApiUrl` (schema.json config).
  it("names the real config key when no token is configured", () => {
    assert.throws(
      () => new SemgrepClient({ token: "", apiUrl: "https://semgrep.test/", clock: new VirtualClock() }),
      (e: unknown) =>
        e instanceof Error &&
        (e as { field?: string }).field === "scm-integrations:semgrepToken" &&
        /pulumi config set --secret scm-integrations:semgrepToken <token>/.test((e as { fix?: string }).fix ?? ""),
    );
  });

  it("points at scm-integrations:semgrepApiUrl when the answer is not Semgrep's", async () => {
    const { fetch } = scripted(() => ({ status: 200, body: "<html>proxy</html>" }));
    const e = await rejection(client(fetch).listDeployments());
    assert.equal(e.kind, "protocol");
    assert.match(e.fix ?? "", /\(scm-integrations:semgrepApiUrl\)/);
  });
});

describe("SemgrepClient 404 handling", () => {
  it("404 on deployments = missing Web API scope", async () => {
    const { fetch } = scripted(() => ({ status: 404, body: { error: "Not Found" } }));
    const e = await rejection(client(fetch).listDeployments());
    assert.equal(e.kind, "insufficient-scope");
    assert.match(e.message, /this token lacks the Web API scope/);
    assert.equal(e.field, "scm-integrations:semgrepToken");
    assert.match(e.fix ?? "", /set it as scm-integrations:semgrepToken /);
  });

  it("404 on a project with a proven scope = the project is gone (null), with one probe", async () => {
    const { fetch, calls } = scripted((_m, url) =>
      url.pathname === "/api/v1/deployments"
        ? { status: 200, body: DEPLOYMENTS }
        : { status: 404, body: { error: "Project not found" } },
    );
    const c = client(fetch);
    assert.equal(await c.getProject("acme", "org/a b"), null);
    assert.equal(await c.getProject("acme", "org/c"), null);
    assert.deepEqual(calls, [
      "GET /api/v1/deployments/acme/projects/org%2Fa%20b",
      "GET /api/v1/deployments",
      "GET /api/v1/deployments/acme/projects/org%2Fc",
    ]);
  });

  it("404 everywhere = scope message, not 'not found'", async () => {
    const { fetch } = scripted(() => ({ status: 404 }));
    const e = await rejection(client(fetch).deleteProject("acme", "org/a"));
    assert.equal(e.kind, "insufficient-scope");
  });
});

describe("SemgrepClient paging and parsing", () => {
  it("follows the config cursor and refuses a repeated cursor", async () => {
    let n = 0;
    const { fetch } = scripted(() => {
      n++;
      return {
        status: 200,
        body: {
          configs: [{ id: String(n), type: "SCM_TYPE_GITLAB", namespace: `g${n}` }],
          cursor: n < 3 ? `c${n}` : "",
        },
      };
    });
    const configs = await scmClient(fetch).listConfigs("7");
    assert.deepEqual(
      configs.map((c) => c.id),
      ["1", "2", "3"],
    );
    const looping = scripted(() => ({
      status: 200,
      body: { configs: [{ id: "1", type: "SCM_TYPE_GITLAB", namespace: "g" }], cursor: "same" },
    }));
    const e = await rejection(scmClient(looping.fetch).searchConfigs("7", { namespace: "g" }));
    assert.equal(e.kind, "protocol");
    assert.match(e.message, /repeated the cursor/);
  });

  it("an unexpected body is a protocol error naming the field", async () => {
    const { fetch } = scripted(() => ({ status: 200, body: { deployments: [{ id: 1 }] } }));
    const e = await rejection(client(fetch).listDeployments());
    assert.equal(e.kind, "protocol");
    assert.match(e.message, /unexpected body \(deployments\.0\.slug: /);
  });

  it("sends Bearer auth, JSON bodies and never shows the token", async () => {
    const seen: Record<string, string>[] = [];
    const fetchImpl: FetchLike = async (_input, init) => {
      seen.push(init?.headers as Record<string, string>);
      return new Response(JSON.stringify({ error: `bad token ${TOKEN}` }), { status: 400 });
    };
    const e = await rejection(
      scmClient(fetchImpl).createConfig("7", {
        type: "SCM_TYPE_GITLAB",
        namespace: "g",
        baseUrl: "https://gitlab.com",
        accessToken: "glpat-abcdefghijklmnopqrst",
      }),
    );
    assert.equal(seen[0]?.authorization, `Bearer ${TOKEN}`);
    assert.equal(seen[0]?.["content-type"], "application/json");
    assert.equal(e.kind, "invalid-input");
    assert.ok(!e.message.includes(TOKEN));
    assert.match(e.message, /bad token \[REDACTED\]/);
  });
});

describe("semgrep helpers", () => {
  it("taskOutcome reads single and group results", () => {
    assert.equal(taskOutcome({ taskResult: { status: "TASK_STATUS_IN_PROGRESS" } }), undefined);
    assert.equal(taskOutcome({}), undefined);
    assert.deepEqual(taskOutcome({ taskResult: { status: "TASK_STATUS_COMPLETED", resultString: "3" } }), {
      state: "completed",
      status: "TASK_STATUS_COMPLETED",
      detail: "3",
    });
    assert.deepEqual(
      taskOutcome({
        taskGroupResult: { status: "TASK_STATUS_FAILED", taskResults: [{ resultString: "a" }, { resultString: "b" }] },
      }),
      { state: "failed", status: "TASK_STATUS_FAILED", detail: "a; b" },
    );
    assert.equal(taskOutcome({ taskResult: { status: "TASK_STATUS_TERMINATED" } })?.state, "failed");
  });

  it("serverMessage reads error/message/detail, plain text, and redacts", () => {
    assert.equal(serverMessage('{"error":"nope"}'), "nope");
    assert.equal(serverMessage('{"message":"m"}'), "m");
    assert.equal(serverMessage('{"error":{"message":"nested"}}'), "nested");
    assert.equal(serverMessage("<html>  Bad   Gateway</html>"), "<html> Bad Gateway</html>");
    assert.equal(serverMessage(""), undefined);
    assert.equal(serverMessage('{"other":1}'), undefined);
    assert.equal(serverMessage('{"error":"ghp_abcdefghijklmnopqrstuvwxyz0123"}'), "[REDACTED]");
  });

  it("httpError maps statuses to kinds", () => {
    const kinds = [400, 401, 403, 404, 409, 422, 429, 500, 503].map((s) => httpError("op", s, "").kind);
    assert.deepEqual(kinds, [
      "invalid-input",
      "bad-credentials",
      "no-access",
      "not-found",
      "conflict",
      "invalid-input",
      "rate-limited",
      "server-error",
      "server-error",
    ]);
    assert.equal(httpError("op", 401, "").field, "scm-integrations:semgrepToken");
  });

  it("property: integration ids round-trip", () => {
    const kinds: ScmKind[] = ["github", "github-enterprise", "gitlab", "gitlab-self-managed"];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.constantFrom(...kinds),
        fc.domain(),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        (deployment, scm, domain, port) => {
          const baseUrl = `https://${domain}${port ? `:${port}` : ""}`;
          const endpoint: ScmEndpoint = { scm, baseUrl, apiUrl: baseUrl, webUrl: baseUrl };
          const id = integrationIdFor(String(deployment), endpoint);
          const parsed = parseIntegrationId(id);
          assert.equal(parsed?.deploymentId, String(deployment));
          assert.equal(parsed?.scm, scm);
          assert.equal(parsed?.host, new URL(baseUrl).host.toLowerCase());
        },
      ),
    );
    assert.equal(parseIntegrationId("snyk:1:github:x"), undefined);
  });

  it("sameBaseUrl ignores host case and trailing slashes only", () => {
    assert.equal(sameBaseUrl("https://GHE.example.com/", "https://ghe.example.com"), true);
    assert.equal(sameBaseUrl("https://gitlab.example.com/gitlab", "https://gitlab.example.com/gitlab/"), true);
    assert.equal(sameBaseUrl("https://gitlab.example.com/a", "https://gitlab.example.com/b"), false);
    assert.equal(sameBaseUrl("http://ghe.example.com", "https://ghe.example.com"), false);
    assert.equal(sameBaseUrl(undefined, "https://x"), false);
  });
});
