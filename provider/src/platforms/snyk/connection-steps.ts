// The OrgConnection step on Snyk's side: Snyk keeps no object for "this org is connected" (the SCM-side
// proof is the resource's), so the connection id is local and only the integration must exist.
import { ScmIntegrationError } from "../../core/errors";
import type { ConnectionRequest, ConnectionState, Platform } from "../types";
import { readSnykIntegration } from "./integration-steps";
import { snykIntegrationType } from "./integration-types";
import type { SnykContext } from "./platform-context";

type ConnectionSteps = Pick<Platform, "connect" | "findConnection" | "readConnection" | "disconnect">;

export function snykConnectionSteps(context: SnykContext): ConnectionSteps {
  return {
    connect: (request) => connect(context, request),
    findConnection: async () => null, // nothing remote (see connect)
    readConnection: async (request, connectionId) =>
      (await readSnykIntegration(context, request.platformOrg, request.endpoint, request.integrationId))
        ? { connectionId }
        : null,
    // Nothing remote to remove (see connect).
    disconnect: async () => undefined,
  };
}

async function connect(context: SnykContext, request: ConnectionRequest): Promise<ConnectionState> {
  const integration = await readSnykIntegration(context, request.platformOrg, request.endpoint, request.integrationId);
  if (!integration) {
    throw new ScmIntegrationError(
      "not-found",
      `Snyk org ${request.platformOrg} has no ${snykIntegrationType(request.endpoint)} integration with id ${request.integrationId}`,
      {
        field: "integration",
        fix: "apply the Integration resource first (pulumi up), or refresh it if it was changed in Snyk",
      },
    );
  }
  return { connectionId: `${request.integrationId}:${request.organization}` };
}
