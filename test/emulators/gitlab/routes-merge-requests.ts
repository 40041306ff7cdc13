// Merge requests as GitLab's REST API serves them (https://docs.gitlab.com/api/merge_requests/): list a
// project's (state, source_branch, target_branch; offset pagination; newest first), create one (201;
// 409 `["Another open merge request already exists for this source branch: !<iid>"]` while one is open
// for the same source and target), get one by IID, update one (`state_event` close / reopen, title,
// description, target_branch: https://docs.gitlab.com/api/merge_requests/#update-mr). Merging happens
// through the control API (`MergeRequests.merge`), as a person would do it in GitLab; closing either
// there or through the update.
import type { FastifyInstance } from "fastify";
import { READ_API } from "./auth";
import { errors } from "./bodies";
import { paginate, readPageRequest } from "./pagination";
import {
  DEVELOPER,
  isoNow,
  missing,
  visibleProject,
  WRITE_API,
  type ProjectGit,
  type RepositoryRouteDeps,
} from "./routes-repository";
import type { GitLabUserSeed } from "./seed";
import type { ProjectRecord } from "./state";

export interface StoredMergeRequest {
  id: number;
  iid: number;
  project: ProjectRecord;
  title: string;
  description: string | null;
  sourceBranch: string;
  targetBranch: string;
  state: "opened" | "closed" | "merged";
  author: GitLabUserSeed;
  sha: string;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
}

/** The merge requests of every project; cleared by every seed. */
export class MergeRequests {
  private readonly byProject = new Map<number, StoredMergeRequest[]>();
  private nextId = 4_000_001;

  constructor(private readonly git: ProjectGit) {}

  clear(): void {
    this.byProject.clear();
  }

  list(project: ProjectRecord): StoredMergeRequest[] {
    const all = this.byProject.get(project.id) ?? [];
    for (const mr of all) if (mr.state === "opened") mr.sha = this.git.head(project, mr.sourceBranch)?.sha ?? mr.sha;
    return all;
  }

  get(project: ProjectRecord, iid: number): StoredMergeRequest | undefined {
    return this.list(project).find((m) => m.iid === iid);
  }

  add(mr: Omit<StoredMergeRequest, "id" | "iid">): StoredMergeRequest {
    const all = this.byProject.get(mr.project.id) ?? [];
    const stored = { ...mr, id: this.nextId++, iid: all.length + 1 };
    all.push(stored);
    this.byProject.set(mr.project.id, all);
    return stored;
  }

  /** Merges an open merge request (a merge commit on the target branch); undefined when it is not open. */
  merge(project: ProjectRecord, iid: number, at: string): StoredMergeRequest | undefined {
    const mr = this.get(project, iid);
    if (!mr || mr.state !== "opened") return undefined;
    const source = this.git.head(project, mr.sourceBranch);
    const target = this.git.head(project, mr.targetBranch);
    if (!source || !target) return undefined;
    const tree = new Map(target.tree);
    for (const [path, file] of source.tree) tree.set(path, file);
    const commit = this.git.store.commitOn(this.git.view(project), mr.targetBranch, {
      message: `Merge branch '${mr.sourceBranch}' into '${mr.targetBranch}'\n\n${mr.title}\n\nSee merge request ${project.fullPath}!${mr.iid}`,
      tree,
      authorLogin: mr.author.username,
      date: at,
      parents: [target.sha, source.sha],
    });
    Object.assign(mr, { state: "merged", mergedAt: at, updatedAt: at, mergeCommitSha: commit.sha, sha: source.sha });
    return mr;
  }

  /** Closes an open merge request without merging it; undefined when it is not open. */
  close(project: ProjectRecord, iid: number, at: string): StoredMergeRequest | undefined {
    const mr = this.get(project, iid);
    if (!mr || mr.state !== "opened") return undefined;
    Object.assign(mr, { state: "closed", closedAt: at, updatedAt: at });
    return mr;
  }

  /**
   * Reopens a merge request closed without merge: `unchanged` when it is not closed (GitLab's close and
   * reopen events apply to opened / closed ones only), `sourceDeleted` when its source branch is gone,
   * `duplicate` (with the open one) when another is open for the same source and target.
   */
  reopen(
    project: ProjectRecord,
    iid: number,
    at: string,
  ): StoredMergeRequest | "unchanged" | "sourceDeleted" | { duplicate: StoredMergeRequest } | undefined {
    const mr = this.get(project, iid);
    if (!mr) return undefined;
    if (mr.state !== "closed") return "unchanged";
    if (!this.git.head(project, mr.sourceBranch)) return "sourceDeleted";
    const open = this.list(project).find(
      (m) => m.state === "opened" && m.sourceBranch === mr.sourceBranch && m.targetBranch === mr.targetBranch,
    );
    if (open) return { duplicate: open };
    Object.assign(mr, { state: "opened", closedAt: null, updatedAt: at });
    return mr;
  }

  dump(): unknown[] {
    return [...this.byProject.values()].flat().map((m) => ({
      project: m.project.fullPath,
      iid: m.iid,
      title: m.title,
      description: m.description,
      source_branch: m.sourceBranch,
      target_branch: m.targetBranch,
      state: m.state,
      merged_at: m.mergedAt,
      closed_at: m.closedAt,
    }));
  }
}

function userRef(user: GitLabUserSeed, webBase: string) {
  return {
    id: user.id,
    username: user.username,
    name: user.name ?? user.username,
    state: user.state ?? "active",
    locked: false,
    avatar_url: null,
    web_url: `${webBase}/${user.username}`,
  };
}

/** The merge request with the fields "Get single MR" documents. */
export function mergeRequestBody(mr: StoredMergeRequest, webBase: string) {
  const p = mr.project;
  const author = userRef(mr.author, webBase);
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: p.id,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_by: mr.state === "merged" ? author : null,
    merge_user: mr.state === "merged" ? author : null,
    merged_at: mr.mergedAt,
    closed_by: mr.state === "closed" ? author : null,
    closed_at: mr.closedAt,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: 0,
    upvotes: 0,
    downvotes: 0,
    author,
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: p.id,
    target_project_id: p.id,
    labels: [],
    draft: /^(draft:|\[draft\]|\(draft\))/i.test(mr.title),
    work_in_progress: /^(draft:|\[draft\]|\(draft\))/i.test(mr.title),
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: mr.state === "opened" ? "can_be_merged" : "unchecked",
    detailed_merge_status: mr.state === "opened" ? "mergeable" : "not_open",
    sha: mr.sha,
    merge_commit_sha: mr.mergeCommitSha,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: false,
    prepared_at: mr.createdAt,
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${p.fullPath}!${mr.iid}` },
    web_url: `${webBase}/${p.fullPath}/-/merge_requests/${mr.iid}`,
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
  };
}

export interface MergeRequestRouteDeps extends RepositoryRouteDeps {
  mergeRequests: MergeRequests;
}

const STATES = new Set(["opened", "closed", "locked", "merged", "all"]);

/** The optional attributes of "Update MR" (https://docs.gitlab.com/api/merge_requests/#update-mr). */
const UPDATE_ATTRIBUTES = [
  "add_labels",
  "allow_collaboration",
  "allow_maintainer_to_push",
  "assignee_id",
  "assignee_ids",
  "description",
  "discussion_locked",
  "labels",
  "milestone_id",
  "remove_labels",
  "remove_source_branch",
  "reviewer_ids",
  "squash",
  "state_event",
  "target_branch",
  "title",
];

export function registerMergeRequestRoutes(app: FastifyInstance, api: string, deps: MergeRequestRouteDeps): void {
  const base = `${api}/projects/:id/merge_requests`;

  app.get(base, async (req, reply) => {
    const caller = deps.auth(req, reply, READ_API, false);
    if (!caller) return reply;
    const project = visibleProject(deps, req, reply, caller);
    if (!project) return reply;
    const query = req.query as Record<string, string | undefined>;
    const page = readPageRequest(query);
    if ("invalid" in page) return reply.code(400).send(errors.invalidParam(page.invalid));
    const state = query["state"] ?? "all";
    if (!STATES.has(state)) return reply.code(400).send({ error: "state does not have a valid value" });
    const sort = query["sort"] ?? "desc";
    if (sort !== "asc" && sort !== "desc") return reply.code(400).send({ error: "sort does not have a valid value" });
    const rows = deps.mergeRequests
      .list(project)
      .filter((m) => state === "all" || m.state === state)
      .filter((m) => query["source_branch"] === undefined || m.sourceBranch === query["source_branch"])
      .filter((m) => query["target_branch"] === undefined || m.targetBranch === query["target_branch"])
      .sort((a, b) => (sort === "asc" ? a.iid - b.iid : b.iid - a.iid));
    const result = paginate(rows, page, new URL(req.url, deps.origin(req)));
    void reply.headers(result.headers);
    return result.items.map((m) => mergeRequestBody(m, deps.webBase(req)));
  });

  app.post(base, async (req, reply) => {
    const caller = deps.auth(req, reply, WRITE_API);
    if (!caller?.user) return reply;
    const project = visibleProject(deps, req, reply, caller, DEVELOPER, true);
    if (!project) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const absent = missing(body, ["source_branch", "target_branch", "title"]);
    if (absent) return reply.code(400).send(absent);
    const source = String(body["source_branch"]);
    const target = String(body["target_branch"]);
    // MergeRequest validations (app/models/merge_request.rb), answered as 400/409 with a message list.
    if (source === target)
      return reply.code(400).send({ message: ["You can't use same project/branch for source and target"] });
    const sourceHead = deps.git.head(project, source);
    if (!sourceHead) return reply.code(400).send({ message: ["Source branch does not exist"] });
    if (!deps.git.head(project, target)) return reply.code(400).send({ message: ["Target branch does not exist"] });
    const open = deps.mergeRequests
      .list(project)
      .find((m) => m.state === "opened" && m.sourceBranch === source && m.targetBranch === target);
    if (open)
      return reply
        .code(409)
        .send({ message: [`Another open merge request already exists for this source branch: !${open.iid}`] });
    const at = isoNow(deps);
    const mr = deps.mergeRequests.add({
      project,
      title: String(body["title"]),
      description: typeof body["description"] === "string" ? body["description"] : null,
      sourceBranch: source,
      targetBranch: target,
      state: "opened",
      author: caller.user,
      sha: sourceHead.sha,
      mergeCommitSha: null,
      createdAt: at,
      updatedAt: at,
      mergedAt: null,
      closedAt: null,
    });
    return reply.code(201).send(mergeRequestBody(mr, deps.webBase(req)));
  });

  app.get(`${base}/:iid`, async (req, reply) => {
    const caller = deps.auth(req, reply, READ_API, false);
    if (!caller) return reply;
    const project = visibleProject(deps, req, reply, caller);
    if (!project) return reply;
    const iid = (req.params as { iid: string }).iid;
    const mr = /^[1-9]\d*$/.test(iid) ? deps.mergeRequests.get(project, Number(iid)) : undefined;
    if (!mr) return reply.code(404).send({ message: "404 Not found" });
    return mergeRequestBody(mr, deps.webBase(req));
  });

  // "Update MR": at least one optional attribute; state_event close / reopen; 200 with the merge request.
  app.put(`${base}/:iid`, async (req, reply) => {
    const caller = deps.auth(req, reply, WRITE_API);
    if (!caller?.user) return reply;
    const project = visibleProject(deps, req, reply, caller, DEVELOPER, true);
    if (!project) return reply;
    const iid = (req.params as { iid: string }).iid;
    const mr = /^[1-9]\d*$/.test(iid) ? deps.mergeRequests.get(project, Number(iid)) : undefined;
    if (!mr) return reply.code(404).send({ message: "404 Not found" });
    const body = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
    // Grape's answers to a request without any attribute or with an unknown state_event (UNVERIFIED
    // wording: the docs say only "You must include at least one non-required attribute").
    if (!UPDATE_ATTRIBUTES.some((a) => body[a] !== undefined))
      return reply
        .code(400)
        .send({ error: `${UPDATE_ATTRIBUTES.join(", ")} are missing, at least one parameter must be provided` });
    const event = body["state_event"];
    if (event !== undefined && event !== "close" && event !== "reopen")
      return reply.code(400).send({ error: "state_event does not have a valid value" });
    const { title, description, target_branch: target } = body;
    for (const [name, value] of Object.entries({ title, description, target_branch: target })) {
      if (value !== undefined && typeof value !== "string")
        return reply.code(400).send({ error: `${name} is invalid` });
    }
    if (typeof title === "string" && title.trim() === "")
      return reply.code(400).send({ message: { title: ["can't be blank"] } });
    if (typeof target === "string" && !deps.git.head(project, target))
      return reply.code(400).send({ message: ["Target branch does not exist"] });
    const at = isoNow(deps);
    if (event === "reopen") {
      const reopened = deps.mergeRequests.reopen(project, mr.iid, at);
      // A closed merge request whose source branch is gone stays closed (GitLab offers no reopen for
      // it); one whose source and target have another open merge request is refused as create is
      // (UNVERIFIED: the update docs do not list either answer).
      if (reopened === "sourceDeleted") return reply.code(400).send({ message: ["Source branch does not exist"] });
      if (typeof reopened === "object" && "duplicate" in reopened)
        return reply.code(409).send({
          message: [`Another open merge request already exists for this source branch: !${reopened.duplicate.iid}`],
        });
    }
    // Closing one that is closed or merged already changes nothing (UNVERIFIED: GitLab's close event
    // applies to opened merge requests only; the answer is the merge request as it is).
    if (event === "close") deps.mergeRequests.close(project, mr.iid, at);
    const edits = {
      ...(typeof title === "string" ? { title } : {}),
      ...(typeof description === "string" ? { description } : {}),
      ...(typeof target === "string" && mr.state === "opened" ? { targetBranch: target } : {}),
    };
    if (Object.keys(edits).length > 0) Object.assign(mr, edits, { updatedAt: at });
    return mergeRequestBody(mr, deps.webBase(req));
  });
}
