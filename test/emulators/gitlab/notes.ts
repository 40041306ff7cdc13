// Merge request notes (comments), as GitLab's Notes API documents them
// (https://docs.gitlab.com/api/notes/#merge-requests): list, create, modify. The review report keeps
// one note per merge request (scripts/report/sticky-comment.ts) through these three routes.
// No merge requests are seeded: any IID of a project the caller can see has a discussion
// (UNVERIFIED leniency: GitLab answers 404 for an IID without a merge request).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { READ_API, type Caller, type RouteScopes } from "./auth";
import { errors } from "./bodies";
import { paginate, readPageRequest } from "./pagination";
import type { GitLabUserSeed } from "./seed";
import type { GitLabState, ProjectRecord } from "./state";

/**
 * "There is a limit to the size of comments and descriptions of issues, merge requests, and epics
 * … The limit is 1,000,000 characters" (https://docs.gitlab.com/administration/instance_limits/#size-of-comments-and-descriptions-of-issues-merge-requests-and-epics).
 */
export const GITLAB_NOTE_MAX_CHARS = 1_000_000;

/** Writing needs the `api` scope: read_api is registered for GET and HEAD only. */
const WRITE_API: RouteScopes = ["api"];

interface StoredNote {
  id: number;
  project: ProjectRecord;
  mergeRequestIid: number;
  body: string;
  author: GitLabUserSeed;
  createdAt: string;
  updatedAt: string;
}

/** The notes of every merge request; cleared by every seed. */
export class MergeRequestNotes {
  private readonly byMergeRequest = new Map<string, StoredNote[]>();
  private nextId = 3_000_001;

  clear(): void {
    this.byMergeRequest.clear();
  }

  list(project: ProjectRecord, iid: number): StoredNote[] {
    return this.byMergeRequest.get(`${project.id}!${iid}`) ?? [];
  }

  add(project: ProjectRecord, iid: number, author: GitLabUserSeed, body: string, at: string): StoredNote {
    const note = { id: this.nextId++, project, mergeRequestIid: iid, body, author, createdAt: at, updatedAt: at };
    const key = `${project.id}!${iid}`;
    this.byMergeRequest.set(key, [...(this.byMergeRequest.get(key) ?? []), note]);
    return note;
  }
}

/** The note as "List all merge request notes" shows it (the documented fields). */
export function noteBody(note: StoredNote, webBase: string) {
  return {
    id: note.id,
    type: null,
    body: note.body,
    attachment: null,
    author: {
      id: note.author.id,
      username: note.author.username,
      name: note.author.name ?? note.author.username,
      state: note.author.state ?? "active",
      avatar_url: null,
      web_url: `${webBase}/${note.author.username}`,
    },
    created_at: note.createdAt,
    updated_at: note.updatedAt,
    system: false,
    // The merge request's global id is not modelled: the project id and IID make one (UNVERIFIED shape).
    noteable_id: note.project.id * 100_000 + note.mergeRequestIid,
    noteable_type: "MergeRequest",
    project_id: note.project.id,
    noteable_iid: note.mergeRequestIid,
    resolvable: false,
    confidential: false,
    internal: false,
    imported: false,
    imported_from: "none",
  };
}

export interface NoteRouteDeps {
  notes: MergeRequestNotes;
  state(): GitLabState;
  auth(req: FastifyRequest, reply: FastifyReply, scopes: RouteScopes, required?: boolean): Caller | undefined;
  webBase(req: FastifyRequest): string;
  origin(req: FastifyRequest): string;
  now(): number;
}

type MrParams = { id: string; iid: string };

function checkBody(raw: unknown): string | { status: number; body: unknown } {
  const body = (raw as { body?: unknown } | undefined)?.body;
  if (typeof body !== "string" || body.trim() === "") return { status: 400, body: { error: "body is missing" } };
  if (body.length > GITLAB_NOTE_MAX_CHARS)
    return {
      status: 400,
      body: { message: { note: [`is too long (maximum is ${GITLAB_NOTE_MAX_CHARS} characters)`] } },
    };
  return body;
}

export function registerMergeRequestNoteRoutes(app: FastifyInstance, api: string, deps: NoteRouteDeps): void {
  const base = `${api}/projects/:id/merge_requests/:iid/notes`;
  /** The project and IID, or undefined after answering 404 as GitLab does. */
  const target = (req: FastifyRequest, reply: FastifyReply, caller: Caller) => {
    const params = req.params as MrParams;
    const project = deps.state().findProject(params.id);
    if (!project || !deps.state().canSeeProject(caller.user, project)) {
      void reply.code(404).send(errors.projectNotFound);
      return undefined;
    }
    if (!/^[1-9]\d*$/.test(params.iid)) {
      void reply.code(404).send({ message: "404 Not found" });
      return undefined;
    }
    return { project, iid: Number(params.iid) };
  };

  app.get(base, async (req, reply) => {
    const caller = deps.auth(req, reply, READ_API, false);
    if (!caller) return reply;
    const at = target(req, reply, caller);
    if (!at) return reply;
    const page = readPageRequest(req.query as Record<string, string | undefined>);
    if ("invalid" in page) return reply.code(400).send(errors.invalidParam(page.invalid));
    // Default order: created_at desc ("sort … Default is desc"); asc when asked.
    const sortAsc = (req.query as Record<string, string | undefined>)["sort"] === "asc";
    const all = [...deps.notes.list(at.project, at.iid)];
    if (!sortAsc) all.reverse();
    const result = paginate(all, page, new URL(req.url, deps.origin(req)));
    void reply.headers(result.headers);
    return result.items.map((n) => noteBody(n, deps.webBase(req)));
  });

  app.post(base, async (req, reply) => {
    const caller = deps.auth(req, reply, WRITE_API);
    if (!caller?.user) return reply;
    const at = target(req, reply, caller);
    if (!at) return reply;
    const body = checkBody(req.body);
    if (typeof body !== "string") return reply.code(body.status).send(body.body);
    const note = deps.notes.add(at.project, at.iid, caller.user, body, new Date(deps.now()).toISOString());
    return reply.code(201).send(noteBody(note, deps.webBase(req)));
  });

  app.put(`${base}/:noteId`, async (req, reply) => {
    const caller = deps.auth(req, reply, WRITE_API);
    if (!caller?.user) return reply;
    const at = target(req, reply, caller);
    if (!at) return reply;
    const noteId = (req.params as { noteId: string }).noteId;
    const note = deps.notes.list(at.project, at.iid).find((n) => String(n.id) === noteId);
    if (!note) return reply.code(404).send({ message: "404 Note Not Found" });
    // Only the author edits a comment (https://docs.gitlab.com/user/discussions/#edit-a-comment).
    if (note.author.id !== caller.user.id) return reply.code(403).send({ message: "403 Forbidden" });
    const body = checkBody(req.body);
    if (typeof body !== "string") return reply.code(body.status).send(body.body);
    note.body = body;
    note.updatedAt = new Date(deps.now()).toISOString();
    return noteBody(note, deps.webBase(req));
  });
}
