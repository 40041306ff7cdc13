// The Semgrep API emulator: v1 deployments and projects, v2 projects/list, the experimental SCM config API, sync tasks and
// SCM apps, behind Bearer auth where a CI-scoped token gets 404 (as Semgrep documents) and an optional
// per-token rate limit answering 429 + Retry-After (Semgrep documents no limit: the numbers are a guess).
// Seeded and fault-injected through the EmulatorHost control API; `POST /_control/ci-scan {name, url?}`
// simulates a CI scan creating a project; `POST /_control/ci-runs {repository, scm?}` the first run of a
// repository's Semgrep CI job (routes-provision.ts, with the bulk `_provision` / `_secret` endpoints).
import { EmulatorHost } from "../host";
import { Provisioning, registerProvisionRoutes } from "./routes-provision";
import { registerScmRoutes } from "./routes-scm";
import { registerSsoRoutes } from "./routes-sso";
import { registerV1Routes, sendError } from "./routes-v1";
import { registerV2Routes } from "./routes-v2";
import { SemgrepState } from "./state";
import type { SemgrepSeed } from "./types";

export type { SemgrepSeed } from "./types";

export const DEFAULT_SEMGREP_SEED: SemgrepSeed = {
  deployment: { id: 4242, slug: "acme", name: "Acme Corp" },
  apiTokens: [
    { token: "sgp_web_api_token_default_0001", scope: "web-api" },
    { token: "sgp_ci_token_default_0001", scope: "ci" },
  ],
};

export interface SemgrepEmulator extends EmulatorHost<SemgrepSeed> {
  /** The live state, for in-process assertions and out-of-band changes (like the Snyk emulator's `.snyk`). */
  readonly semgrep: SemgrepState;
  /** Bulk CI-job provisioning records and the simulated first CI run (`recordCiRun`). */
  readonly provisioning: Provisioning;
}

export function createSemgrepEmulator(initialSeed: SemgrepSeed = DEFAULT_SEMGREP_SEED): SemgrepEmulator {
  const state = new SemgrepState();
  const provisioning = new Provisioning(state);
  const host = new EmulatorHost<SemgrepSeed>({
    name: "semgrep",
    initialSeed,
    contracts: ["semgrep-v1", "semgrep-v2"],
    // Searches Semgrep defines as POST (v2 ProjectsService list; the SCM config search).
    readOnlyRoutes: [
      "POST /api/v2/deployments/:deploymentId/projects/list",
      "POST /api/scm/deployments/:deploymentId/configs/search",
    ],
    seed: (seed) => {
      state.load(seed);
      provisioning.clear();
    },
    dump: () => ({ ...(state.dump() as object), provisioned: provisioning.dump() }),
    routes: (app) => {
      app.addHook("onRequest", async (req, reply) => {
        if (req.url.startsWith("/_control/") || req.url === "/api/v1/ping") return;
        const header = req.headers.authorization ?? "";
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
        const scope = token ? state.tokenScope(token) : undefined;
        if (!token || !scope) return sendError(reply, 401, "Invalid or missing API token");
        // A token without the Web API scope cannot even see that the route exists.
        if (scope === "ci") return sendError(reply, 404, "Not Found");
        const hit = state.rateHit(token);
        if (hit && !hit.allowed) {
          const retryAfter = Math.max(1, Math.ceil((hit.resetAtMs - state.now()) / 1000));
          reply.header("retry-after", String(retryAfter));
          return sendError(reply, 429, "Too many requests");
        }
      });
      app.post<{ Body: { name?: string; url?: string } }>("/_control/ci-scan", async (req, reply) => {
        if (!req.body?.name) return reply.code(400).send({ error: "name is required" });
        const project = state.recordCiScan(req.body.name, req.body.url);
        return { ok: true, id: project.id };
      });
      registerV1Routes(app, state);
      registerV2Routes(app, state);
      registerScmRoutes(app, state);
      registerSsoRoutes(app, state);
      registerProvisionRoutes(app, state, provisioning);
    },
  });
  state.now = () => host.clock.now();
  return Object.assign(host, { semgrep: state, provisioning });
}
