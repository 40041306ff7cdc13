// Input syntax, judged locally before anything is sent: token kind versus SCM, token characters and
// length, organization / group / repository / branch / platform-id syntax as each service defines it.
// Pure: no I/O. Every rule cites its public source. A rule refuses only what the service itself could
// never accept, so an input that passes here may still be refused by the service (that is its call).
// Values are quoted through describeValue (escaped, never normalised); tokens are never quoted.
import picomatch from "picomatch";
import { firstInvisible } from "../core/destination";
import type { Platform, ScmKind } from "../core/domain.generated";
import { describeValue } from "../core/redact";
import { nameKey } from "./names";

export interface SyntaxProblem {
  problem: string;
  fix: string;
}

// ---- tokens ---------------------------------------------------------------------------------------

// GitHub token prefixes: docs.github.com "About authentication to GitHub" > "GitHub's token formats",
// and the GitHub blog "Behind GitHub's new authentication token formats" (2021-04).
const GITHUB_PREFIXES: readonly { prefix: string; kind: string; usable: boolean }[] = [
  { prefix: "github_pat_", kind: "GitHub fine-grained personal access token", usable: true },
  { prefix: "ghp_", kind: "GitHub personal access token (classic)", usable: true },
  { prefix: "gho_", kind: "GitHub OAuth access token", usable: true },
  { prefix: "ghu_", kind: "GitHub user-to-server token", usable: true },
  { prefix: "ghs_", kind: "GitHub server-to-server (installation) token", usable: true },
  // A refresh token only buys a new user-to-server token; it cannot authenticate an API request
  // (docs.github.com "Refreshing user access tokens").
  { prefix: "ghr_", kind: "GitHub refresh token", usable: false },
];

// GitLab token prefixes: docs.gitlab.com "Token overview" > "Token prefixes". Only tokens that
// authenticate REST API calls as a user, group or project are usable here.
const GITLAB_PREFIXES: readonly { prefix: string; kind: string; usable: boolean }[] = [
  { prefix: "glpat-", kind: "GitLab personal, project or group access token", usable: true },
  { prefix: "gloas-", kind: "GitLab OAuth application secret", usable: false },
  { prefix: "gldt-", kind: "GitLab deploy token", usable: false },
  { prefix: "glrtr-", kind: "GitLab runner registration token", usable: false },
  { prefix: "glrt-", kind: "GitLab runner authentication token", usable: false },
  { prefix: "glcbt-", kind: "GitLab CI/CD job token", usable: false },
  { prefix: "glptt-", kind: "GitLab pipeline trigger token", usable: false },
  { prefix: "glft-", kind: "GitLab feed token", usable: false },
  { prefix: "glimt-", kind: "GitLab incoming mail token", usable: false },
  { prefix: "glagent-", kind: "GitLab agent for Kubernetes token", usable: false },
  { prefix: "glsoat-", kind: "GitLab SCIM OAuth token", usable: false },
  { prefix: "glffct-", kind: "GitLab feature flags client token", usable: false },
];

// Snyk API tokens (Account settings > Auth Token, service accounts) are UUIDs: docs.snyk.io
// "Authentication for API" shows the key as a UUID. No SCM issues UUID-shaped tokens.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Semgrep API tokens start with `sgp_`. UNVERIFIED: seen in Semgrep's UI and third-party tooling, not
// stated in Semgrep's docs; no SCM issues tokens with that prefix, so refusing it loses nothing.
const SEMGREP_TOKEN_PREFIX = "sgp_";

// RFC 6750 §2.1 / RFC 7617: an Authorization header value starts with a scheme and a space; GitHub
// documents `token` as its legacy scheme. A pasted header value is one of these plus the token.
const SCHEME_PREFIX = /^(bearer|token|basic)(?:\s|$)/i;

// The cap: GitHub tells integrators to "plan to support tokens up to 255 characters" (GitHub changelog
// 2021-03-04 "Authentication token format updates"); GitLab's are shorter. 1024 leaves room for new
// formats while staying far below the 8 KiB header limits at which servers answer 431 instead of 401.
export const MAX_TOKEN_LENGTH = 1024;

const isGitHub = (scm: ScmKind) => scm === "github" || scm === "github-enterprise";
const scmName = (scm: ScmKind) =>
  ({
    github: "GitHub",
    "github-enterprise": "GitHub Enterprise Server",
    gitlab: "GitLab.com",
    "gitlab-self-managed": "GitLab Self-Managed",
  })[scm];

/** Why `token` cannot be a token for `scm` (never quoting any of it), or undefined. */
export function tokenProblem(token: string, scm: ScmKind): SyntaxProblem | undefined {
  if (token.length === 0) return { problem: "is empty", fix: `set token to a ${scmName(scm)} access token` };
  const scheme = SCHEME_PREFIX.exec(token)?.[1];
  if (scheme) {
    return {
      problem: `starts with the HTTP authorization scheme "${scheme}"`,
      fix: `drop the "${scheme} " prefix and set only the token itself; the provider adds the scheme`,
    };
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    return {
      problem: `is ${token.length} characters long, more than any ${scmName(scm)} token (limit ${MAX_TOKEN_LENGTH})`,
      fix: "set the token alone, not a file or a header block",
    };
  }
  // RFC 6750 §2.1 b64token / RFC 9110 token68: printable ASCII, no whitespace or control characters.
  const bad = [...token].findIndex((c) => c < "\x21" || c > "\x7e");
  if (bad >= 0) {
    const cp = token.codePointAt(bad)!;
    const what =
      cp === 0x0a || cp === 0x0d
        ? "a line break"
        : cp === 0
          ? "a NUL character"
          : cp < 0x20 || cp === 0x7f
            ? "a control character"
            : cp === 0x20 || /\s/u.test(String.fromCodePoint(cp))
              ? "whitespace"
              : "a non-ASCII character";
    return {
      problem: `contains ${what} at position ${bad + 1}; tokens are printable ASCII only`,
      fix: "copy the token again without surrounding spaces or line breaks",
    };
  }
  if (UUID.test(token)) {
    return {
      problem: "looks like a Snyk API key (a UUID), not an SCM token",
      fix: `set token to a ${scmName(scm)} access token; the Snyk key belongs in the scm-integrations:snykToken config`,
    };
  }
  if (token.startsWith(SEMGREP_TOKEN_PREFIX)) {
    return {
      problem: "looks like a Semgrep API token (sgp_ prefix), not an SCM token",
      fix: `set token to a ${scmName(scm)} access token; the Semgrep token belongs in the scm-integrations:semgrepToken config`,
    };
  }
  const gh = GITHUB_PREFIXES.find((p) => token.startsWith(p.prefix));
  const gl = GITLAB_PREFIXES.find((p) => token.startsWith(p.prefix));
  if (isGitHub(scm)) {
    if (gl) {
      return {
        problem: `looks like a ${gl.kind} (${gl.prefix} prefix), given for ${scmName(scm)}`,
        fix: `set token to a ${scmName(scm)} token (ghp_ or github_pat_), or set scm to gitlab / gitlab-self-managed`,
      };
    }
    if (gh && !gh.usable) {
      return {
        problem: `looks like a ${gh.kind} (${gh.prefix} prefix), which cannot authenticate API requests`,
        fix: "set token to a personal access token (ghp_ or github_pat_) or an installation token (ghs_)",
      };
    }
    // Unprefixed 40-hex tokens predate the formats and still work (GHES), so no prefix is required.
    return undefined;
  }
  if (gh) {
    return {
      problem: `looks like a ${gh.kind} (${gh.prefix} prefix), given for ${scmName(scm)}`,
      fix: `set token to a ${scmName(scm)} access token (glpat-), or set scm to github / github-enterprise`,
    };
  }
  if (gl && !gl.usable) {
    return {
      problem: `looks like a ${gl.kind} (${gl.prefix} prefix), which cannot authenticate the REST API calls needed`,
      fix: "set token to a personal, group or project access token (glpat-)",
    };
  }
  // An unknown prefix is not refused: GitLab Self-Managed lets administrators set a custom PAT prefix
  // or an instance prefix (`acme-glpat-…`; docs.gitlab.com "Account and limit settings" > "Instance
  // token prefix"), and OAuth access tokens carry none.
  return undefined;
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
  // A trailing ".git" comes from a clone URL (plan/desired validateRepositoryNames refuses it too); the
  // REST API names the repository without it.
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

// ---- selectors that can never match -----------------------------------------------------------------

export interface SelectorDeadEnd {
  field: string;
  problem: string;
  fix: string;
}

// Names no one would write on purpose, in every shape a repository name takes (GitHub owner/name,
// GitLab group/sub/name): a glob that matches all of them matches everything.
const PROBE_NAMES = ["Zq9", "zz-probe.x_1", ".Dot-probe", "p/q/Zq9-deep"];
const FILLS = ["Zq9", "zz-probe.x_1", ".Dot-probe"];

function matcher(glob: string): (name: string) => boolean {
  try {
    const test = picomatch(glob, { nocase: true, dot: true });
    return (name) => test(name);
  } catch {
    return () => false; // an unreadable glob is reported by validateSelector
  }
}

/** Concrete names a glob matches: its wildcards filled with probe text. */
function instancesOf(glob: string): string[] {
  return FILLS.map((fill) =>
    glob
      .split("**")
      .map((part) => part.replace(/\*/g, fill).replace(/\?/g, "Z"))
      .join(`p/${fill}`),
  );
}

/**
 * Whether `glob` can match a repository of `organization` at all: every repository's full name starts
 * with the organization's segments (GitHub: the owner; GitLab: the group's full path), and `*` does not
 * cross a '/', so the glob's leading segments must match those segments one by one (`**` can match anything).
 */
function canMatchInside(glob: string, organization: string): boolean {
  const globSegments = glob.split("/");
  const orgSegments = organization.split("/");
  for (let i = 0; i < orgSegments.length; i++) {
    const segment = globSegments[i];
    if (segment === undefined) return false;
    if (segment.includes("**")) return true;
    if (!matcher(segment)(orgSegments[i]!)) return false;
  }
  return true;
}

/**
 * Parts of a selector that can never select anything: an exclude that matches every repository, an
 * include that an exclude always overrides, and (GitHub) an include for another owner than the
 * organization. Refused rather than warned: a selector that selects nothing plans the removal of
 * every import, and refusing loses nothing (the fix is one edit).
 */
export function selectorDeadEnds(
  selector: { include?: unknown; exclude?: unknown; includeShared?: unknown },
  scm: ScmKind,
  organization: string,
): SelectorDeadEnd[] {
  const out: SelectorDeadEnd[] = [];
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const excludes = list(selector.exclude).filter((g): g is string => typeof g === "string");
  const excludeMatchers = excludes.map(matcher);
  // GitHub names are exactly owner/name; GitLab's may nest.
  const probes = PROBE_NAMES.filter((name) => !isGitHub(scm) || !name.includes("/")).map(
    (name) => `${organization}/${name}`,
  );
  excludes.forEach((glob, index) => {
    if (probes.every((p) => excludeMatchers[index]!(p))) {
      out.push({
        field: `selector.exclude[${index}]`,
        problem: `${describeValue(glob)} excludes every repository, so the selector can never match`,
        fix: 'narrow the exclude (e.g. "acme/legacy-*"), or remove the selector and list repositories',
      });
    }
  });
  if (out.length > 0) return out;
  list(selector.include).forEach((glob, index) => {
    if (typeof glob !== "string" || glob.trim() === "") return;
    // An exclude spelled like the include is validateSelector's (overlap) finding already.
    if (excludes.some((e) => e.toLowerCase() === glob.toLowerCase())) return;
    // GitLab lists projects shared with the group from other namespaces too, when includeShared asks.
    const shared = !isGitHub(scm) && selector.includeShared === true;
    if (glob.includes("/") && !shared && !canMatchInside(glob, organization)) {
      out.push({
        field: `selector.include[${index}]`,
        problem: `${describeValue(glob)} names another ${isGitHub(scm) ? "owner than the organization" : "group than"} ${describeValue(organization)}, so it can never match`,
        fix: `start the glob with the ${isGitHub(scm) ? "organization" : "group's full path"}, e.g. "${organization}/*"`,
      });
      return;
    }
    const instances = instancesOf(glob).filter((name) => matcher(glob)(name));
    const shadow = excludes.findIndex((_, i) => instances.length > 0 && instances.every((n) => excludeMatchers[i]!(n)));
    if (shadow >= 0) {
      out.push({
        field: `selector.include[${index}]`,
        problem: `${describeValue(glob)} is always overridden by selector.exclude[${shadow}] ${describeValue(excludes[shadow])}, so it can never match`,
        fix: "remove the include, or narrow the exclude",
      });
    }
  });
  return out;
}
