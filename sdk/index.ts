// Public API of pulumi-scm-integrations: declare which code-security platform is connected to which
// SCM, with which token, and which repositories it scans.
export { Integration } from "./integration";
export { OrgConnection, integrationReference, type OrgConnectionArgs } from "./org-connection";
export { RepositoryImport, type RepositoryImportArgs } from "./repository-import";
export { SnykCodeSettings } from "./snyk-code-settings";
export * from "./types.generated";
