// Response bodies exactly as GitLab writes them: error bodies from gitlab-org/gitlab lib/api/api_guard.rb
// and helpers.rb, entities with the fields GitLab's API docs name (https://docs.gitlab.com/api/rest/).
import { createHash } from "node:crypto";
import type { GitLabTokenSeed, GitLabUserSeed } from "./seed";
import type { GitLabState, GroupRecord, ProjectRecord } from "./state";

export const errors = {
  unauthorized: { message: "401 Unauthorized" },
  expired: {
    error: "invalid_token",
    error_description: "Token is expired. You can either do re-authorization or token refresh.",
  },
  revoked: {
    error: "invalid_token",
    error_description: "Token was revoked. You have to re-authorize from the user.",
  },
  insufficientScope: (scopes: readonly string[]) => ({
    error: "insufficient_scope",
    error_description: "The request requires higher privileges than provided by the access token.",
    scope: scopes.join(" "),
  }),
  forbidden: (reason?: string) => ({ message: reason ? `403 Forbidden - ${reason}` : "403 Forbidden" }),
  groupNotFound: { message: "404 Group Not Found" },
  namespaceNotFound: { message: "404 Namespace Not Found" },
  projectNotFound: { message: "404 Project Not Found" },
  // lib/api/branches.rb answers a missing branch with not_found!("Branch").
  branchNotFound: { message: "404 Branch Not Found" },
  notFound: { message: "404 Not found" },
  // Grape's answer for a route the instance does not have (e.g. /personal_access_tokens/self before 15.5).
  noRoute: { error: "404 Not Found" },
  // Grape's `bad_request!(reason)` form; the reason is the one in lib/api/personal_access_tokens/self_information.rb.
  notPersonalAccessToken: {
    message: "400 Bad request - This endpoint requires token type to be a personal access token",
  },
  invalidParam: (name: string) => ({ error: `${name} is invalid` }),
  // gitlab-org/gitlab lib/api/helpers/pagination_strategies.rb: error!(…, 405); its specs expect
  // json_response['error'] to be this text.
  keysetUnavailable: { error: "Keyset pagination is not yet available for this type of request" },
  apiV3Gone: { error: "API V3 is no longer supported. Use API V4 instead." },
};

/** The WWW-Authenticate header GitLab sends with invalid_token / insufficient_scope errors. */
export function wwwAuthenticate(body: { error: string; error_description: string }): string {
  return `Bearer realm="", error="${body.error}", error_description="${body.error_description}"`;
}

export function userBody(user: GitLabUserSeed, webBase: string, viewerIsAdmin: boolean) {
  return {
    id: user.id,
    username: user.username,
    name: user.name ?? user.username,
    state: user.state ?? "active",
    locked: false,
    avatar_url: null,
    web_url: `${webBase}/${user.username}`,
    created_at: "2020-01-01T00:00:00.000Z",
    bio: "",
    public_email: null,
    bot: false,
    ...(viewerIsAdmin ? { is_admin: user.isAdmin === true } : {}),
  };
}

export function tokenSelfBody(token: GitLabTokenSeed, active: boolean) {
  return {
    id: token.id,
    name: token.name ?? "token",
    revoked: token.revoked === true,
    created_at: "2024-01-01T00:00:00.000Z",
    description: null,
    scopes: token.scopes,
    user_id: token.userId,
    last_used_at: null,
    active,
    expires_at: token.expiresAt ?? null,
    last_used_ips: [],
  };
}

export function memberBody(user: GitLabUserSeed, accessLevel: number, webBase: string) {
  return {
    id: user.id,
    username: user.username,
    name: user.name ?? user.username,
    state: user.state ?? "active",
    avatar_url: null,
    web_url: `${webBase}/${user.username}`,
    access_level: accessLevel,
    created_at: "2020-01-01T00:00:00.000Z",
    expires_at: null,
    membership_state: "active",
  };
}

function namespaceBody(group: GroupRecord, webBase: string) {
  return {
    id: group.id,
    name: group.name ?? group.path,
    path: group.path,
    kind: "group",
    full_path: group.fullPath,
    parent_id: group.parentId,
    avatar_url: null,
    web_url: `${webBase}/groups/${group.fullPath}`,
  };
}

/**
 * GET /namespaces/:id for a group (api/namespaces.md "Get details on a namespace"). GitLab shows
 * `members_count_with_descendants` and, on gitlab.com, `plan` only to the group's maintainers and owners
 * (the note under "List namespaces" in GitLab 13.x's api/namespaces.md; later versions of the page no
 * longer say who sees them, UNVERIFIED whether the rule changed, so the emulator keeps the documented one).
 */
export function namespaceDetailBody(
  group: GroupRecord,
  state: GitLabState,
  webBase: string,
  view: { maintainer: boolean; plan?: string | undefined },
) {
  const projectsCount = (state.projectsByGroup.get(group.id) ?? []).length;
  return {
    ...namespaceBody(group, webBase),
    ...(view.maintainer ? { members_count_with_descendants: (group.members ?? []).length } : {}),
    billable_members_count: (group.members ?? []).length,
    ...(view.maintainer && view.plan !== undefined ? { plan: view.plan } : {}),
    end_date: null,
    trial_ends_on: null,
    trial: view.plan?.endsWith("_trial") ?? false,
    root_repository_size: 0,
    projects_count: projectsCount,
  };
}

export function groupBody(group: GroupRecord, state: GitLabState, webBase: string) {
  const chain = state.ancestorsAndSelf(group).reverse();
  return {
    id: group.id,
    web_url: `${webBase}/groups/${group.fullPath}`,
    name: group.name ?? group.path,
    path: group.path,
    description: "",
    visibility: group.visibility ?? "private",
    share_with_group_lock: false,
    require_two_factor_authentication: false,
    two_factor_grace_period: 48,
    project_creation_level: "developer",
    auto_devops_enabled: null,
    subgroup_creation_level: "maintainer",
    emails_disabled: false,
    emails_enabled: true,
    mentions_disabled: null,
    lfs_enabled: true,
    default_branch: null,
    avatar_url: null,
    request_access_enabled: true,
    full_name: chain.map((g) => g.name ?? g.path).join(" / "),
    full_path: group.fullPath,
    created_at: group.createdAt,
    parent_id: group.parentId,
    organization_id: 1,
    shared_runners_setting: "enabled",
    ldap_cn: null,
    ldap_access: null,
    marked_for_deletion_on: null,
  };
}

function forkParentBody(parent: ProjectRecord, webBase: string) {
  return {
    id: parent.id,
    name: parent.name ?? parent.path,
    name_with_namespace: `${parent.group.name ?? parent.group.path} / ${parent.name ?? parent.path}`,
    path: parent.path,
    path_with_namespace: parent.fullPath,
    created_at: parent.createdAt,
    default_branch: parent.defaultBranch === undefined ? "main" : parent.defaultBranch,
    web_url: `${webBase}/${parent.fullPath}`,
  };
}

/** `API_Entities_Project`, or its `simple=true` subset. `forked_from_project` only when the viewer can see the parent. */
export function projectBody(
  project: ProjectRecord,
  state: GitLabState,
  webBase: string,
  options: { simple: boolean; canSee: (p: ProjectRecord) => boolean },
) {
  const defaultBranch = project.defaultBranch === undefined ? "main" : project.defaultBranch;
  const topics = project.topics ?? [];
  const base = {
    id: project.id,
    description: null,
    name: project.name ?? project.path,
    name_with_namespace: `${project.group.name ?? project.group.path} / ${project.name ?? project.path}`,
    path: project.path,
    path_with_namespace: project.fullPath,
    created_at: project.createdAt,
    default_branch: defaultBranch,
    tag_list: topics,
    topics,
    ssh_url_to_repo: `git@${new URL(webBase).host}:${project.fullPath}.git`,
    http_url_to_repo: `${webBase}/${project.fullPath}.git`,
    web_url: `${webBase}/${project.fullPath}`,
    readme_url: defaultBranch ? `${webBase}/${project.fullPath}/-/blob/${defaultBranch}/README.md` : null,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: project.createdAt,
    namespace: namespaceBody(project.group, webBase),
  };
  if (options.simple) return base;
  const parent =
    project.forkedFromProjectId === undefined ? undefined : state.projects.get(project.forkedFromProjectId);
  return {
    ...base,
    visibility: project.visibility ?? "private",
    archived: project.archived === true,
    empty_repo: defaultBranch === null,
    ...(parent && options.canSee(parent) ? { forked_from_project: forkParentBody(parent, webBase) } : {}),
    shared_with_groups: (project.sharedWith ?? []).map((share) => {
      const g = state.groupsByPath.get(share.groupFullPath.toLowerCase());
      return {
        group_id: g?.id,
        group_name: g?.name ?? g?.path,
        group_full_path: g?.fullPath,
        group_access_level: share.accessLevel ?? 30,
        expires_at: null,
      };
    }),
    open_issues_count: 0,
    issues_enabled: true,
    merge_requests_enabled: true,
    creator_id: 1,
  };
}

/**
 * `API_Entities_Branch` (api/branches.md "Get single repository branch"): the head commit is a stable
 * stand-in (its id derived from project id and branch name); nothing is protected or merged.
 */
export function branchBody(project: ProjectRecord, branch: string, webBase: string, headSha?: string) {
  // The branch's head once something was committed to it (test/emulators/git-store.ts).
  const id = headSha ?? createHash("sha1").update(`${project.id}/${branch}`).digest("hex");
  const defaultBranch = project.defaultBranch === undefined ? "main" : project.defaultBranch;
  return {
    name: branch,
    commit: {
      id,
      short_id: id.slice(0, 8),
      created_at: project.createdAt,
      parent_ids: [],
      title: "Initial commit",
      message: "Initial commit",
      author_name: "Emulator",
      author_email: "emulator@example.com",
      authored_date: project.createdAt,
      committer_name: "Emulator",
      committer_email: "emulator@example.com",
      committed_date: project.createdAt,
      trailers: {},
      extended_trailers: {},
      web_url: `${webBase}/${project.fullPath}/-/commit/${id}`,
    },
    merged: false,
    protected: false,
    developers_can_push: false,
    developers_can_merge: false,
    can_push: false,
    default: branch === defaultBranch,
    web_url: `${webBase}/${project.fullPath}/-/tree/${encodeURIComponent(branch)}`,
  };
}
