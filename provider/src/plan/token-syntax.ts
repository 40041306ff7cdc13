// Token syntax, judged locally before anything is sent: the token's kind (by prefix) versus the SCM, its
// characters and its length. Pure: no I/O; every rule cites its public source; tokens are never quoted.
import type { ScmKind } from "../core/domain.generated";
import type { SyntaxProblem } from "./input-syntax";
import { isGitHub, scmName } from "./scm-family";

/** A token prefix, the kind of token it marks, and whether that kind can authenticate the REST calls needed. */
interface TokenPrefix {
  prefix: string;
  kind: string;
  usable: boolean;
}

// GitHub token prefixes: docs.github.com "About authentication to GitHub" > "GitHub's token formats",
// and the GitHub blog "Behind GitHub's new authentication token formats" (2021-04).
const GITHUB_PREFIXES: readonly TokenPrefix[] = [
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
const GITLAB_PREFIXES: readonly TokenPrefix[] = [
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
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** Why `token` cannot be a token for `scm` (never quoting any of it), or undefined. */
export function tokenProblem(token: string, scm: ScmKind): SyntaxProblem | undefined {
  return tokenTextProblem(token, scm) ?? tokenKindProblem(token, scm);
}

/** What no token can hold: nothing, an authorization scheme, more than the cap, anything but printable ASCII. */
function tokenTextProblem(token: string, scm: ScmKind): SyntaxProblem | undefined {
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
  return undefined;
}

/** A token whose prefix or shape says it is another service's, or a kind that cannot call the API. */
function tokenKindProblem(token: string, scm: ScmKind): SyntaxProblem | undefined {
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
