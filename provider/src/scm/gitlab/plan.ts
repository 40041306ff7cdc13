// The GitLab.com subscription plan of a group, as GET /namespaces/:id reports it
// (https://docs.gitlab.com/api/namespaces/#get-details-on-a-namespace): what Semgrep's Managed Scans
// need to know on GitLab.com (Premium or Ultimate). GitLab shows `plan` to the group's maintainers and
// owners only, so "not shown" is an answer of its own (undefined), not a failure; a subgroup reports
// its top-level group's plan (UNVERIFIED: GitLab's docs do not say which namespace's plan a subgroup
// shows; GitLab's Namespace#actual_plan_name reads the root's).
import { z } from "zod";
import type { GitLabContext } from "./context";
import { toScmError } from "./errors";
import { normaliseGroupPath } from "./groups";
import { GitLabResponseError } from "./requester";

const namespacePlanSchema = z.object({ plan: z.string().optional() }).passthrough();

export async function readGroupPlan(ctx: GitLabContext, organization: string): Promise<string | undefined> {
  const path = normaliseGroupPath(organization);
  let body: unknown;
  try {
    body = await ctx.api.Namespaces.show(path);
  } catch (e) {
    // 404: hidden or gone (the membership check reports that one); 403: not shown to this user.
    if (e instanceof GitLabResponseError && e.isJson && (e.status === 404 || e.status === 403)) return undefined;
    throw toScmError(e, ctx.endpoint, `read the plan of GitLab group "${path}"`);
  }
  const parsed = namespacePlanSchema.safeParse(body);
  const plan = parsed.success ? parsed.data.plan?.trim() : undefined;
  return plan ? plan : undefined;
}
