// Inputs a program would give each resource, as the engine hands them to `check`, for handler tests
// that call check directly against a world's emulators. `overrides` replace top-level inputs;
// `refOverrides` replace fields of the Integration reference an OrgConnection or RepositoryImport carries.
import type { Props } from "../../provider/src/resources/handler";
import type { World } from "./world";

export function integrationNews(world: World, token: string, overrides: Props = {}): Props {
  return {
    platform: world.spec.platform,
    platformOrg: world.platformOrg,
    scm: world.spec.scm,
    ...(world.baseUrl ? { baseUrl: world.baseUrl } : {}),
    token,
    resourceName: "check",
    ...overrides,
  };
}

/** What an Integration's outputs give an OrgConnection (its `integration` input). */
export function integrationReference(world: World, token: string, overrides: Props = {}): Props {
  return {
    integrationId: "int-1",
    platform: world.spec.platform,
    platformOrg: world.platformOrg,
    scm: world.spec.scm,
    ...(world.baseUrl ? { baseUrl: world.baseUrl } : {}),
    apiUrl: world.baseUrl ?? "https://api.github.com",
    token,
    ...overrides,
  };
}

export function connectionNews(world: World, token: string, overrides: Props = {}, refOverrides: Props = {}): Props {
  return {
    integration: integrationReference(world, token, refOverrides),
    organization: world.spec.organization,
    resourceName: "check",
    ...overrides,
  };
}

export function importNews(world: World, token: string, overrides: Props = {}, refOverrides: Props = {}): Props {
  return {
    connection: {
      ...integrationReference(world, token, refOverrides),
      connectionId: "conn-1",
      organization: world.spec.organization,
    },
    repositories: [world.fullNames[0]],
    resourceName: "check",
    ...overrides,
  };
}
