// A GitHub organization connected to a Snyk organization, with the repositories to scan chosen by a
// selector: every repository of the organization carrying the configured topics, archived
// repositories and forks left out. The selector is resolved during `pulumi preview`, so a reviewer
// sees one line per repository that will be imported or removed.
//
// Settings (see README.md): `snykOrgId`, `githubOrg`, optional `topics`, the GitHub token as the
// secret `githubToken`, and the Snyk API token as the provider's secret `scm-integrations:snykToken`
// (the provider reads it from stack config; it never enters resource state).
import * as pulumi from "@pulumi/pulumi";
import * as scm from "pulumi-scm-integrations";

export = async () => {
  const config = new pulumi.Config();
  const githubOrg = config.require("githubOrg");

  // snippet:start snyk-github
  const github = new scm.Integration("github", {
    platform: "snyk",
    platformOrg: config.require("snykOrgId"),
    scm: "github",
    token: config.requireSecret("githubToken"),
  });

  const organization = new scm.OrgConnection(githubOrg, { integration: github, organization: githubOrg });

  const scanned = new scm.RepositoryImport("scanned", {
    connection: organization,
    selector: {
      include: [`${githubOrg}/*`],
      topics: config.getObject<string[]>("topics") ?? ["production"],
      archived: false,
      forks: false,
    },
    // Only what this resource imported is ever removed; existing imports made by hand stay.
    mode: "additive",
    // A plan that would remove more than 10 imports (destroy included) is refused. After reading the
    // refused plan: `pulumi config set allowDeletions <n>`, `pulumi up`, then remove the setting again.
    maxDeletions: 10,
    allowDeletions: config.getNumber("allowDeletions"),
  });
  // snippet:end snyk-github

  return {
    integrationId: github.integrationId,
    tokenOwner: github.tokenOwner,
    missingScopes: github.missingScopes,
    excessScopes: github.excessScopes,
    role: organization.role,
    importedCount: scanned.importedCount,
    repositories: scanned.imported.apply((imported) => Object.keys(imported).sort()),
  };
};
