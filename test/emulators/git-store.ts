// What the GitHub and GitLab emulators keep of each repository's git data: commits (each with its
// whole tree of files), branch heads, and the blob sha of every file, computed as git does
// (https://git-scm.com/book/en/v2/Git-Internals-Git-Objects: sha1 of "blob <size>\0<content>"). Every
// branch a seed names starts at one root commit whose sha is the one the branch routes have always
// answered for it (sha1 of "<repository id>/<branch>"); the default branch holds the seed's files.
import { createHash } from "node:crypto";

/** The repository as the store needs it (a GitHub repository, or a GitLab project seen through an adapter). */
export interface Repository {
  id: number;
  /** Every branch that exists; the store adds the branches it creates. */
  branches: Set<string>;
  /** null: an empty repository (no branch yet). */
  defaultBranch: string | null;
  createdAt: string;
}

export interface StoredFile {
  content: Buffer;
  /** The blob sha: what GET /contents answers as `sha` and PUT /contents expects back to update. */
  sha: string;
}

export interface StoredCommit {
  sha: string;
  message: string;
  parents: string[];
  /** The whole tree at this commit: path → file. */
  tree: Map<string, StoredFile>;
  authorLogin: string | null;
  date: string;
}

interface RepositoryGit {
  commits: Map<string, StoredCommit>;
  /** Branch name → head commit sha. */
  heads: Map<string, string>;
}

export function blobSha(content: Buffer): string {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]))
    .digest("hex");
}

/** The sha of a seeded branch's root commit, the stand-in GET /branches/{branch} answered before any write. */
export function rootCommitSha(repo: Repository, branch: string): string {
  return createHash("sha1").update(`${repo.id}/${branch}`).digest("hex");
}

export class GitStore {
  private readonly repos = new Map<number, RepositoryGit>();
  /** Seeded files of each repository's default branch, by repository id. */
  private seededFiles = new Map<number, Record<string, string>>();
  private counter = 0;

  /** Drops every write; `files` are the seed's default-branch contents per repository id. */
  reset(files: Map<number, Record<string, string>>): void {
    this.repos.clear();
    this.seededFiles = files;
    this.counter = 0;
  }

  private git(repo: Repository): RepositoryGit {
    let git = this.repos.get(repo.id);
    if (!git) {
      git = { commits: new Map(), heads: new Map() };
      const seeded = this.seededFiles.get(repo.id) ?? {};
      for (const branch of repo.branches) {
        const tree = new Map<string, StoredFile>();
        if (branch === repo.defaultBranch) {
          for (const [path, text] of Object.entries(seeded)) {
            const content = Buffer.from(text, "utf8");
            tree.set(path, { content, sha: blobSha(content) });
          }
        }
        const sha = rootCommitSha(repo, branch);
        git.commits.set(sha, {
          sha,
          message: "Initial commit",
          parents: [],
          tree,
          authorLogin: null,
          date: repo.createdAt,
        });
        git.heads.set(branch, sha);
      }
      this.repos.set(repo.id, git);
    }
    // Branches added outside the API (POST /_control/branches) start at the default branch's head.
    for (const branch of repo.branches) {
      if (!git.heads.has(branch)) {
        const base = repo.defaultBranch === null ? undefined : git.heads.get(repo.defaultBranch);
        if (base) git.heads.set(branch, base);
      }
    }
    return git;
  }

  head(repo: Repository, branch: string): StoredCommit | undefined {
    const git = this.git(repo);
    const sha = git.heads.get(branch);
    return sha === undefined ? undefined : git.commits.get(sha);
  }

  /**
   * The branch head's sha once anything touched the repository's git data; undefined before (the root
   * commit's sha then stands): branch lookups of 100,000 untouched repositories allocate nothing.
   */
  touchedHeadSha(repo: Repository, branch: string): string | undefined {
    return this.repos.has(repo.id) ? this.head(repo, branch)?.sha : undefined;
  }

  commit(repo: Repository, sha: string): StoredCommit | undefined {
    return this.git(repo).commits.get(sha);
  }

  branches(repo: Repository): Map<string, string> {
    return new Map(this.git(repo).heads);
  }

  /** Creates a branch at a commit; false when the branch exists. Keeps `repo.branches` in step. */
  createBranch(repo: Repository, branch: string, sha: string): boolean {
    const git = this.git(repo);
    if (git.heads.has(branch)) return false;
    git.heads.set(branch, sha);
    repo.branches.add(branch);
    return true;
  }

  /** Moves a branch to a new commit holding `tree`; returns the commit. */
  commitOn(
    repo: Repository,
    branch: string,
    change: {
      message: string;
      tree: Map<string, StoredFile>;
      authorLogin: string | null;
      date: string;
      parents?: string[];
    },
  ): StoredCommit {
    const git = this.git(repo);
    const parent = git.heads.get(branch);
    const parents = change.parents ?? (parent ? [parent] : []);
    const sha = createHash("sha1")
      .update(`${repo.id}\n${branch}\n${parents.join(",")}\n${change.message}\n${++this.counter}`)
      .digest("hex");
    const commit: StoredCommit = { sha, parents, ...change };
    git.commits.set(sha, commit);
    git.heads.set(branch, sha);
    return commit;
  }

  /** Every repository written to or read so far, by `nameOf(id)`: branches with their heads and files. */
  dump(nameOf: (id: number) => string): unknown[] {
    return [...this.repos.entries()].map(([id, git]) => {
      return {
        full_name: nameOf(id),
        branches: Object.fromEntries(
          [...git.heads.entries()].map(([branch, sha]) => {
            const commit = git.commits.get(sha);
            return [
              branch,
              {
                sha,
                message: commit?.message,
                files: Object.fromEntries(
                  [...(commit?.tree ?? new Map<string, StoredFile>()).entries()].map(([p, f]) => [
                    p,
                    f.content.toString("utf8"),
                  ]),
                ),
              },
            ];
          }),
        ),
      };
    });
  }
}
