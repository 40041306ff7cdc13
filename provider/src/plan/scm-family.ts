// The two SCM families the input rules tell apart (GitHub: github.com and GHES; GitLab: GitLab.com and
// Self-Managed), and each kind's name as messages show it.
import type { ScmKind } from "../core/domain.generated";

export const isGitHub = (scm: ScmKind) => scm === "github" || scm === "github-enterprise";
export const scmName = (scm: ScmKind) =>
  ({
    github: "GitHub",
    "github-enterprise": "GitHub Enterprise Server",
    gitlab: "GitLab.com",
    "gitlab-self-managed": "GitLab Self-Managed",
  })[scm];
