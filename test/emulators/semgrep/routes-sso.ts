// Semgrep's sign-in (SSO) providers of the deployment: GET /api/auth/sso/deployments/{deploymentId}/providers
// (Experimental; public_v2.openapi.yaml, DeploymentSsoProvidersService_ListDeploymentSsoProviders), answering
// `ListDeploymentSsoProvidersResponse` {providers: [DeploymentSsoProvider {id, deploymentId, provider:
// SsoProvider {id, name, type, displayName, baseUrl}, enabled, sourceId, userCount}]}. Seeded with
// `SemgrepSeed.ssoProviders` (none by default); a test changes sign-in out of band by editing
// `state.seed.ssoProviders`.
import type { FastifyInstance } from "fastify";
import { sendError } from "./routes-v1";
import type { SemgrepState } from "./state";

export function registerSsoRoutes(app: FastifyInstance, state: SemgrepState): void {
  app.get<{ Params: { deploymentId: string } }>(
    "/api/auth/sso/deployments/:deploymentId/providers",
    async (req, reply) => {
      const deploymentId = String(state.seed.deployment.id);
      if (req.params.deploymentId !== deploymentId) return sendError(reply, 404, "Deployment not found");
      return {
        providers: (state.seed.ssoProviders ?? []).map((p, i) => ({
          id: p.id ?? `sso-${i + 1}`,
          deploymentId,
          provider: {
            id: p.id ?? `sso-${i + 1}`,
            name: p.name,
            type: p.type,
            displayName: p.displayName ?? p.name,
            ...(p.baseUrl !== undefined ? { baseUrl: p.baseUrl } : {}),
          },
          enabled: p.enabled ?? true,
          sourceId: String(i + 1),
          // int64 fields are strings in the description's JSON (proto3 JSON mapping).
          userCount: "1",
        })),
      };
    },
  );
}
