// RepositoryImport through the real Pulumi CLI: Snyk × GitHub, repositories chosen by a selector.
// Authoritative mode, one case in steps: preview, up, a no-change preview with zero writes, a new
// repository (preview shows exactly that one), a removed repository, an out-of-band import then
// refresh, a plan over maxDeletions refused (with the provider's exact message), destroy — with
// Snyk's targets asserted after each step. Additive mode, a second case: an import made by hand on
// Snyk before the stack existed survives up, a removal and destroy.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "@jest/globals";
import { Integration, OrgConnection, RepositoryImport } from "../../sdk";
import { E2E_CASE_TIMEOUT_MS, E2EStack, stepsByOp } from "../support/harness";
import {
  countWrites,
  expectFailure,
  githubListingStatuses,
  PlatformView,
  runScenario,
  Transcript,
  type Defer,
  type Step,
} from "../support/lifecycle";
import { SNYK_ORG, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYe2eRepositoryImport0000000001";

const initialRepos = [
  { name: "api", topics: ["scan"] },
  { name: "web", topics: ["scan"] },
  { name: "worker", topics: ["scan"] },
  { name: "docs", topics: ["docs"] },
  { name: "old-api", topics: ["scan"], archived: true },
  { name: "api-fork", topics: ["scan"], fork: true },
];

interface Settings {
  mode: "authoritative" | "additive";
  maxDeletions: number;
  allowDeletions: number | undefined;
  exclude: string[];
}

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  /** The program's inputs: steps change them between operations. */
  settings: Settings;
}

/** A world and a stack of Integration, OrgConnection and RepositoryImport("scanned"); `beforeStack` runs in between. */
async function setUp(
  defer: Defer,
  name: string,
  mode: Settings["mode"],
  beforeStack?: (view: PlatformView) => void,
): Promise<Scenario> {
  const world = await startWorld({
    scm: "github",
    platform: "snyk",
    organization: "acme",
    repositories: initialRepos,
    tokens: [{ value: TOKEN, scopes: ["repo", "read:org", "admin:repo_hook"] }],
    pendingPolls: 2,
  });
  defer(() => world.stop());
  const view = new PlatformView(world);
  beforeStack?.(view);
  const settings: Settings = { mode, maxDeletions: 10, allowDeletions: undefined, exclude: [] };
  const stack = await E2EStack.create({
    name,
    config: world.config,
    secrets: world.secrets,
    env: world.env,
    program: async () => {
      const integration = new Integration("snyk", {
        platform: "snyk",
        platformOrg: SNYK_ORG,
        scm: "github",
        token: TOKEN,
        // The additive case starts from an integration made by hand: taking it over is opted into.
        adoptExisting: beforeStack !== undefined,
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
  defer(() => stack.dispose());
  return { world, stack, view, transcript: new Transcript(), settings };
}

const authoritative: Step<Scenario>[] = [
  {
    name: "preview lists the selected repositories and imports nothing",
    run: async ({ world, stack, view, transcript }) => {
      const { result, platformWrites } = await countWrites(world, () => stack.preview());
      transcript.add(result);
      const text = result.stdout + result.stderr;
      assert.match(text, /resolved 3 repositories in acme/);
      assert.match(text, /plan: import 3 once the connection exists/);
      assert.match(result.stdout, /acme\/api\s*: "selector"/);
      assert.equal(platformWrites, 0);
      assert.deepEqual(view.scanned(), []);
    },
  },
  {
    name: "up imports exactly the selected repositories",
    run: async ({ stack, view, transcript }) => {
      const up = transcript.add(await stack.up());
      assert.deepEqual(up.outputs.resolved, ["acme/api", "acme/web", "acme/worker"]);
      assert.equal(up.outputs.importedCount, 3);
      assert.deepEqual(view.scanned(), ["acme/api", "acme/web", "acme/worker"]);
      assert.match(up.stdout + up.stderr, /imported 3\/3/);
    },
  },
  {
    name: "a second preview changes nothing, writes nothing, and its listing is answered 304",
    run: async ({ world, stack, transcript }) => {
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
    },
  },
  {
    name: "a new repository matching the selector shows up in the preview as exactly that one addition",
    run: async ({ world, stack, view, transcript }) => {
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
      assert.deepEqual(view.scanned(), ["acme/api", "acme/billing", "acme/web", "acme/worker"]);
    },
  },
  {
    name: "excluding a repository removes its import (authoritative)",
    run: async ({ stack, view, transcript, settings }) => {
      settings.exclude = ["acme/worker"];
      const up = transcript.add(await stack.up());
      assert.deepEqual(up.outputs.resolved, ["acme/api", "acme/billing", "acme/web"]);
      assert.deepEqual(view.scanned(), ["acme/api", "acme/billing", "acme/web"]);
    },
  },
  {
    name: "refresh reports an import added out of band, and the next up removes it",
    run: async ({ stack, view, transcript }) => {
      view.importOutOfBand("acme/docs");
      const refresh = transcript.add(await stack.refresh());
      assert.match(refresh.stdout + refresh.stderr, /imports not desired were added out of band: acme\/docs/);
      const preview = transcript.add(await stack.preview());
      assert.deepEqual(stepsByOp(preview.events).update, ["scanned"]);
      transcript.add(await stack.up());
      assert.deepEqual(view.scanned(), ["acme/api", "acme/billing", "acme/web"]);
    },
  },
  {
    name: "a plan removing more than maxDeletions is refused with the provider's message; the override runs it",
    run: async ({ stack, view, transcript, settings }) => {
      settings.maxDeletions = 1;
      settings.exclude = ["acme/worker", "acme/api", "acme/web"];
      const message = await expectFailure(() => stack.preview());
      transcript.addText(message);
      // The refusal exactly as the provider words it (plan/reconcile.ts refusalFor), numbers and names included.
      assert.ok(
        message.includes(
          "RepositoryImport: maxDeletions: the plan would delete 2 imports (acme/api, acme/web), " +
            "more than maxDeletions (1) allows; nothing is deleted. " +
            "Fix: if these deletions are intended, set allowDeletions to 2 (or maxDeletions to at least 2) " +
            "and apply again; otherwise add the repositories back to repositories / selector, " +
            'or use mode "additive" to delete only what this resource imported',
        ),
        `the preview did not fail with the maxDeletions refusal: ${message}`,
      );
      assert.deepEqual(view.scanned(), ["acme/api", "acme/billing", "acme/web"]);
      settings.allowDeletions = 2;
      transcript.add(await stack.up());
      assert.deepEqual(view.scanned(), ["acme/billing"]);
    },
  },
  {
    name: "destroy removes what the resource imported and no token leaked",
    run: async ({ world, stack, view, transcript }) => {
      transcript.add(await stack.destroy());
      assert.deepEqual(view.scanned(), []);
      transcript.assertNoCanary(stack, [TOKEN, world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub, authoritative: a selector's repositories from preview to destroy",
  () => runScenario((defer) => setUp(defer, "ri-snyk-github", "authoritative"), authoritative),
  E2E_CASE_TIMEOUT_MS,
);

/** Imported by hand on Snyk, through the org's own GitHub integration, before the stack exists; the selector does not pick it. */
const BY_HAND = "acme/docs";

const additive: Step<Scenario>[] = [
  {
    name: "preview resolves the selector, and the import made by hand is there",
    run: async ({ world, stack, view, transcript }) => {
      const { result, platformWrites } = await countWrites(world, () => stack.preview());
      transcript.add(result);
      assert.match(result.stdout + result.stderr, /resolved 3 repositories in acme/);
      assert.doesNotMatch(result.stdout, new RegExp(`${BY_HAND}\\s*: "selector"`));
      assert.equal(platformWrites, 0);
      assert.deepEqual(view.scanned(), [BY_HAND]);
    },
  },
  {
    name: "up imports the selected repositories and leaves the import it did not make",
    run: async ({ stack, view, transcript }) => {
      const up = transcript.add(await stack.up());
      assert.deepEqual(
        view.scanned(),
        ["acme/api", BY_HAND, "acme/web", "acme/worker"],
        `additive mode must leave ${BY_HAND} (imported by hand) on Snyk`,
      );
      assert.match(up.stdout + up.stderr, /plan: import 3, remove 0, keep 0, leave 1 not owned by this resource/);
      assert.deepEqual(Object.keys(up.outputs.imported as object).sort(), ["acme/api", "acme/web", "acme/worker"]);
      assert.equal(up.outputs.importedCount, 3);
    },
  },
  {
    name: "a second preview plans nothing for the import made by hand",
    run: async ({ world, stack, view, transcript }) => {
      const { result, platformWrites } = await countWrites(world, () => stack.preview({ expectNoChanges: true }));
      transcript.add(result);
      assert.equal(platformWrites, 0);
      assert.deepEqual(view.scanned(), ["acme/api", BY_HAND, "acme/web", "acme/worker"]);
    },
  },
  {
    name: "excluding a repository it imported removes that one only",
    run: async ({ stack, view, transcript, settings }) => {
      settings.exclude = ["acme/worker"];
      const up = transcript.add(await stack.up());
      assert.deepEqual(view.scanned(), ["acme/api", BY_HAND, "acme/web"]);
      assert.match(up.stdout + up.stderr, /plan: import 0, remove 1, keep 2, leave 1 not owned by this resource/);
    },
  },
  {
    name: "destroy removes what the resource imported and leaves the import made by hand",
    run: async ({ world, stack, view, transcript }) => {
      transcript.add(await stack.destroy());
      assert.deepEqual(view.scanned(), [BY_HAND], `destroy must leave ${BY_HAND} (imported by hand) on Snyk`);
      transcript.assertNoCanary(stack, [TOKEN, world.platformToken]);
    },
  },
];

test(
  "Snyk × GitHub, additive: an import made by hand on the platform survives up and destroy",
  () =>
    runScenario(
      (defer) =>
        setUp(defer, "ri-snyk-github-additive", "additive", (view) => {
          // Someone set up the org's GitHub integration (github-enterprise, the type this provider
          // adopts for GitHub) and imported a repository through it in Snyk's UI.
          view.snykIntegrationByHand("github-enterprise");
          view.importOutOfBand(BY_HAND);
        }),
      additive,
    ),
  E2E_CASE_TIMEOUT_MS,
);
