// Input syntax, judged locally before anything is sent: organization / group / repository / branch /
// platform-id syntax as each service defines it (tokens: ./token-syntax; selectors: ./selector-dead-ends).
// Pure: no I/O. Every rule cites its public source. A rule refuses only what the service itself could
// never accept, so an input that passes here may still be refused by the service (that is its call).
// Values are quoted through describeValue (escaped, never normalised); tokens are never quoted.
import { firstInvisible } from "../core/raw-text-checks";
import type { Platform, ScmKind } from "../core/domain.generated";
import { describeValue } from "../core/redact";
import { nameKey } from "./names";
import { isGitHub } from "./scm-family";
import { UUID } from "./token-syntax";

// resources/input-checks.ts takes every input rule from this module, the token and selector rules too.
export { tokenProblem } from "./token-syntax";
export { selectorDeadEnds } from "./selector-dead-ends";

export interface SyntaxProblem {
  problem: string;
  fix: string;
}

// ---- names ----------------------------------------------------------------------------------------

// GitHub login (user / organization): "may only contain alphanumeric characters or single hyphens,
// and cannot begin or end with a hyphen", at most 39 characters (GitHub's sign-up form rules).
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

// GitHub repository name: ASCII letters, digits, `.`, `-`, `_`; at most 100 characters; `.` and `..`
// are reserved (GitHub's "Create a new repository" form; REST API answers 422 otherwise).
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;

// GitLab path segment: "can contain only letters, digits, '_', '-' and '.'. Cannot start with '-',
// end in '.git' or end in '.atom'" (docs.gitlab.com "Reserved project and group names" / path rules);
// at most 255 characters; subgroups nest at most 20 levels deep (docs.gitlab.com "Subgroups").
const GITLAB_SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}$/;
const GITLAB_MAX_DEPTH = 20;

function githubLoginProblem(value: string, what: string): string | undefined {
  if (GITHUB_LOGIN.test(value)) return undefined;
  if (value.length > 39) return `${what} is ${value.length} characters long; GitHub logins have at most 39`;
  return `${what} is not a GitHub login (letters, digits and single hyphens, not starting or ending with a hyphen)`;
}

function githubRepoProblem(value: string): string | undefined {
  if (value === "." || value === "..") return "the repository name is reserved by GitHub";
  if (value.length > 100) return `the repository name is ${value.length} characters long; GitHub allows at most 100`;
  if (!GITHUB_REPO.test(value)) return "the repository name may only contain letters, digits, '.', '-' and '_'";
  // A trailing ".git" comes from a clone URL; the REST API names the repository without it.
  if (/\.git$/i.test(value)) return 'the name ends in ".git", which comes from a clone URL, not the repository name';
  return undefined;
}

function gitlabPathProblem(value: string, maxSegments: number): string | undefined {
  const segments = value.split("/");
  if (segments.length > maxSegments) return `has ${segments.length} path segments; GitLab nests at most ${maxSegments}`;
  for (const segment of segments) {
    if (segment === "") return "has an empty path segment (a leading, trailing or doubled '/')";
    if (segment === ".") return "has a '.' path segment";
    if (segment.includes("..")) return "contains '..'";
    if (segment.startsWith("-")) return "has a path segment starting with '-'";
    if (segment.length > 255) return `has a path segment of ${segment.length} characters; GitLab allows at most 255`;
    if (!GITLAB_SEGMENT.test(segment))
      return "may only contain letters, digits, '_', '-', '.' and '/' between segments";
    if (/\.(git|atom)$/i.test(segment)) return "has a path segment ending in '.git' or '.atom', which GitLab reserves";
  }
  return undefined;
}

/** Why `value` cannot be the organization (GitHub) or group full path (GitLab), or undefined. */
export function organizationProblem(value: string, scm: ScmKind): SyntaxProblem | undefined {
  if (isGitHub(scm)) {
    const why = githubLoginProblem(value, describeValue(value));
    return why
      ? { problem: why, fix: 'write the organization\'s login as in its URL, e.g. "acme" for github.com/acme' }
      : undefined;
  }
  const why = gitlabPathProblem(value, GITLAB_MAX_DEPTH);
  return why
    ? {
        problem: `${describeValue(value)} is not a GitLab group full path: it ${why}`,
        fix: 'write the group\'s full path as in its URL, e.g. "acme" or "acme/platform"',
      }
    : undefined;
}

/** Why `value` cannot be a repository full name (`owner/name`, GitLab `group/sub/name`), or undefined. */
export function repositoryProblem(value: string, scm: ScmKind): SyntaxProblem | undefined {
  if (isGitHub(scm)) {
    const slash = value.indexOf("/");
    const owner = slash < 0 ? value : value.slice(0, slash);
    const name = slash < 0 ? "" : value.slice(slash + 1);
    const fix = 'write owner/name, e.g. "acme/api"';
    if (slash < 0 || name.includes("/"))
      return { problem: `${describeValue(value)} is not owner/name (exactly one '/')`, fix };
    const why = githubLoginProblem(owner, "its owner") ?? githubRepoProblem(name);
    return why ? { problem: `${describeValue(value)} is not a GitHub repository name: ${why}`, fix } : undefined;
  }
  const fix = 'write the project\'s full path, e.g. "acme/platform/api"';
  if (!value.includes("/"))
    return { problem: `${describeValue(value)} is not a GitLab project path (group/name)`, fix };
  const why = gitlabPathProblem(value, GITLAB_MAX_DEPTH + 1);
  return why ? { problem: `${describeValue(value)} is not a GitLab project path: it ${why}`, fix } : undefined;
}

/**
 * Why `repository` is not in the connected organization / group, or undefined. An OrgConnection
 * gives the platform one organization (GitHub) or one group and its subgroups (GitLab); a token that
 * also sees other owners' repositories would otherwise import them under this connection, where no
 * reviewer of the connection expects them. Names compare case-insensitively, as both SCMs resolve them.
 */
export function outsideOrganizationProblem(
  repository: string,
  organization: string,
  scm: ScmKind,
): SyntaxProblem | undefined {
  const repo = nameKey(repository);
  const org = nameKey(organization);
  const inside = isGitHub(scm) ? repo.slice(0, repo.indexOf("/")) === org : repo.startsWith(`${org}/`);
  if (inside) return undefined;
  const where = isGitHub(scm) ? "organization" : "group";
  return {
    problem: `${describeValue(repository)} is not in the connected ${where} ${describeValue(organization)}`,
    fix: `list only repositories of ${describeValue(organization)}${isGitHub(scm) ? "" : " and its subgroups (a project shared with the group is selected with selector.includeShared)"}, or import it through an OrgConnection of its own ${where}`,
  };
}

// git-check-ref-format(1) rules for a branch name (https://git-scm.com/docs/git-check-ref-format),
// plus `git branch`'s refusal of a leading '-' (it would read as an option).
export function branchProblem(value: string): SyntaxProblem | undefined {
  const why = ((): string | undefined => {
    if (value === "") return "is empty";
    if (value.startsWith("-")) return "starts with '-'";
    if ([...value].some((c) => c <= " " || c === "\x7f")) return "contains a space or control character";
    if (/[~^:?*[\\]/.test(value)) return "contains one of ~ ^ : ? * [ \\";
    // git accepts format characters (U+200B, U+00AD, bidi controls) in ref names, but a branch written
    // with one is a look-alike of another branch, never what a user meant to type: refused like a space.
    const invisible = firstInvisible(value);
    if (invisible !== undefined) return `contains an invisible character (${invisible})`;
    if (value.includes("..")) return "contains '..'";
    if (value.includes("@{")) return "contains '@{'";
    if (value === "@") return "is '@'";
    if (value.startsWith("/") || value.endsWith("/") || value.includes("//")) return "has an empty '/' component";
    if (value.endsWith(".")) return "ends with '.'";
    if (value.split("/").some((c) => c.startsWith("."))) return "has a component starting with '.'";
    if (value.split("/").some((c) => c.endsWith(".lock"))) return "has a component ending with '.lock'";
    return undefined;
  })();
  return why
    ? {
        problem: `${describeValue(value)} is not a git branch name: it ${why} (git check-ref-format and git branch rules)`,
        fix: 'write the branch name exactly as in the repository, e.g. "main", without spaces or refs/heads/',
      }
    : undefined;
}

// Semgrep deployment: a numeric id, or a slug as in semgrep.dev/orgs/<slug>. UNVERIFIED: Semgrep's
// docs (semgrep.dev/api/v1/docs) do not state slug syntax; observed slugs are lowercase letters, digits
// and hyphens, but a slug made from a GitLab group may carry '_' or '.'. So only what could change the
// request path is refused: anything outside [A-Za-z0-9._-], '.', '..', and '..' inside.
const SEMGREP_SLUG = /^[A-Za-z0-9._-]{1,255}$/;

/** Why `value` cannot be the platform's organization id (Snyk org UUID, Semgrep id or slug), or undefined. */
export function platformOrgProblem(value: string, platform: Platform): SyntaxProblem | undefined {
  if (platform === "snyk") {
    // Snyk organization ids are UUIDs: docs.snyk.io REST API reference, `org_id` "format: uuid".
    return UUID.test(value)
      ? undefined
      : {
          problem: `${describeValue(value)} is not a Snyk organization id (a UUID)`,
          fix: "copy the organization id from Snyk: Settings > General > Organization ID",
        };
  }
  if (/^[0-9]+$/.test(value)) return undefined;
  if (SEMGREP_SLUG.test(value) && !value.includes("..") && value !== ".") return undefined;
  return {
    problem: `${describeValue(value)} is not a Semgrep deployment id or slug (letters, digits, '-', '_', '.'; no '/' or '..')`,
    fix: "write the deployment slug as in semgrep.dev/orgs/<slug>, or its numeric id",
  };
}
