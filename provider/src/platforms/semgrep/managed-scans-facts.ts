// Reading what ./managed-scans judges: the deployment's SCM config of the organization and its SCM apps
// (GitHub only), with what the SCM told about the organization.
import type { ScmEndpoint } from "../../scm/types";
import type { ScmOrganizationFacts } from "../types";
import type { ManagedScansFacts } from "./managed-scans";
import type { SemgrepScmClient } from "./scm-client";
import { isConfigOf } from "./scm-configs";
import { SCM_TYPE_BY_KIND } from "./scm-kinds";

/** What Managed Scans need to be known about this organization (see managed-scans.ts). */
export async function managedScansFacts(
  scmClient: SemgrepScmClient,
  deploymentId: string,
  endpoint: ScmEndpoint,
  organization: string,
  scm: ScmOrganizationFacts = {},
): Promise<ManagedScansFacts> {
  const gitHub = endpoint.scm === "github" || endpoint.scm === "github-enterprise";
  // The config is read with the GET list, not the POST search: a preview with nothing to change sends
  // no POST at all.
  const [configs, apps] = gitHub
    ? await Promise.all([scmClient.listConfigs(deploymentId), scmClient.listScmApps(deploymentId)])
    : [[], []];
  const config = configs.find((c) => isConfigOf(c, endpoint, organization));
  return {
    scm: endpoint.scm,
    type: SCM_TYPE_BY_KIND[endpoint.scm],
    baseUrl: endpoint.baseUrl,
    organization,
    config,
    apps,
    accessLevel: scm.accessLevel,
    role: scm.role,
    plan: scm.plan,
    planUnread: scm.planUnread,
  };
}
