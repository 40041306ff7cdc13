// What the SCM tells about an organization beyond access, read only where a platform's scanning needs it
// (Semgrep Managed Scans on GitLab.com: the group's plan, platforms/semgrep/managed-scans.ts).
import { errorMessage } from "../core/errors";
import type { ScmOrganizationFacts } from "../platforms/types";
import type { ScmClient } from "../scm/types";

/**
 * GitLab.com: the group's plan, read only where a platform's scanning asks for it. A failed read is a
 * fact of its own (planUnread), so the verdict states it instead of reading it as a free plan.
 */
export async function groupPlanFacts(client: ScmClient, organization: string): Promise<ScmOrganizationFacts> {
  if (!client.groupPlan) return {};
  try {
    const plan = await client.groupPlan(organization);
    return plan !== undefined ? { plan } : {};
  } catch (e) {
    return { planUnread: errorMessage(e) };
  }
}
