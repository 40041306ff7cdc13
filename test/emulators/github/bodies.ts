// Response bodies, typed with GitHub's own OpenAPI types so the compiler insists on every
// `required` field; the contract test additionally validates them against the published description.
import { createHash } from "node:crypto";
import type { components } from "@octokit/openapi-types";
import type { Org, Repository, User } from "./state";

type Schemas = components["schemas"];

/** Where the emulator lives as seen by the client: API root (with /api/v3 on GHES) and web root. */
export interface Origins {
  api: string;
  web: string;
}

export function simpleUser(user: Pick<User, "login" | "id"> & { type: string }, o: Origins): Schemas["simple-user"] {
  const api = `${o.api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("U", user.id),
    avatar_url: `${o.web}/avatars/u/${user.id}`,
    gravatar_id: "",
    url: api,
    html_url: `${o.web}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    site_admin: false,
    user_view_type: "public",
  };
}

export function privateUser(user: User, o: Origins): Schemas["private-user"] {
  return {
    ...simpleUser(user, o),
    user_view_type: "private",
    name: user.name,
    company: null,
    blog: null,
    location: null,
    email: user.email,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

export function organizationFull(org: Org, o: Origins, publicRepos: number): Schemas["organization-full"] {
  const api = `${o.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("O", org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${o.web}/avatars/o/${org.id}`,
    description: null,
    name: org.name ?? org.login,
    html_url: `${o.web}/${org.login}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: "Organization",
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
    archived_at: null,
  };
}

export function orgMembership(
  org: Org,
  user: User,
  membership: { role: "admin" | "member" | "billing_manager"; state: "active" | "pending" },
  o: Origins,
  publicRepos: number,
): Schemas["org-membership"] {
  const { login, id, node_id, url, repos_url, events_url, hooks_url, issues_url, members_url, public_members_url } =
    organizationFull(org, o, publicRepos);
  return {
    url: `${o.api}/orgs/${org.login}/memberships/${user.login}`,
    state: membership.state,
    role: membership.role,
    organization_url: `${o.api}/orgs/${org.login}`,
    organization: {
      login,
      id,
      node_id,
      url,
      repos_url,
      events_url,
      hooks_url,
      issues_url,
      members_url,
      public_members_url,
      avatar_url: `${o.web}/avatars/o/${org.id}`,
      description: null,
    },
    user: simpleUser(user, o),
  };
}

export function minimalRepository(repo: Repository, o: Origins): Schemas["minimal-repository"] {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const api = `${o.api}/repos/${fullName}`;
  return {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: fullName,
    owner: simpleUser({ login: repo.owner.login, id: repo.owner.id, type: "Organization" }, o),
    private: repo.visibility !== "public",
    html_url: `${o.web}/${fullName}`,
    description: null,
    fork: repo.fork,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${hostOf(o.web)}/${fullName}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${hostOf(o.web)}:${fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${o.web}/${fullName}.git`,
    hooks_url: `${api}/hooks`,
    homepage: null,
    language: null,
    default_branch: repo.defaultBranch,
    archived: repo.archived,
    disabled: false,
    visibility: repo.visibility,
    topics: [...repo.topics],
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    is_template: false,
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    open_issues_count: 0,
    size: 0,
    license: null,
    forks: 0,
    open_issues: 0,
    watchers: 0,
  };
}

export function fullRepository(repo: Repository, o: Origins): Schemas["full-repository"] {
  const minimal = minimalRepository(repo, o);
  const fullName = minimal.full_name;
  return {
    ...minimal,
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
    clone_url: `${o.web}/${fullName}.git`,
    git_url: `git://${hostOf(o.web)}/${fullName}.git`,
    ssh_url: `git@${hostOf(o.web)}:${fullName}.git`,
    svn_url: `${o.web}/${fullName}`,
    mirror_url: null,
    hooks_url: `${o.api}/repos/${fullName}/hooks`,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: 0,
    open_issues_count: 0,
    is_template: false,
    topics: [...repo.topics],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.visibility,
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    license: null,
    network_count: 0,
    subscribers_count: 0,
  };
}

/**
 * `branch-with-protection` (OpenAPI `repos/get-branch`): the branch's head commit is a stable
 * stand-in (its sha derived from repository id and branch name), unprotected.
 */
export function branchWithProtection(
  repo: Repository,
  branch: string,
  o: Origins,
  headSha?: string,
): Schemas["branch-with-protection"] {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const api = `${o.api}/repos/${fullName}`;
  // The branch's head once something was committed to it (test/emulators/github/git-store.ts).
  const sha = headSha ?? createHash("sha1").update(`${repo.id}/${branch}`).digest("hex");
  const path = encodeURIComponent(branch);
  const who = { name: "Emulator", email: "emulator@example.com", date: repo.createdAt };
  return {
    name: branch,
    commit: {
      url: `${api}/commits/${sha}`,
      sha,
      node_id: nodeId("C", repo.id),
      html_url: `${o.web}/${fullName}/commit/${sha}`,
      comments_url: `${api}/commits/${sha}/comments`,
      commit: {
        url: `${api}/git/commits/${sha}`,
        author: who,
        committer: who,
        message: "Initial commit",
        comment_count: 0,
        tree: { sha, url: `${api}/git/trees/${sha}` },
      },
      // No GitHub user made the stand-in commit: the description's `empty-object` alternative.
      author: {},
      committer: {},
      parents: [],
    },
    _links: { html: `${o.web}/${fullName}/tree/${path}`, self: `${api}/branches/${path}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
    protection_url: `${api}/branches/${path}/protection`,
  };
}

export function apiOverview(
  installedVersion: string | undefined,
): Schemas["api-overview"] & { installed_version?: string } {
  return {
    verifiable_password_authentication: false,
    ...(installedVersion !== undefined ? { installed_version: installedVersion } : {}),
  };
}

export function basicError(message: string, status: number, docsPath = "rest"): Schemas["basic-error"] {
  return { message, documentation_url: `https://docs.github.com/${docsPath}`, status: String(status) };
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}_${id}`).toString("base64").replace(/=+$/, "");
}

function hostOf(url: string): string {
  return new URL(url).host;
}
