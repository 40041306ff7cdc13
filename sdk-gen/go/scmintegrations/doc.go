// Declare how code-security platforms (Snyk, Semgrep) connect to source-code managers (GitHub, GitHub Enterprise Server, GitLab.com, GitLab Self-Managed) and which repositories they scan. Served by the native provider plugin pulumi-resource-scm-integrations (every Pulumi language, `pulumi import`) and, for TypeScript programs, as a dynamic provider.
package scmintegrations
