// `pulumi import` of Semgrep objects on the native provider plugin: a GitHub Enterprise organization
// connected by hand in Semgrep's settings (an SCM config) and two of its projects onboarded to
// Managed Scans by hand are imported by id (README, "Importing existing objects"), Semgrep's ids
// having no integration id (Semgrep keeps no object for an Integration), without any write. The
// program that then declares them plans no change (Semgrep never returns the config's token, and a
// token the imported state never held is no change), its `up` writes nothing to Semgrep, and destroy
// leaves the SCM config and the projects as they were: imported is adopted.
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { detailedDiffs, E2E_CASE_TIMEOUT_MS, type E2EStack, stepsByOp } from "../support/harness";
import { countWrites, PlatformView, runScenario, Transcript, type Step } from "../support/lifecycle";
import { declare, emptyYamlStack } from "../support/native";
import { SEMGREP_DEPLOYMENT, startWorld, type World } from "../support/world";

const TOKEN = "ghp_CANARYnativeImportSemgrepGhes00000001";
const HAND_TOKEN = "ghp_CANARYnativeImportSemgrepHand00000001";
const PACKAGE = "scm-integrations:index";
const REPOSITORIES = ["acme/api", "acme/web"];

interface Scenario {
  world: World;
  stack: E2EStack;
  view: PlatformView;
  transcript: Transcript;
  configId: string;
}

const REFERENCE = [
  "        integrationId: ${ghe.integrationId}",
  "        platform: semgrep",
  `        platformOrg: ${SEMGREP_DEPLOYMENT.slug}`,
  "        scm: github-enterprise",
  "        baseUrl: ${gheUrl}",
  "        apiUrl: ${ghe.apiUrl}",
  "        token: ${gheToken}",
];

const DECLARED_PROGRAM = [
  "name: native-import-semgrep",
  "runtime: yaml",
  "config:",
  "  gheUrl:",
  "    type: string",
  "  gheToken:",
  "    type: string",
  "    secret: true",
  "resources:",
  "  ghe:",
  `    type: ${PACKAGE}:Integration`,
  "    properties:",
  "      platform: semgrep",
  `      platformOrg: ${SEMGREP_DEPLOYMENT.slug}`,
  "      level: organization",
  "      scm: github-enterprise",
  "      baseUrl: ${gheUrl}",
  "      adoptExisting: true",
  "      token: ${gheToken}",
  "  acme:",
  `    type: ${PACKAGE}:OrgConnection`,
  "    properties:",
  "      organization: acme",
  "      adoptExisting: true",
  "      integration:",
  ...REFERENCE,
  "  scanned:",
  `    type: ${PACKAGE}:RepositoryImport`,
  "    properties:",
  "      adoptExisting: true",
  "      repositories: [acme/api, acme/web]",
  "      connection:",
  "        connectionId: ${acme.connectionId}",
  "        organization: acme",
  ...REFERENCE,
  "",
].join("\n");

/** What Semgrep holds that an import or destroy must leave as it is. */
const semgrepHolds = (view: PlatformView) =>
  JSON.stringify({ configs: view.semgrepConfigs(), scanned: view.scannedIds() });

const steps: Step<Scenario>[] = [
  {
    name: "pulumi import by id records the Integration, the hand-made SCM config and the scanned projects, writing nothing",
    run: async ({ world, stack, view, transcript, configId }) => {
      const before = semgrepHolds(view);
      const base = encodeURIComponent(world.baseUrl!);
      const slug = SEMGREP_DEPLOYMENT.slug;
      const { result, platformWrites, scmWrites } = await countWrites(world, () =>
        stack.stack.import({
          resources: [
            { type: `${PACKAGE}:Integration`, name: "ghe", id: `semgrep/${slug}/github-enterprise/${base}` },
            { type: `${PACKAGE}:OrgConnection`, name: "acme", id: `semgrep/${slug}/github-enterprise/acme/${base}` },
            {
              type: `${PACKAGE}:RepositoryImport`,
              name: "scanned",
              id: `semgrep/${slug}/github-enterprise/acme/${base}`,
            },
          ],
          generateCode: false,
        }),
      );
      transcript.addText(result.stdout + result.stderr);
      assert.equal(platformWrites + scmWrites, 0);
      assert.equal(semgrepHolds(view), before, "Semgrep's SCM config and projects are untouched");
      const state = (kind: string) => stack.stateResources().find((r) => r.type === `${PACKAGE}:${kind}`);
      assert.equal(state("OrgConnection")?.outputs?.connectionId, configId);
      assert.equal(state("OrgConnection")?.outputs?.adopted, true);
      assert.deepEqual(state("RepositoryImport")?.inputs?.repositories, REPOSITORIES);
      assert.deepEqual(state("RepositoryImport")?.outputs?.adopted, REPOSITORIES);
    },
  },
  {
    name: "the program declaring them plans no change, and its up writes nothing to Semgrep",
    run: async ({ world, stack, view, transcript }) => {
      declare(stack, DECLARED_PROGRAM);
      const preview = transcript.add(await stack.preview({ expectNoChanges: true }));
      assert.deepEqual(stepsByOp(preview.events), { same: ["acme", "ghe", "scanned"] });
      assert.deepEqual(detailedDiffs(preview.events), {});
      const before = semgrepHolds(view);
      const { result, platformWrites } = await countWrites(world, () => stack.up());
      transcript.add(result);
      assert.equal(platformWrites, 0);
      assert.equal(semgrepHolds(view), before, "the SCM config keeps the token it holds");
    },
  },
  {
    name: "destroy leaves the SCM config and the projects in place: imported is adopted",
    run: async ({ stack, view, transcript, configId }) => {
      const before = semgrepHolds(view);
      transcript.add(await stack.destroy());
      assert.equal(semgrepHolds(view), before);
      assert.deepEqual(
        view.semgrepConfigs().map((c) => c.id),
        [configId],
      );
      assert.deepEqual(view.scanned(), REPOSITORIES);
    },
  },
  {
    name: "no token appeared in output, events or state",
    run: ({ stack, transcript }) => transcript.assertNoCanary(stack, [TOKEN, HAND_TOKEN]),
  },
];

test(
  "native plugin: pulumi import of a hand-made Semgrep SCM config and scanned projects by id, a no-change preview, destroy keeps them",
  () =>
    runScenario(async (defer): Promise<Scenario> => {
      const world = await startWorld({
        scm: "github-enterprise",
        platform: "semgrep",
        organization: "acme",
        repositories: [{ name: "api" }, { name: "web" }, { name: "docs" }],
        tokens: [
          { value: TOKEN, scopes: ["repo", "user:email", "read:org"] },
          { value: HAND_TOKEN, scopes: ["repo", "user:email", "read:org"] },
        ],
      });
      defer(() => world.stop());
      const view = new PlatformView(world);
      // Someone connected the organization in Semgrep's settings and onboarded two of its projects.
      const configId = view.semgrepConfigByHand({
        type: "SCM_TYPE_GITHUB_ENTERPRISE",
        namespace: "acme",
        baseUrl: world.baseUrl!,
        accessToken: HAND_TOKEN,
      });
      for (const name of REPOSITORIES) view.semgrepProjectByHand(name);
      const stack = await emptyYamlStack(defer, {
        name: "native-import-semgrep",
        world,
        config: { gheUrl: world.baseUrl! },
        secrets: { gheToken: TOKEN },
      });
      return { world, stack, view, transcript: new Transcript(), configId };
    }, steps),
  E2E_CASE_TIMEOUT_MS,
);
