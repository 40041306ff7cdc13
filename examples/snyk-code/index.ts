// Snyk Code on in a Snyk organization, then a GitHub organization's repositories imported into it, so
// Snyk analyses them with Snyk Code as well as for open-source dependencies. Snyk's own setup order
// ("enable Snyk Code in your Snyk Organization settings, then integrate your SCM and import") becomes
// one program: the import depends on the setting, so its preview knows Snyk Code is being turned on.
//
// Settings (see README.md): `snykOrgId`, `githubOrg`, the GitHub token as the secret `githubToken`, and
// the Snyk API token as the provider's secret `scm-integrations:snykToken` (read from stack config; it
// never enters resource state).
import * as pulumi from "@pulumi/pulumi";
import * as scm from "pulumi-scm-integrations";

export = async () => {
  const config = new pulumi.Config();
  const snykOrgId = config.require("snykOrgId");
  const githubOrg = config.require("githubOrg");

  // snippet:start snyk-code
  // One per Snyk organization. Destroy gives the organization back what it had before (`enabledBefore`).
  const snykCode = new scm.SnykCodeSettings("snyk-code", { platformOrg: snykOrgId, enabled: true });

  const github = new scm.Integration("github", {
    platform: "snyk",
    platformOrg: snykOrgId,
    scm: "github",
    token: config.requireSecret("githubToken"),
  });
  const organization = new scm.OrgConnection(githubOrg, { integration: github, organization: githubOrg });

  const scanned = new scm.RepositoryImport(
    "scanned",
    { connection: organization, selector: { include: [`${githubOrg}/*`], archived: false, forks: false } },
    // After the setting: the import's preview then says Snyk Code is turned on in this run, not that it is off.
    { dependsOn: [snykCode] },
  );
  // snippet:end snyk-code

  return {
    snykCodeEnabled: snykCode.enabled,
    snykCodeEnabledBefore: snykCode.enabledBefore,
    repositories: scanned.imported.apply((imported) => Object.keys(imported).sort()),
  };
};
