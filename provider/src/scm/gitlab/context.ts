// What the GitLab client's parts share: the Gitbeaker instance, the endpoint, counters, a cached
// current user, and the few GitLab response shapes we read (raw snake_case, as GitLab sends them).
import type { Gitlab } from "@gitbeaker/rest";
import type { Clock } from "../../core/clock";
import type { Logger } from "../../core/log";
import type { ScmEndpoint } from "../types";
import { toScmError } from "./errors";
import type { RepositoryVisibility } from "../../core/domain.generated";

export interface GitLabUser {
  id: number;
  username: string;
  is_admin?: boolean;
}

export interface GitLabTokenSelf {
  id: number;
  name: string;
  scopes: string[];
  active: boolean;
  revoked: boolean;
  expires_at: string | null;
  user_id: number;
}

export interface GitLabGroup {
  id: number;
  full_path: string;
  web_url: string;
}

export interface GitLabMember {
  id: number;
  access_level: number;
  membership_state?: string;
}

export interface GitLabProject {
  id: number;
  path_with_namespace: string;
  default_branch?: string | null;
  visibility?: RepositoryVisibility;
  archived?: boolean;
  topics?: string[];
  tag_list?: string[];
  forked_from_project?: unknown;
  web_url: string;
}

export interface GitLabContext {
  api: InstanceType<typeof Gitlab<false>>;
  endpoint: ScmEndpoint;
  logger: Logger;
  concurrency: number;
  /** HTTP attempts sent so far by this client (retries included). */
  counters: { requests: number };
  /** The client's clock: what token expiry is judged by. */
  clock: Clock;
  /** The token's user (GET /user), fetched once. */
  currentUser(): Promise<GitLabUser>;
}

export function createCurrentUserCache(api: GitLabContext["api"], endpoint: ScmEndpoint): () => Promise<GitLabUser> {
  let pending: Promise<GitLabUser> | undefined;
  return () => {
    pending ??= (api.Users.showCurrentUser() as unknown as Promise<GitLabUser>).catch((e: unknown) => {
      pending = undefined;
      throw toScmError(e, endpoint, "read the token's user");
    });
    return pending;
  };
}
