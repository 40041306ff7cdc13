// Semgrep onboarding by CI job, for Semgrep organizations that cannot use Managed Scans (no Semgrep
// app on the server, or no plan for it): each repository gets one pull / merge request adding
// Semgrep's CI job, and the SEMGREP_APP_TOKEN the job sends to Semgrep is stored beside it (an
// Actions secret on GitHub Enterprise Server, a masked CI/CD variable on GitLab Self-Managed). A
// repository appears in Semgrep once the request is merged and the job has run.
//
// Settings (see README.md): `semgrepDeployment`, `ghesUrl`, `ghesOrg`, `gitlabUrl`, `gitlabGroup`,
// the secrets `ghesToken`, `ghesCiToken`, `gitlabToken`, `gitlabCiToken` and `semgrepAppToken`, and
// the Semgrep API token as the provider's secret `scm-integrations:semgrepToken`.
import * as pulumi from "@pulumi/pulumi";
import * as scm from "pulumi-scm-integrations";

export = async () => {
  const config = new pulumi.Config();
  const deployment = config.require("semgrepDeployment");
  const ghesOrg = config.require("ghesOrg");
  const gitlabGroup = config.require("gitlabGroup");
  const semgrepAppToken = config.requireSecret("semgrepAppToken");

  // snippet:start semgrep-ci-job
  const ghes = new scm.Integration("ghes", {
    platform: "semgrep",
    platformOrg: deployment,
    scm: "github-enterprise",
    baseUrl: config.require("ghesUrl"),
    token: config.requireSecret("ghesToken"),
  });
  const ghesConnection = new scm.OrgConnection("ghes-org", { integration: ghes, organization: ghesOrg });
  const ghesRepositories = new scm.RepositoryImport("ghes-repositories", {
    connection: ghesConnection,
    selector: { include: [`${ghesOrg}/*`] },
    onboarding: {
      method: "ciJob",
      ciJob: {
        // Writes the branch, the workflow commit, the pull request and the secret: repo + workflow.
        scmToken: config.requireSecret("ghesCiToken"),
        semgrepAppToken,
        // A plan opening more than this many pull requests is refused until allowNewRequests accepts it.
        maxNewRequests: 25,
      },
    },
  });
  // snippet:end semgrep-ci-job

  const gitlab = new scm.Integration("gitlab", {
    platform: "semgrep",
    platformOrg: deployment,
    scm: "gitlab-self-managed",
    baseUrl: config.require("gitlabUrl"),
    token: config.requireSecret("gitlabToken"),
  });
  const gitlabConnection = new scm.OrgConnection("gitlab-group", { integration: gitlab, organization: gitlabGroup });
  const gitlabProjects = new scm.RepositoryImport("gitlab-projects", {
    connection: gitlabConnection,
    selector: { include: [`${gitlabGroup}/*`] },
    onboarding: {
      method: "ciJob",
      ciJob: {
        // api, by a user with the Maintainer role (CI/CD variables need it).
        scmToken: config.requireSecret("gitlabCiToken"),
        semgrepAppToken,
        // Destroy (or a project leaving the selector) closes the merge requests still open.
        onRemoval: "closeRequest",
      },
    },
  });

  return {
    // Repository → its request (URL, number, open / merged / closed) and whether Semgrep has seen it.
    ghesOnboarding: ghesRepositories.ciOnboarding,
    gitlabOnboarding: gitlabProjects.ciOnboarding,
  };
};
