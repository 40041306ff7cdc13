// GitHub Actions repository secrets, after GitHub's REST docs (https://docs.github.com/en/rest/actions/secrets):
// the repository public key (`actions/get-repo-public-key`), create or update (`actions/create-or-update-repo-secret`:
// 201 created, 204 updated), get (`actions/get-repo-secret`, no value) and list (`actions/list-repo-secrets`).
// Each repository gets a real Curve25519 key pair (libsodium); a value arrives as a sealed box
// ("Encrypting secrets for the REST API": https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api),
// which the emulator opens with the private key so that tests can see what arrived. The plaintext is
// kept for the control state only: no API route ever answers it.
import { randomInt } from "node:crypto";
import type { components } from "@octokit/openapi-types";
import type { FastifyInstance } from "fastify";
import sodium from "libsodium-wrappers";
import { basicError } from "./bodies";
import type { Repository } from "./state";
import {
  fullName,
  isOutcome,
  notFound,
  validationFailed,
  writableRepository,
  type RepositoryRouteDeps,
} from "./write-access";

type Schemas = components["schemas"];

const DOCS = "rest/actions/secrets";

interface KeyPair {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export interface StoredSecret {
  name: string;
  plaintext: string;
  createdAt: string;
  updatedAt: string;
}

/** Every repository's key pair and secrets; cleared by every seed. */
export class ActionsSecrets {
  private readonly keys = new Map<number, KeyPair>();
  private readonly secrets = new Map<number, Map<string, StoredSecret>>();

  clear(): void {
    this.keys.clear();
    this.secrets.clear();
  }

  /** The repository's key pair, made on first use (sodium must be ready: `await sodium.ready`). */
  keyPair(repo: Repository): KeyPair {
    let pair = this.keys.get(repo.id);
    if (!pair) {
      const { publicKey, privateKey } = sodium.crypto_box_keypair();
      // GitHub's key ids are long decimal strings (e.g. "568250167242549743" in the docs' example).
      pair = {
        keyId: `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`,
        publicKey,
        privateKey,
      };
      this.keys.set(repo.id, pair);
    }
    return pair;
  }

  list(repo: Repository): StoredSecret[] {
    return [...(this.secrets.get(repo.id)?.values() ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  get(repo: Repository, name: string): StoredSecret | undefined {
    return this.secrets.get(repo.id)?.get(name.toUpperCase());
  }

  /** Stores a value; true when the secret is new. */
  put(repo: Repository, name: string, plaintext: string, at: string): boolean {
    const all = this.secrets.get(repo.id) ?? new Map<string, StoredSecret>();
    this.secrets.set(repo.id, all);
    const key = name.toUpperCase();
    const existing = all.get(key);
    all.set(key, { name: key, plaintext, createdAt: existing?.createdAt ?? at, updatedAt: at });
    return existing === undefined;
  }

  dump(reposById: Map<number, Repository>): unknown[] {
    return [...this.secrets.entries()].map(([id, all]) => {
      const repo = reposById.get(id);
      return {
        repository: repo ? fullName(repo) : String(id),
        secrets: Object.fromEntries([...all.values()].map((s) => [s.name, s.plaintext])),
      };
    });
  }
}

function secretBody(secret: StoredSecret): Schemas["actions-secret"] {
  return { name: secret.name, created_at: secret.createdAt, updated_at: secret.updatedAt };
}

/**
 * Secret names: alphanumerics and underscores, not starting with a digit or `GITHUB_`
 * (https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#naming-your-secrets).
 * The 422 message text is UNVERIFIED.
 */
function badSecretName(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return "Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).";
  if (/^GITHUB_/i.test(name)) return "Secret names must not start with GITHUB_.";
  return undefined;
}

export interface SecretRouteDeps extends RepositoryRouteDeps {
  secrets: ActionsSecrets;
}

export function registerActionsSecretRoutes(api: FastifyInstance, deps: SecretRouteDeps): void {
  type RepoParams = { owner: string; repo: string };
  // Reading or writing secrets needs write (collaborator) access to the repository, as GitHub's docs say
  // ("Authenticated users must have collaborator access to a repository to create, update, or read secrets").

  api.get<{ Params: RepoParams }>("/repos/:owner/:repo/actions/secrets/public-key", async (req, reply) => {
    await sodium.ready;
    return deps.serve(req, reply, (ctx) => {
      const docs = `${DOCS}#get-a-repository-public-key`;
      const repo = writableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
      if (isOutcome(repo)) return repo;
      const pair = deps.secrets.keyPair(repo);
      const body: Schemas["actions-public-key"] = {
        key_id: pair.keyId,
        key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
      };
      return { status: 200, body };
    });
  });

  api.get<{ Params: RepoParams; Querystring: { per_page?: string; page?: string } }>(
    "/repos/:owner/:repo/actions/secrets",
    (req, reply) =>
      deps.serve(req, reply, (ctx) => {
        const docs = `${DOCS}#list-repository-secrets`;
        const repo = writableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
        if (isOutcome(repo)) return repo;
        const all = deps.secrets.list(repo);
        const perPage = Math.min(100, Math.max(1, Number.parseInt(req.query.per_page ?? "30", 10) || 30));
        const page = Math.max(1, Number.parseInt(req.query.page ?? "1", 10) || 1);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const base = `${ctx.origins.api}/repos/${fullName(repo)}/actions/secrets`;
        const at = (n: number) => `<${base}?per_page=${perPage}&page=${n}>`;
        const links: string[] = [];
        if (page > 1) links.push(`${at(page - 1)}; rel="prev"`, `${at(1)}; rel="first"`);
        if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
        return {
          status: 200,
          body: { total_count: all.length, secrets: all.slice((page - 1) * perPage, page * perPage).map(secretBody) },
          ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}),
        };
      }),
  );

  api.get<{ Params: RepoParams & { secret_name: string } }>(
    "/repos/:owner/:repo/actions/secrets/:secret_name",
    (req, reply) =>
      deps.serve(req, reply, (ctx) => {
        const docs = `${DOCS}#get-a-repository-secret`;
        const repo = writableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
        if (isOutcome(repo)) return repo;
        const secret = deps.secrets.get(repo, req.params.secret_name);
        return secret ? { status: 200, body: secretBody(secret) } : notFound(docs);
      }),
  );

  api.put<{ Params: RepoParams & { secret_name: string } }>(
    "/repos/:owner/:repo/actions/secrets/:secret_name",
    async (req, reply) => {
      await sodium.ready;
      return deps.serve(req, reply, (ctx) => {
        const docs = `${DOCS}#create-or-update-a-repository-secret`;
        const repo = writableRepository(deps, ctx, req.params.owner, req.params.repo, docs);
        if (isOutcome(repo)) return repo;
        const nameProblem = badSecretName(req.params.secret_name);
        if (nameProblem)
          return validationFailed(docs, [{ resource: "Secret", field: "name", code: "invalid", message: nameProblem }]);
        const body = (req.body ?? {}) as { encrypted_value?: unknown; key_id?: unknown };
        if (typeof body.encrypted_value !== "string" || typeof body.key_id !== "string") {
          const field = typeof body.encrypted_value !== "string" ? "encrypted_value" : "key_id";
          return validationFailed(docs, [{ resource: "Secret", field, code: "missing_field" }]);
        }
        const pair = deps.secrets.keyPair(repo);
        // A value sealed for another key (an old one, another repository's) cannot be opened.
        // UNVERIFIED: the status and text GitHub answers for a wrong key_id or an unopenable box.
        if (body.key_id !== pair.keyId)
          return {
            status: 422,
            body: basicError("Bad request - key_id does not match the repository public key", 422, docs),
          };
        let plaintext: string;
        try {
          const sealed = sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL);
          plaintext = sodium.to_string(sodium.crypto_box_seal_open(sealed, pair.publicKey, pair.privateKey));
        } catch {
          return { status: 422, body: basicError("Bad request - encrypted_value could not be decrypted", 422, docs) };
        }
        const at = new Date(deps.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
        const created = deps.secrets.put(repo, req.params.secret_name, plaintext, at);
        return created ? { status: 201, body: {} } : { status: 204, body: undefined };
      });
    },
  );
}
