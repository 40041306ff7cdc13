// Rotating an SCM token in place. The token is an ordinary secret input: set the new one in stack
// config and run `pulumi up`. The Integration is updated, not replaced (the platform keeps its
// integration id, so imports stay attached), and `tokenFingerprint` shows that the rotation
// happened without revealing either token. `tokenExpiresAt` and the Integration's `warnings`
// say when the next rotation is due.
//
// Settings (see README.md): `snykOrgId`, `gitlabGroup`, the secret `gitlabToken`, and the Snyk API
// token as the provider's secret `scm-integrations:snykToken`.
import * as pulumi from "@pulumi/pulumi";
import * as scm from "pulumi-scm-integrations";

export = async () => {
  const config = new pulumi.Config();

  // snippet:start token-rotation
  const gitlab = new scm.Integration("gitlab", {
    platform: "snyk",
    platformOrg: config.require("snykOrgId"),
    scm: "gitlab",
    // Rotate: `pulumi config set --secret gitlabToken <new token>`, then `pulumi up`.
    token: config.requireSecret("gitlabToken"),
  });
  // snippet:end token-rotation

  const group = new scm.OrgConnection("group", { integration: gitlab, organization: config.require("gitlabGroup") });

  return {
    integrationId: gitlab.integrationId,
    tokenFingerprint: gitlab.tokenFingerprint,
    tokenExpiresAt: gitlab.tokenExpiresAt,
    warnings: gitlab.warnings,
    accessLevel: group.accessLevel,
  };
};
