// Semgrep connected to two self-hosted SCMs, GitHub Enterprise Server and GitLab Self-Managed. Each
// OrgConnection is a Semgrep SCM connection whose token Semgrep checks itself (`checkStatus`); each
// RepositoryImport onboards repositories by turning Semgrep Managed Scans on for them. New
// repositories are not scanned automatically (`autoScan: false`): the RepositoryImport decides.
//
// Settings (see README.md): `semgrepDeployment`, `ghesUrl`, `ghesOrg`, `gitlabUrl`, `gitlabGroup`,
// the secrets `ghesToken` and `gitlabToken`, and the Semgrep API token as the provider's secret
// `scm-integrations:semgrepToken`.
import * as pulumi from "@pulumi/pulumi";
import * as scm from "pulumi-scm-integrations";

export = async () => {
  const config = new pulumi.Config();
  const deployment = config.require("semgrepDeployment");
  const ghesOrg = config.require("ghesOrg");
  const gitlabGroup = config.require("gitlabGroup");

  // snippet:start semgrep
  const ghes = new scm.Integration("ghes", {
    platform: "semgrep",
    platformOrg: deployment,
    scm: "github-enterprise",
    baseUrl: config.require("ghesUrl"),
    token: config.requireSecret("ghesToken"),
  });
  const ghesConnection = new scm.OrgConnection("ghes-org", {
    integration: ghes,
    organization: ghesOrg,
    pullRequestComments: true,
    autoScan: false,
  });
  const ghesRepositories = new scm.RepositoryImport("ghes-repositories", {
    connection: ghesConnection,
    selector: { include: [`${ghesOrg}/*`] },
    // Removing a repository stops its scans and keeps its findings.
    deleteFindings: false,
  });
  // snippet:end semgrep

  const gitlab = new scm.Integration("gitlab", {
    platform: "semgrep",
    platformOrg: deployment,
    scm: "gitlab-self-managed",
    baseUrl: config.require("gitlabUrl"),
    token: config.requireSecret("gitlabToken"),
  });
  const gitlabConnection = new scm.OrgConnection("gitlab-group", {
    integration: gitlab,
    organization: gitlabGroup,
    pullRequestComments: true,
    autoScan: false,
  });
  const gitlabProjects = new scm.RepositoryImport("gitlab-projects", {
    connection: gitlabConnection,
    repositories: config.requireObject<string[]>("gitlabProjects"),
  });

  return {
    ghesCheck: ghesConnection.checkStatus,
    gitlabCheck: gitlabConnection.checkStatus,
    ghesRepositories: ghesRepositories.imported.apply((imported) => Object.keys(imported).sort()),
    gitlabProjects: gitlabProjects.imported.apply((imported) => Object.keys(imported).sort()),
  };
};
