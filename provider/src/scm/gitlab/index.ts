// The GitLab (gitlab.com and Self-Managed) SCM client.
export { createGitLabClient } from "./client";
export { GITLAB_CAPABILITIES } from "./introspect";
export { ACCESS_LEVEL_NAMES, accessLevelName, normaliseGroupPath } from "./groups";
export { GitLabResponseError } from "./requester";
