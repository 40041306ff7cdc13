// The kinds of SCM token this provider tells apart, by prefix or by what the SCM reports. Defined here,
// in plan/ (pure), so the scope rules and the SCM clients (scm/types re-exports it) share one list.
export type TokenKind =
  | "github-classic-pat" // ghp_ or legacy 40-hex
  | "github-fine-grained-pat" // github_pat_
  | "github-oauth" // gho_
  | "github-app-user" // ghu_
  | "github-app-installation" // ghs_
  | "gitlab-pat" // personal / project / group access token
  | "gitlab-oauth"
  | "unknown";

/** The GitHub kinds (and "unknown"): what a GitHub token's prefix can say. */
export type GitHubTokenKind = Extract<TokenKind, `github-${string}` | "unknown">;
/** The GitLab kinds (and "unknown"). */
export type GitLabTokenKind = Extract<TokenKind, `gitlab-${string}` | "unknown">;
