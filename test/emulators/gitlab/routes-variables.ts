// Project-level CI/CD variables as GitLab's REST API serves them (https://docs.gitlab.com/api/project_level_variables/):
// list (paginated), get one, create (201), update (200), for maintainers. A masked value must meet
// GitLab's masking requirements (https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable): GitLab's
// Ci::Maskable validates it with \A[a-zA-Z0-9_+=/@:.~-]{8,}\z (raw variables: \A\S{8,}\z) and, like any
// failed model validation through the API, answers 400 {"message": {"value": ["is invalid"]}}.
// Values stay in the emulator: the API answers them as GitLab does (hidden ones as null).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { READ_API } from "./auth";
import { errors } from "./bodies";
import { paginate, readPageRequest } from "./pagination";
import { MAINTAINER, missing, visibleProject, WRITE_API, type RepositoryRouteDeps } from "./routes-repository";
import type { ProjectRecord } from "./state";

export const MASKABLE = /^[a-zA-Z0-9_+=/@:.~-]{8,}$/;
export const MASKABLE_RAW = /^\S{8,}$/;

export interface StoredVariable {
  key: string;
  value: string;
  variableType: "env_var" | "file";
  protected: boolean;
  masked: boolean;
  hidden: boolean;
  raw: boolean;
  environmentScope: string;
  description: string | null;
}

/** Every project's variables; cleared by every seed. */
export class ProjectVariables {
  private readonly byProject = new Map<number, Map<string, StoredVariable>>();

  clear(): void {
    this.byProject.clear();
  }

  list(project: ProjectRecord): StoredVariable[] {
    return [...(this.byProject.get(project.id)?.values() ?? [])];
  }

  get(project: ProjectRecord, key: string): StoredVariable | undefined {
    return this.byProject.get(project.id)?.get(key);
  }

  set(project: ProjectRecord, variable: StoredVariable): void {
    const all = this.byProject.get(project.id) ?? new Map<string, StoredVariable>();
    all.set(variable.key, variable);
    this.byProject.set(project.id, all);
  }

  /** Control state: values in plaintext, for tests that prove the right value arrived. */
  dump(nameOf: (id: number) => string): unknown[] {
    return [...this.byProject.entries()].map(([id, all]) => ({
      project: nameOf(id),
      variables: [...all.values()].map((v) => ({
        key: v.key,
        value: v.value,
        masked: v.masked,
        protected: v.protected,
        hidden: v.hidden,
      })),
    }));
  }
}

function variableBody(v: StoredVariable) {
  return {
    variable_type: v.variableType,
    key: v.key,
    value: v.hidden ? null : v.value,
    hidden: v.hidden,
    protected: v.protected,
    masked: v.masked,
    raw: v.raw,
    environment_scope: v.environmentScope,
    description: v.description,
  };
}

/** Grape's Boolean coercion for JSON or form bodies (true / "true" / "1" …); undefined when absent. */
function flag(value: unknown): boolean | undefined | "invalid" {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value !== "string" && typeof value !== "number") return "invalid";
  const text = `${value}`.toLowerCase();
  if (["true", "1", "t", "yes", "y", "on"].includes(text)) return true;
  if (["false", "0", "f", "no", "n", "off"].includes(text)) return false;
  return "invalid";
}

/** The model validations GitLab runs on save, as the 400 body it answers; undefined when valid. */
function invalid(v: StoredVariable): Record<string, string[]> | undefined {
  const problems: Record<string, string[]> = {};
  if (!/^[a-zA-Z0-9_]+$/.test(v.key) || v.key.length > 255)
    problems["key"] = ["can contain only letters, digits and '_'."];
  if (v.masked && !(v.raw ? MASKABLE_RAW : MASKABLE).test(v.value)) problems["value"] = ["is invalid"];
  return Object.keys(problems).length > 0 ? problems : undefined;
}

export interface VariableRouteDeps extends RepositoryRouteDeps {
  variables: ProjectVariables;
}

export function registerVariableRoutes(app: FastifyInstance, api: string, deps: VariableRouteDeps): void {
  const base = `${api}/projects/:id/variables`;

  app.get(base, async (req, reply) => {
    const caller = deps.auth(req, reply, READ_API);
    if (!caller) return reply;
    const project = visibleProject(deps, req, reply, caller, MAINTAINER);
    if (!project) return reply;
    const page = readPageRequest(req.query as Record<string, string | undefined>);
    if ("invalid" in page) return reply.code(400).send(errors.invalidParam(page.invalid));
    const result = paginate(deps.variables.list(project), page, new URL(req.url, deps.origin(req)));
    void reply.headers(result.headers);
    return result.items.map(variableBody);
  });

  app.get(`${base}/:key`, async (req, reply) => {
    const caller = deps.auth(req, reply, READ_API);
    if (!caller) return reply;
    const project = visibleProject(deps, req, reply, caller, MAINTAINER);
    if (!project) return reply;
    const variable = deps.variables.get(project, (req.params as { key: string }).key);
    if (!variable) return reply.code(404).send({ message: "404 Variable Not Found" });
    return variableBody(variable);
  });

  const write = (creating: boolean) =>
    async function handler(req: FastifyRequest, reply: FastifyReply) {
      const caller = deps.auth(req, reply, WRITE_API);
      if (!caller) return reply;
      const project = visibleProject(deps, req, reply, caller, MAINTAINER, true);
      if (!project) return reply;
      const body = { ...(req.query as Record<string, unknown>), ...((req.body as Record<string, unknown>) ?? {}) };
      const key = creating ? body["key"] : (req.params as { key: string }).key;
      const existing = typeof key === "string" ? deps.variables.get(project, key) : undefined;
      if (creating) {
        const absent = missing(body, ["key", "value"]);
        if (absent) return reply.code(400).send(absent);
      } else if (!existing) {
        return reply.code(404).send({ message: "404 Variable Not Found" });
      }
      for (const name of ["protected", "masked", "raw", "masked_and_hidden"]) {
        if (flag(body[name]) === "invalid") return reply.code(400).send(errors.invalidParam(name));
      }
      const value = body["value"];
      if (value !== undefined && typeof value !== "string" && typeof value !== "number")
        return reply.code(400).send(errors.invalidParam("value"));
      const type = body["variable_type"] ?? existing?.variableType ?? "env_var";
      if (type !== "env_var" && type !== "file")
        return reply.code(400).send({ error: "variable_type does not have a valid value" });
      const pick = (name: string, fallback: boolean) => {
        const v = flag(body[name]);
        return typeof v === "boolean" ? v : fallback;
      };
      const hidden = creating ? pick("masked_and_hidden", false) : (existing?.hidden ?? false);
      const variable: StoredVariable = {
        key: String(key),
        value: value === undefined ? (existing?.value ?? "") : `${value}`,
        variableType: type,
        protected: pick("protected", existing?.protected ?? false),
        masked: hidden || pick("masked", existing?.masked ?? false),
        hidden,
        raw: pick("raw", existing?.raw ?? false),
        environmentScope:
          typeof body["environment_scope"] === "string"
            ? body["environment_scope"]
            : (existing?.environmentScope ?? "*"),
        description: typeof body["description"] === "string" ? body["description"] : (existing?.description ?? null),
      };
      const problems = invalid(variable);
      if (creating && existing)
        return reply.code(400).send({ message: { ...problems, key: [`(${variable.key}) has already been taken`] } });
      if (problems) return reply.code(400).send({ message: problems });
      deps.variables.set(project, variable);
      return reply.code(creating ? 201 : 200).send(variableBody(variable));
    };

  app.post(base, write(true));
  app.put(`${base}/:key`, write(false));
}
