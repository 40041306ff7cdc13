// One Semgrep API token's way to the API: every request goes through the shared request policy
// (timeouts, retries on 5xx / 429 honouring Retry-After, a rate limiter per API key), every answer is
// parsed with zod, and a 404 is taken at its word only once the token's Web API scope is proven. Serves
// both the Web API client (./client) and the SCM API client (./scm-client).
import type { z } from "zod";
import { ScmIntegrationError, isScmIntegrationError } from "../../core/errors";
import { systemClock, type Clock } from "../../core/clock";
import { createFetch } from "../../core/guarded-fetch";
import { defaultHttpPolicy, sendWithPolicy, type FetchLike, type HttpPolicy } from "../../core/http";
import { silentLogger, type Logger } from "../../core/log";
import { rememberSecret } from "../../core/redact";
import { API_TOKEN_FIELD, httpError, webApiScopeError, withContext } from "./errors";
import { semgrepLimiterFor, type SemgrepRateLimit } from "./rate-limit";
import { anyBodySchema, listDeploymentsSchema, type SemgrepDeployment } from "./schemas";

export const DEFAULT_SEMGREP_API_URL = "https://semgrep.dev";

export interface SemgrepTransportOptions {
  token: string;
  /** Host root serving /api/v1 and /api/scm; default https://semgrep.dev. */
  apiUrl?: string;
  logger?: Logger;
  /** What every wait goes through (rate limiter, retries, Retry-After, task polls); default the system clock. */
  clock?: Clock;
  fetch?: FetchLike;
  rateLimit?: SemgrepRateLimit;
  policy?: Partial<Omit<HttpPolicy, "limiter" | "clock">>;
}

export interface CallOptions<S extends z.ZodType> {
  operation: string;
  method: string;
  path: string;
  query?: Record<string, string | number | string[] | undefined>;
  body?: unknown;
  schema: S;
  /** 404 on this call means "no such object" (once the token's scope is proven) and yields null. */
  nullOn404?: boolean;
  idempotent?: boolean;
}

const DEPLOYMENTS_PATH = "/api/v1/deployments";

export class SemgrepTransport {
  readonly apiRoot: string;
  readonly clock: Clock;
  private readonly token: string;
  private readonly fetchImpl: FetchLike;
  private readonly policy: HttpPolicy;
  private readonly logger: Logger;
  private scopeProof?: Promise<SemgrepDeployment[]>;

  constructor(options: SemgrepTransportOptions) {
    if (!options.token) {
      throw new ScmIntegrationError("invalid-input", "no Semgrep API token is configured", {
        field: API_TOKEN_FIELD,
        fix: `set it with \`pulumi config set --secret ${API_TOKEN_FIELD} <token>\` or the SEMGREP_APP_TOKEN environment variable`,
      });
    }
    rememberSecret(options.token);
    this.token = options.token;
    this.apiRoot = (options.apiUrl ?? DEFAULT_SEMGREP_API_URL).replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? createFetch();
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.policy = {
      ...defaultHttpPolicy,
      ...options.policy,
      limiter: semgrepLimiterFor(this.apiRoot, options.token, options.rateLimit, this.clock),
      clock: this.clock,
      onRetry: (info) =>
        this.logger.info(`Semgrep: retrying after ${info.reason} (attempt ${info.attempt}, waiting ${info.waitMs} ms)`),
    };
  }

  /** The deployments this token sees (Semgrep: exactly one). A 404 here means the token lacks the Web API scope. */
  listDeployments(): Promise<SemgrepDeployment[]> {
    // Memoised: it also proves the token's scope, which later 404s rely on.
    if (!this.scopeProof) {
      this.scopeProof = this.call({
        operation: "GET /api/v1/deployments",
        method: "GET",
        path: DEPLOYMENTS_PATH,
        schema: listDeploymentsSchema,
      }).then((r) => r.deployments);
      this.scopeProof.catch(() => (this.scopeProof = undefined));
    }
    return this.scopeProof;
  }

  call<S extends z.ZodType>(options: CallOptions<S> & { nullOn404: true }): Promise<z.infer<S> | null>;
  call<S extends z.ZodType>(options: CallOptions<S>): Promise<z.infer<S>>;
  async call<S extends z.ZodType>(options: CallOptions<S>): Promise<z.infer<S> | null> {
    const url = this.apiRoot + options.path + queryString(options.query);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: "application/json",
      "user-agent": "pulumi-scm-integrations",
    };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await sendWithPolicy(
        {
          method: options.method,
          url,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
        },
        this.policy,
        this.fetchImpl,
      );
    } catch (e) {
      if (isScmIntegrationError(e)) throw withContext(e, `Semgrep ${options.operation}`);
      throw e;
    }
    const text = await response.text();
    if (response.status === 404) return this.onNotFound(options, text);
    if (!response.ok) throw httpError(options.operation, response.status, text);
    let json: unknown = undefined;
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        throw protocolError(options.operation, "a body that is not JSON", response.status);
      }
    } else if (response.status !== 204 && (options.schema as z.ZodType) !== anyBodySchema) {
      throw protocolError(options.operation, "an empty body", response.status);
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unknown shape";
      throw protocolError(options.operation, `an unexpected body (${where})`, response.status);
    }
    return parsed.data;
  }

  /**
   * Semgrep answers 404 both for a missing object and for a token without the Web API scope. The scope is
   * proven by `GET /api/v1/deployments` succeeding; only then is a 404 taken at its word.
   */
  private async onNotFound<S extends z.ZodType>(options: CallOptions<S>, text: string): Promise<null> {
    if (options.path === DEPLOYMENTS_PATH) throw webApiScopeError(options.operation);
    try {
      await this.listDeployments();
    } catch (e) {
      if (isScmIntegrationError(e) && e.kind === "insufficient-scope") throw webApiScopeError(options.operation);
      throw e;
    }
    if (options.nullOn404) return null;
    throw httpError(options.operation, 404, text);
  }
}

/** A path segment, encoded (project names are repository paths: `org/repo`, `group/sub/repo`). */
export function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function protocolError(operation: string, what: string, status: number): ScmIntegrationError {
  return new ScmIntegrationError("protocol", `Semgrep answered ${operation} with ${what} (HTTP ${status})`, {
    status,
    fix: "check that the Semgrep API URL points at Semgrep (scm-integrations:semgrepApiUrl), not a proxy or another service",
  });
}

function queryString(query: CallOptions<z.ZodType>["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
