// Two self-hosted SCMs, GitHub Enterprise Server and GitLab Self-Managed, both served with
// certificates from a private CA, connected to one Snyk organization in the EU region (set in
// Pulumi.yaml as `scm-integrations:snykRegion`). Every repository of the GHES organization is
// scanned; on GitLab, every project of the group and its subgroups except those under `sandbox/`.
//
// Settings (see README.md): `snykOrgId`, `ghesUrl`, `ghesOrg`, `gitlabUrl`, `gitlabGroup`,
// `caCertificateFile`, the secrets `ghesToken` and `gitlabToken`, and the Snyk API token as the
// provider's secret `scm-integrations:snykToken`.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as scm from "pulumi-scm-integrations";

export = async () => {
  const config = new pulumi.Config();
  const snykOrgId = config.require("snykOrgId");
  const ghesOrg = config.require("ghesOrg");
  const gitlabGroup = config.require("gitlabGroup");

  // snippet:start private-ca
  // The CA's certificate (public, not a secret): the provider trusts it for these servers only.
  const caCertificate = fs.readFileSync(config.require("caCertificateFile"), "utf8");

  const ghes = new scm.Integration("ghes", {
    platform: "snyk",
    platformOrg: snykOrgId,
    scm: "github-enterprise",
    baseUrl: config.require("ghesUrl"),
    token: config.requireSecret("ghesToken"),
    caCertificate,
  });

  const gitlab = new scm.Integration("gitlab", {
    platform: "snyk",
    platformOrg: snykOrgId,
    scm: "gitlab-self-managed",
    baseUrl: config.require("gitlabUrl"),
    token: config.requireSecret("gitlabToken"),
    caCertificate,
  });
  // snippet:end private-ca

  const ghesConnection = new scm.OrgConnection("ghes-org", { integration: ghes, organization: ghesOrg });
  const gitlabConnection = new scm.OrgConnection("gitlab-group", { integration: gitlab, organization: gitlabGroup });

  const ghesRepositories = new scm.RepositoryImport("ghes-repositories", {
    connection: ghesConnection,
    selector: { include: [`${ghesOrg}/*`] },
  });

  const gitlabProjects = new scm.RepositoryImport("gitlab-projects", {
    connection: gitlabConnection,
    // `**` crosses subgroups; projects under sandbox/ are never scanned.
    selector: { include: [`${gitlabGroup}/**`], exclude: [`${gitlabGroup}/sandbox/**`] },
  });

  return {
    ghesIntegrationId: ghes.integrationId,
    ghesServerVersion: ghes.serverVersion,
    gitlabIntegrationId: gitlab.integrationId,
    gitlabServerVersion: gitlab.serverVersion,
    ghesRepositories: ghesRepositories.imported.apply((imported) => Object.keys(imported).sort()),
    gitlabProjects: gitlabProjects.imported.apply((imported) => Object.keys(imported).sort()),
  };
};
