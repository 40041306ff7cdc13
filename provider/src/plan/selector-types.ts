// The repository selector a user writes on RepositoryImport. Matching lives in ./selector.ts.

export interface RepositorySelector {
  /** Globs on `owner/name` (`*` within a segment, `**` across segments). Empty / absent = all. */
  include?: string[];
  /** Globs on `owner/name`; an excluded repository is never selected. */
  exclude?: string[];
  /** The repository must carry every one of these topics. */
  topics?: string[];
  /** Allowed visibilities; absent = any. */
  visibility?: ("public" | "private" | "internal")[];
  /** Include archived repositories (default false). */
  archived?: boolean;
  /** Include forks (default false). */
  forks?: boolean;
  /** GitLab: include projects of subgroups (default true). */
  includeSubgroups?: boolean;
  /** GitLab: include projects shared into the group from elsewhere (default false). */
  includeShared?: boolean;
}
