// A GitLab group by full path and the token user's access level in it (https://docs.gitlab.com/api/groups/).
// 404 on the group means "no such group, or hidden from this user" (GitLab does not tell which);
// a visible group where the user has no membership is a different failure: no access.
import { ScmIntegrationError } from "../../core/errors";
import { safeHost } from "../../core/network-errors";
import { describeValue } from "../../core/redact";
import type { OrgAccess } from "../types";
import type { GitLabContext, GitLabGroup, GitLabMember } from "./context";
import { toScmError } from "./errors";
import { GitLabResponseError } from "./requester";

export const ACCESS_LEVEL_NAMES: Readonly<Record<number, string>> = {
  0: "none",
  5: "minimal",
  10: "guest",
  15: "planner",
  20: "reporter",
  30: "developer",
  40: "maintainer",
  50: "owner",
  60: "admin",
};

/** Guest (10) is the lowest level that shows a group's projects; minimal access (5) shows none. */
export const LOWEST_LISTING_LEVEL = 10;
/** Instance administrators see everything without membership; reported with GitLab's admin level. */
const ADMIN_LEVEL = 60;

export function accessLevelName(level: number): string {
  return ACCESS_LEVEL_NAMES[level] ?? `level ${level}`;
}

/** A group full path as the user wrote it, checked: `acme/platform`, without slashes around it. */
export function normaliseGroupPath(input: unknown, field = "organization"): string {
  if (typeof input !== "string" || input.trim() === "") {
    throw new ScmIntegrationError("invalid-input", `${describeValue(input)} is not a GitLab group path`, {
      field,
      fix: 'write the group\'s full path, e.g. "acme" or "acme/platform"',
    });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim())) {
    throw new ScmIntegrationError("invalid-input", `${describeValue(input)} is a URL, not a group path`, {
      field,
      fix: `write only the path after the host, e.g. "${
        input
          .trim()
          .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?/i, "")
          .replace(/^groups\//, "")
          .replace(/\/+$/, "") || "acme"
      }"`,
    });
  }
  const path = input.trim().replace(/^\/+|\/+$/g, "");
  if (path.includes("//") || /\s/.test(path)) {
    throw new ScmIntegrationError(
      "invalid-input",
      `${describeValue(input)} is not a GitLab group path (empty segment or whitespace)`,
      {
        field,
        fix: 'write the group\'s full path, e.g. "acme/platform"',
      },
    );
  }
  return path;
}

export async function readGroup(ctx: GitLabContext, path: string): Promise<GitLabGroup> {
  try {
    return await ctx.api.Groups.show(path, { withProjects: false });
  } catch (e) {
    if (e instanceof GitLabResponseError && e.isJson && e.status === 404) {
      throw new ScmIntegrationError(
        "not-found",
        `GitLab group "${path}" does not exist on ${safeHost(ctx.endpoint.apiUrl)}, or the token's user cannot see it`,
        {
          field: "organization",
          status: 404,
          fix: 'check the full path (parent groups included, e.g. "acme/platform") and that the token\'s user is a member',
        },
      );
    }
    throw toScmError(e, ctx.endpoint, `read group "${path}"`);
  }
}

export async function getGroupAccess(ctx: GitLabContext, organization: string): Promise<OrgAccess> {
  const path = normaliseGroupPath(organization);
  const group = await readGroup(ctx, path);
  const me = await ctx.currentUser();
  const access: OrgAccess = { organization: group.full_path, id: group.id, role: "", webUrl: group.web_url };
  let member: GitLabMember | undefined;
  try {
    member = await ctx.api.GroupMembers.show(group.id, me.id, { includeInherited: true });
  } catch (e) {
    const notMember =
      e instanceof GitLabResponseError &&
      e.isJson &&
      (e.status === 404 || (e.status === 403 && (e.body as { error?: unknown })?.error !== "insufficient_scope"));
    if (!notMember) throw toScmError(e, ctx.endpoint, `read ${me.username}'s membership of "${group.full_path}"`);
  }
  if (!member) {
    if (me.is_admin === true) return { ...access, role: "admin", accessLevel: ADMIN_LEVEL, state: "active" };
    throw new ScmIntegrationError(
      "no-access",
      `${me.username} (the token's user) is not a member of GitLab group "${group.full_path}", directly or through a parent group`,
      {
        field: "organization",
        fix: `add ${me.username} to "${group.full_path}" (reporter or higher), or use a token of a user who is a member`,
        details: { groupId: group.id },
      },
    );
  }
  if (member.access_level < LOWEST_LISTING_LEVEL) {
    throw new ScmIntegrationError(
      "no-access",
      `${me.username} has only ${accessLevelName(member.access_level)} access (${member.access_level}) to GitLab group "${group.full_path}", which shows none of its projects`,
      {
        field: "organization",
        fix: `give ${me.username} reporter access or higher to "${group.full_path}"`,
        details: { groupId: group.id },
      },
    );
  }
  return {
    ...access,
    role: accessLevelName(member.access_level),
    accessLevel: member.access_level,
    state: member.membership_state ?? "active",
  };
}
