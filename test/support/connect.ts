// Integration + OrgConnection made through their real handlers against a world's emulators, the way
// the engine would call them (check, then create), for tests that drive RepositoryImport directly.
import assert from "node:assert/strict";
import type { Props } from "../../provider/src/resources/handler";
import { integrationHandler } from "../../provider/src/resources/integration";
import { orgConnectionHandler } from "../../provider/src/resources/org-connection";
import { useWorld } from "./use-world";
import type { World } from "./world";

interface Checkable {
  check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: unknown[] }>;
}

/** The handler's checked inputs; the test fails when check reports failures. */
export async function checked(handler: Checkable, news: Props, olds: Props = {}): Promise<Props> {
  const result = await handler.check(olds, news);
  assert.equal(result.failures, undefined, JSON.stringify(result.failures));
  return result.inputs!;
}

/** Connects the world's platform to its SCM organization; returns the connection reference the SDK builds. */
export async function connect(world: World, token: string, organization = "acme"): Promise<Props> {
  return (await connectWithOutputs(world, token, organization)).reference;
}

/** As `connect`, with the OrgConnection's outputs beside the reference. */
export async function connectWithOutputs(
  world: World,
  token: string,
  organization = "acme",
): Promise<{ reference: Props; outputs: Props }> {
  useWorld(world);
  const integrationInputs = await checked(integrationHandler, {
    platform: world.spec.platform,
    platformOrg: world.platformOrg,
    scm: world.spec.scm,
    ...(world.baseUrl ? { baseUrl: world.baseUrl } : {}),
    token,
    resourceName: "platform",
  });
  const integration = (await integrationHandler.create(integrationInputs)).outs;
  const integrationRef: Props = {
    integrationId: integration.integrationId,
    platform: world.spec.platform,
    platformOrg: world.platformOrg,
    scm: world.spec.scm,
    ...(world.baseUrl ? { baseUrl: world.baseUrl } : {}),
    apiUrl: integration.apiUrl,
    token,
  };
  const connectionInputs = await checked(orgConnectionHandler, {
    integration: integrationRef,
    organization,
    resourceName: organization,
  });
  const connection = (await orgConnectionHandler.create(connectionInputs)).outs;
  return { reference: { ...integrationRef, connectionId: connection.connectionId, organization }, outputs: connection };
}
