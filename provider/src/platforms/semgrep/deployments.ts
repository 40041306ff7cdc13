// The Semgrep deployment a platformOrg names, by slug or numeric id, among those the token sees
// (`GET /api/v1/deployments`; Semgrep: exactly one).
import { ScmIntegrationError } from "../../core/errors";
import type { SemgrepClient } from "./client";
import type { SemgrepDeployment } from "./schemas";

export async function findDeployment(
  client: SemgrepClient,
  platformOrg: string,
): Promise<SemgrepDeployment | undefined> {
  const deployments = await client.listDeployments();
  return deployments.find((d) => d.id === platformOrg || d.slug === platformOrg);
}

export async function resolveDeployment(client: SemgrepClient, platformOrg: string): Promise<SemgrepDeployment> {
  const found = await findDeployment(client, platformOrg);
  if (found) return found;
  const seen = (await client.listDeployments()).map((d) => `"${d.slug}" (id ${d.id})`).join(", ");
  throw new ScmIntegrationError(
    "not-found",
    `no Semgrep deployment "${platformOrg}" is visible to this API token${seen ? `; it sees ${seen}` : ""}`,
    {
      field: "platformOrg",
      fix: "set platformOrg to the deployment's slug or numeric id (Settings > Deployment), or use a token of that deployment",
    },
  );
}
