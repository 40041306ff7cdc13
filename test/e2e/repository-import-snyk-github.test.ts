// RepositoryImport through the real Pulumi CLI: Snyk × GitHub, repositories chosen by a selector.
// Preview, up, a no-change preview with zero writes, a new repository (preview shows exactly that
// one), a removed repository, an out-of-band import then refresh, a plan over maxDeletions refused,
// destroy — with Snyk's targets asserted after each step.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { E2EStack, stepsByOp } from "../support/harness";
import { countWrites, expectFailure, githubListingStatuses, Transcript } from "../support/lifecycle";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYe2eRepositoryImport0000000001";

interface SnykTargets {
  targets: { id: string; displayName?: string; display_name?: string; orgId?: string }[];
}

let world: World;
let stack: E2EStack;
const transcript = new Transcript();
const settings = {
  mode: "authoritative" as "authoritative" | "additive",
  maxDeletions: 10,
  allowDeletions: undefined as number | undefined,
  exclude: [] as string[],
};

function targetNames(): string[] {
  const dump = world.platform.dump() as SnykTargets;
  return dump.targets.map((t) => String(t.displayName ?? t.display_name)).sort();
}

const initialRepos = [
  { name: "api", topics: ["scan"] },
  { name: "web", topics: ["scan"] },
  { name: "worker", topics: ["scan"] },
  { name: "docs", topics: ["docs"] },
  { name: "old-api", topics: ["scan"], archived: true },
  { name: "api-fork", topics: ["scan"], fork: true },
];

before(async () => {
  world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: initialRepos,
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    pendingPolls: 2,
  });
  stack = await E2EStack.create({
    name: "ri-snyk-github",
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("snyk", {
        platform: "snyk",
        platformOrg: SNYK_ORG,
        scm: "github",
        token: TOKEN,
      });
      const connection = new OrgConnection("acme", { integration, organization: "acme" });
      const repos = new RepositoryImport("scanned", {
        connection,
        selector: { include: ["acme/*"], exclude: settings.exclude, topics: ["scan"] },
        mode: settings.mode,
        maxDeletions: settings.maxDeletions,
        ...(settings.allowDeletions !== undefined ? { allowDeletions: settings.allowDeletions } : {}),
      });
      return {
        resolved: repos.resolvedRepositories.apply((m) => Object.keys(m)),
        imported: repos.imported,
        importedCount: repos.importedCount,
      };
    },
  });
});

after(async () => {
  await stack?.dispose();
  await world?.stop();
});

test("preview lists the selected repositories and imports nothing", async () => {
  const { result, platformWrites } = await countWrites(world, () => stack.preview());
  transcript.add(result);
  const text = result.stdout + result.stderr;
  assert.match(text, /resolved 3 repositories in acme/);
  assert.match(text, /plan: import 3 once the connection exists/);
  assert.match(result.stdout, /acme\/api\s*: "selector"/);
  assert.equal(platformWrites, 0);
  assert.deepEqual(targetNames(), []);
});

test("up imports exactly the selected repositories", async () => {
  const up = transcript.add(await stack.up());
  assert.deepEqual(up.outputs.resolved, ["acme/api", "acme/web", "acme/worker"]);
  assert.equal(up.outputs.importedCount, 3);
  assert.deepEqual(targetNames(), ["acme/api", "acme/web", "acme/worker"]);
  assert.match(up.stdout + up.stderr, /imported 3\/3/);
});

test("a second preview changes nothing, writes nothing, and its listing is answered 304", async () => {
  const { result, scmWrites, platformWrites } = await countWrites(world, () =>
    stack.preview({ expectNoChanges: true }),
  );
  transcript.add(result);
  assert.equal(scmWrites + platformWrites, 0);
  // A new provider process, yet the ETags of the last command were kept: nothing GitHub counts.
  const listing = githubListingStatuses(world.scm);
  assert.ok(listing.length > 0, "the selector was resolved from a listing");
  assert.deepEqual(
    listing.filter((status) => status !== 304),
    [],
  );
  assert.ok(fs.readdirSync(path.join(stack.dir, "http-cache")).length > 0, "the stack's own cache holds them");
});

test("a new repository matching the selector shows up in the preview as exactly that one addition", async () => {
  world.addRepository({ name: "billing", topics: ["scan"] });
  const preview = transcript.add(await stack.preview());
  assert.deepEqual(stepsByOp(preview.events).update, ["scanned"]);
  const text = preview.stdout + preview.stderr;
  assert.match(text, /\+1 −0 since the last run/);
  assert.match(text, /to import: acme\/billing/);
  // Exactly one line for the new repository, none for the others.
  assert.match(preview.stdout, /\+ acme\/billing\s*: "selector"/);
  assert.doesNotMatch(preview.stdout, /acme\/(api|web|worker)\s*: "selector"/);
  transcript.add(await stack.up());
  assert.deepEqual(targetNames(), ["acme/api", "acme/billing", "acme/web", "acme/worker"]);
});

test("excluding a repository removes its import (authoritative)", async () => {
  settings.exclude = ["acme/worker"];
  const up = transcript.add(await stack.up());
  assert.deepEqual(up.outputs.resolved, ["acme/api", "acme/billing", "acme/web"]);
  assert.deepEqual(targetNames(), ["acme/api", "acme/billing", "acme/web"]);
});

test("refresh reports an import added out of band, and the next up removes it", async () => {
  const snyk = (
    world.platform as unknown as {
      snyk: {
        addTarget: (t: Record<string, unknown>) => unknown;
        orgs: Map<string, { integrations: Map<string, { id: string }> }>;
      };
    }
  ).snyk;
  const integrationId = [...snyk.orgs.get(SNYK_ORG)!.integrations.values()][0]!.id;
  snyk.addTarget({
    orgId: SNYK_ORG,
    integrationId,
    integrationType: "github-enterprise",
    displayName: "acme/docs",
    url: "https://github.com/acme/docs",
    isPrivate: true,
  });
  const refresh = transcript.add(await stack.refresh());
  assert.match(refresh.stdout + refresh.stderr, /imports not desired were added out of band: acme\/docs/);
  const preview = transcript.add(await stack.preview());
  assert.deepEqual(stepsByOp(preview.events).update, ["scanned"]);
  transcript.add(await stack.up());
  assert.deepEqual(targetNames(), ["acme/api", "acme/billing", "acme/web"]);
});

test("a plan removing more than maxDeletions is refused, with the override named", async () => {
  settings.maxDeletions = 1;
  settings.exclude = ["acme/worker", "acme/api", "acme/web"];
  const message = await expectFailure(() => stack.preview());
  transcript.addText(message);
  assert.match(message, /2 .*remov.*maxDeletions|maxDeletions.*2/s);
  assert.match(message, /allowDeletions/);
  assert.deepEqual(targetNames(), ["acme/api", "acme/billing", "acme/web"]);
  settings.allowDeletions = 2;
  transcript.add(await stack.up());
  assert.deepEqual(targetNames(), ["acme/billing"]);
});

test("destroy removes what the resource imported and no token leaked", async () => {
  transcript.add(await stack.destroy());
  assert.deepEqual(targetNames(), []);
  transcript.assertNoCanary(stack, [TOKEN, world.platformToken]);
});
