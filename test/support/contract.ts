// Checks HTTP exchanges against the committed API contracts (test/contracts/*.json, derived from the
// vendors' descriptions by scripts/contracts/derive.ts; GitLab's written by hand): a request must match
// exactly one operation of the contract (method, path template, required and known parameters, body
// schema), and a response must validate against that operation's schema for its status.
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export interface ContractParameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}

export interface ContractOperation {
  method: string;
  path: string;
  parameters: ContractParameter[];
  requestBody?: { required: boolean; schema: unknown };
  /** By status ("200", "4XX", "default"); a null schema: documented without a JSON body. */
  responses: Record<string, { schema: unknown }>;
  /** Present on operations the description lacks: why they are accepted. */
  unverified?: string;
}

export interface Contract {
  contract: string;
  basePaths: string[];
  /** Statuses accepted on every operation that does not document them, each with its reason. */
  responseAllowances?: Record<string, { unverified: string; schema: unknown }>;
  operations: ContractOperation[];
  schemas: Record<string, unknown>;
}

export interface ContractRequest {
  method: string;
  /** Path and query string as sent. */
  url: string;
  /** The parsed JSON body; `undefined` when there was none. */
  body?: unknown;
  /** False when the body was never read (a fault answered before parsing): it is not checked then. */
  bodyRead?: boolean;
}

export interface ContractResponse {
  status: number;
  /** The parsed JSON body; `undefined` when there was none or it was not JSON. */
  body?: unknown;
  /** Whether the response carried a JSON body. */
  json: boolean;
}

export type ContractRule =
  | "operation-outside-contract"
  | "ambiguous-operation"
  | "path-parameter"
  | "missing-required-parameter"
  | "unknown-query-parameter"
  | "query-parameter"
  | "missing-required-body"
  | "unexpected-body"
  | "request-body"
  | "response-status"
  | "response-body";

export interface ContractViolation {
  /** Which side broke the contract. */
  side: "request" | "response";
  method: string;
  path: string;
  /** The matched operation (`GET /orgs/{org}`) when there is one. */
  operation?: string;
  contract?: string;
  rule: ContractRule;
  detail: string;
}

export function formatViolation(v: ContractViolation): string {
  const where = v.operation ? ` (${v.contract}: ${v.operation})` : v.contract ? ` (${v.contract})` : "";
  return `${v.side} ${v.method} ${v.path}${where}: ${v.rule}: ${v.detail}`;
}

/** test/contracts, from the sources (test/support) or from a build of them (build/test/support). */
export const CONTRACTS_DIR =
  [path.resolve(__dirname, "..", "contracts"), path.resolve(__dirname, "..", "..", "..", "test", "contracts")].find(
    (dir) => fs.existsSync(dir),
  ) ?? path.resolve(__dirname, "..", "contracts");

export function loadContract(name: string, dir: string = CONTRACTS_DIR): Contract {
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), "utf8")) as Contract;
}

/** A request matched to its operation, for checking the response that follows. */
export interface MatchedRequest {
  contract: Contract;
  index: number;
  operation: ContractOperation;
  method: string;
  path: string;
}

interface Candidate {
  contract: Contract;
  index: number;
  operation: ContractOperation;
  params: Record<string, string>;
}

function splitPath(p: string): string[] {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  return trimmed === "/" || trimmed === "" ? [] : trimmed.slice(1).split("/");
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = splitPath(template);
  const got = splitPath(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    const param = /^\{(.+)\}$/.exec(w);
    if (param) {
      if (g === "") return undefined;
      try {
        params[param[1]!] = decodeURIComponent(g);
      } catch {
        params[param[1]!] = g;
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined, strip = ""): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => {
      const at = `${where}${e.instancePath.startsWith(strip) ? e.instancePath.slice(strip.length) : e.instancePath}`;
      if (e.keyword === "required")
        return `${at} is missing required property "${String(e.params["missingProperty"])}"`;
      if (e.keyword === "additionalProperties")
        return `${at} has property "${String(e.params["additionalProperty"])}" the schema does not allow`;
      return `${at} ${e.message ?? e.keyword}${e.keyword === "enum" ? ` (${JSON.stringify(e.params["allowedValues"])})` : ""}`;
    })
    .join("; ");
}

/** Checks requests and responses against one or more contracts served by the same server. */
export class ContractChecker {
  private readonly ajv: Ajv;
  /** Query values arrive as strings: this one coerces them to the parameter's type first. */
  private readonly queryAjv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  /** `prefix`: a path the server puts before every base path of the contracts (a relative URL root). */
  constructor(
    readonly contracts: Contract[],
    private readonly prefix = "",
  ) {
    this.ajv = newAjv(false);
    this.queryAjv = newAjv("array");
    for (const c of contracts) {
      for (const ajv of [this.ajv, this.queryAjv]) {
        ajv.addSchema({
          $id: `contract-${c.contract}`,
          schemas: c.schemas,
          ops: c.operations,
          allow: c.responseAllowances ?? {},
        });
      }
    }
  }

  static load(names: string[], prefix = ""): ContractChecker {
    return new ContractChecker(
      names.map((n) => loadContract(n)),
      prefix,
    );
  }

  /** Matches a request to exactly one operation and checks its parameters and body. */
  checkRequest(req: ContractRequest): { match?: MatchedRequest; violations: ContractViolation[] } {
    const method = req.method.toUpperCase();
    const [rawPath = "/", rawQuery = ""] = req.url.split("?", 2) as [string, string?];
    const base = { side: "request" as const, method, path: rawPath };
    // HEAD is GET without a body (RFC 9110 §9.3.2): it is checked as the GET it stands for.
    const asMethod = method === "HEAD" ? "GET" : method;
    const candidates: Candidate[] = [];
    for (const contract of this.contracts) {
      for (const basePath of contract.basePaths.map((b) => `${this.prefix}${b}`)) {
        if (basePath !== "" && rawPath !== basePath && !rawPath.startsWith(`${basePath}/`)) continue;
        const rest = rawPath.slice(basePath.length) || "/";
        contract.operations.forEach((operation, index) => {
          if (operation.method !== asMethod) return;
          const params = matchTemplate(operation.path, rest);
          if (params) candidates.push({ contract, index, operation, params });
        });
      }
    }
    if (candidates.length === 0) {
      return {
        violations: [
          {
            ...base,
            contract: this.contracts.map((c) => c.contract).join(", "),
            rule: "operation-outside-contract",
            detail: `no operation of the contract matches ${asMethod} ${rawPath}`,
          },
        ],
      };
    }
    // A literal segment beats a parameter (OpenAPI: concrete paths match first); then path parameter schemas decide.
    const literals = (c: Candidate) => splitPath(c.operation.path).filter((s) => !s.startsWith("{")).length;
    const best = Math.max(...candidates.map(literals));
    let fitting = candidates.filter((c) => literals(c) === best);
    if (fitting.length > 1) {
      const valid = fitting.filter((c) => this.pathParameterViolations(c, base).length === 0);
      if (valid.length > 0) fitting = valid;
    }
    if (fitting.length > 1) {
      return {
        violations: [
          {
            ...base,
            rule: "ambiguous-operation",
            detail: `matches ${fitting.map((c) => `${c.contract.contract}: ${c.operation.method} ${c.operation.path}`).join(" and ")}`,
          },
        ],
      };
    }
    const chosen = fitting[0]!;
    const match: MatchedRequest = {
      contract: chosen.contract,
      index: chosen.index,
      operation: chosen.operation,
      method,
      path: rawPath,
    };
    const at = {
      ...base,
      contract: chosen.contract.contract,
      operation: `${chosen.operation.method} ${chosen.operation.path}`,
    };
    const violations = [
      ...this.pathParameterViolations(chosen, base).map((v) => ({ ...v, ...at })),
      ...this.queryViolations(chosen, new URLSearchParams(rawQuery), at),
      ...this.bodyViolations(chosen, req, at),
    ];
    return { match, violations };
  }

  /** Validates a response against the matched operation's schema for its status. */
  checkResponse(match: MatchedRequest, res: ContractResponse): ContractViolation[] {
    const { contract, operation, index } = match;
    const at = {
      side: "response" as const,
      method: match.method,
      path: match.path,
      contract: contract.contract,
      operation: `${operation.method} ${operation.path}`,
    };
    const status = String(res.status);
    const range = `${status[0]}XX`;
    const key =
      status in operation.responses
        ? `ops/${index}/responses/${status}`
        : range in operation.responses
          ? `ops/${index}/responses/${range}`
          : "default" in operation.responses
            ? `ops/${index}/responses/default`
            : contract.responseAllowances && status in contract.responseAllowances
              ? `allow/${status}`
              : undefined;
    if (key === undefined) {
      return [
        {
          ...at,
          rule: "response-status",
          detail: `status ${status} is not in the contract (documented: ${Object.keys(operation.responses).join(", ") || "none"})`,
        },
      ];
    }
    const entry = resolveEntry(contract, key);
    // HEAD answers carry no body, nor do 204 and 304 (RFC 9110 §9.3.2, §15.3.5, §15.4.5); a null
    // schema documents a status without a JSON body.
    const bodiless = match.method === "HEAD" || res.status === 204 || res.status === 304;
    if (bodiless || entry.schema === null || entry.schema === undefined) return [];
    if (!res.json) {
      return [{ ...at, rule: "response-body", detail: `status ${status} must carry a JSON body; none was sent` }];
    }
    const validate = this.validator(this.ajv, contract, `${key}/schema`);
    if (validate(res.body)) return [];
    return [{ ...at, rule: "response-body", detail: describeErrors("body", validate.errors) }];
  }

  private pathParameterViolations(c: Candidate, base: Omit<ContractViolation, "rule" | "detail">): ContractViolation[] {
    const out: ContractViolation[] = [];
    c.operation.parameters.forEach((p, i) => {
      if (p.in !== "path") return;
      const value = c.params[p.name];
      if (value === undefined) return;
      const validate = this.validator(this.queryAjv, c.contract, `ops/${c.index}/parameters/${i}/schema`);
      const holder = { v: value };
      if (!this.validateHolder(validate, holder)) {
        out.push({
          ...base,
          rule: "path-parameter",
          detail: `path parameter "${p.name}" = ${JSON.stringify(value)}: ${describeErrors("value", validate.errors, "/v")}`,
        });
      }
    });
    return out;
  }

  private queryViolations(
    c: Candidate,
    query: URLSearchParams,
    at: Omit<ContractViolation, "rule" | "detail">,
  ): ContractViolation[] {
    const out: ContractViolation[] = [];
    const values = new Map<string, string[]>();
    for (const [rawKey, value] of query) {
      // Rails/Grape array syntax: `skip_groups[]=1&skip_groups[]=2`.
      const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
      values.set(key, [...(values.get(key) ?? []), value]);
    }
    const known = new Set<string>();
    c.operation.parameters.forEach((p, i) => {
      if (p.in !== "query") return;
      known.add(p.name);
      const given = values.get(p.name);
      if (given === undefined) {
        if (p.required)
          out.push({ ...at, rule: "missing-required-parameter", detail: `query parameter "${p.name}" is required` });
        return;
      }
      const validate = this.validator(this.queryAjv, c.contract, `ops/${c.index}/parameters/${i}/schema`);
      const holder = { v: given.length === 1 ? given[0] : given };
      if (!this.validateHolder(validate, holder)) {
        out.push({
          ...at,
          rule: "query-parameter",
          detail: `query parameter "${p.name}" = ${JSON.stringify(given.length === 1 ? given[0] : given)}: ${describeErrors("value", validate.errors, "/v")}`,
        });
      }
    });
    for (const key of values.keys()) {
      if (!known.has(key))
        out.push({ ...at, rule: "unknown-query-parameter", detail: `query parameter "${key}" is not in the contract` });
    }
    return out;
  }

  private bodyViolations(
    c: Candidate,
    req: ContractRequest,
    at: Omit<ContractViolation, "rule" | "detail">,
  ): ContractViolation[] {
    if (req.bodyRead === false) return [];
    const spec = c.operation.requestBody;
    if (req.body === undefined) {
      return spec?.required
        ? [
            {
              ...at,
              rule: "missing-required-body",
              detail: "the operation requires a JSON request body; none was sent",
            },
          ]
        : [];
    }
    if (!spec) return [{ ...at, rule: "unexpected-body", detail: "the operation takes no request body" }];
    const validate = this.validator(this.ajv, c.contract, `ops/${c.index}/requestBody/schema`);
    if (validate(req.body)) return [];
    return [{ ...at, rule: "request-body", detail: describeErrors("body", validate.errors) }];
  }

  /** Validates `{ v }` so the coercing validator can rewrite the value in place. */
  private validateHolder(validate: ValidateFunction, holder: { v: unknown }): boolean {
    return validate(holder);
  }

  private validator(ajv: Ajv, contract: Contract, pointer: string): ValidateFunction {
    const coercing = ajv === this.queryAjv;
    const id = `${coercing ? "q" : "b"}:${contract.contract}#/${pointer}`;
    let fn = this.compiled.get(id);
    if (!fn) {
      const ref = `contract-${contract.contract}#/${pointer}`;
      fn = ajv.compile(coercing ? { type: "object", properties: { v: { $ref: ref } } } : { $ref: ref });
      this.compiled.set(id, fn);
    }
    return fn;
  }
}

function resolveEntry(contract: Contract, key: string): { schema: unknown } {
  const parts = key.split("/");
  if (parts[0] === "allow") return contract.responseAllowances![parts[1]!]!;
  return contract.operations[Number(parts[1])]!.responses[parts[3]!]!;
}

function newAjv(coerceTypes: false | "array"): Ajv {
  // strict off: the descriptions use OpenAPI keywords (nullable) and vendor formats Ajv does not define.
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, allowUnionTypes: true });
  addFormats(ajv);
  // Formats the descriptions use that JSON Schema does not define: protobuf's int32/int64 and enum.
  for (const name of ["int32", "int64", "enum", "float", "double", "byte", "binary", "password"])
    ajv.addFormat(name, true);
  return ajv;
}

/** Contracts per server, loaded and compiled once per process (emulators are created by the hundred). */
const cache = new Map<string, ContractChecker>();

export function contractChecker(names: string[], prefix = ""): ContractChecker {
  const key = `${prefix} ${names.join(",")}`;
  let checker = cache.get(key);
  if (!checker) {
    checker = ContractChecker.load(names, prefix);
    cache.set(key, checker);
  }
  return checker;
}
