// The native provider's resource operations on plain JavaScript values: the same handlers as the
// dynamic provider (provider/src/index.ts handler(kind)), adapted to the provider protocol. What the
// native protocol adds is done here: secrets unwrapped before a handler sees them and wrapped again in
// everything returned (the engine leaves secrets to providers that accept them), the resource name
// taken from the URN instead of an SDK-added input, a property-level detailed diff, and import by id.
import { handler } from "../index";
import type { Props } from "../resources/handler";
import { withHeldTokens, withoutUnheldTokens } from "../resources/unread-tokens";
import { detailedDiff, type PropertyChange } from "./detailed-diff";
import { importedState } from "./import-read";
import { kindOfUrn, nameOfUrn, ownerOfUrn, type KindFacts } from "./kinds";
import { unwrapSecrets, wrapSecrets, type Path } from "./wire";

const INTERNAL_KEYS = ["resourceName", "owner"];

export interface CheckOutcome {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

export interface DiffOutcome {
  changes: "none" | "some";
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailed: PropertyChange[];
}

export interface ReadOutcome {
  /** Empty when the resource no longer exists. */
  id: string;
  props: Props;
  inputs: Props;
}

/**
 * The fields the TypeScript SDK adds to every resource's inputs, taken from the URN here: the name
 * (log lines), and for a RepositoryImport its ownership marker (project tags; a `--replace` hands its
 * imports over by it).
 */
function withName(urn: string, props: Props): Props {
  const owner = kindOfUrn(urn).kind === "RepositoryImport" ? { owner: ownerOfUrn(urn) } : {};
  return { ...props, resourceName: nameOfUrn(urn), ...owner };
}

function withoutInternal(props: Props | undefined): Props {
  const out: Props = { ...(props ?? {}) };
  for (const key of INTERNAL_KEYS) delete out[key];
  return out;
}

/** Outputs wrapped: schema-secret outputs, and every top-level key that held a secret in the inputs. */
function secretOutputs(facts: KindFacts, outs: Props | undefined, inputSecrets: readonly Path[]): Props {
  const keys = new Set<string>([...facts.secretOutputs, ...inputSecrets.map((p) => String(p[0]))]);
  return wrapSecrets(
    withoutInternal(outs),
    [...keys].map((k) => [k]),
  );
}

/** Inputs wrapped at the schema's secret paths and wherever the engine sent a secret. */
function secretInputs(facts: KindFacts, inputs: Props | undefined, inputSecrets: readonly Path[]): Props {
  return wrapSecrets(withoutInternal(inputs), [...facts.secretInputPaths, ...inputSecrets]);
}

export async function check(urn: string, olds: Props, news: Props): Promise<CheckOutcome> {
  const facts = kindOfUrn(urn);
  const next = unwrapSecrets(news);
  const result = await handler(facts.kind).check(withName(urn, unwrapSecrets(olds).plain), withName(urn, next.plain));
  return {
    inputs: secretInputs(facts, result.inputs ?? next.plain, next.secretPaths),
    failures: (result.failures ?? []).map((f) => ({ property: f.property, reason: f.reason })),
  };
}

function oldInputsOf(facts: KindFacts, oldInputs: Props | undefined, oldOutputs: Props): Props {
  if (oldInputs && Object.keys(oldInputs).length > 0) return oldInputs;
  const picked: Props = {};
  for (const key of facts.inputKeys) if (oldOutputs[key] !== undefined) picked[key] = oldOutputs[key];
  return picked;
}

export async function diff(
  urn: string,
  id: string,
  oldOutputs: Props,
  oldInputs: Props | undefined,
  news: Props,
): Promise<DiffOutcome> {
  const facts = kindOfUrn(urn);
  const before = unwrapSecrets(oldInputsOf(facts, oldInputs, oldOutputs)).plain;
  // The token a diff compares is the old inputs' (unread-tokens.ts): an imported resource's outputs
  // have none even after the "same" step that recorded the declared one in its inputs.
  const olds = withHeldTokens(unwrapSecrets(oldOutputs).plain, before, facts.secretInputPaths);
  const next = unwrapSecrets(news).plain;
  const result = await handler(facts.kind).diff(id, withName(urn, olds), withName(urn, next));
  const replaces = [...(result.replaces ?? [])];
  const deleteBeforeReplace = result.deleteBeforeReplace === true;
  if (result.changes === false && replaces.length === 0) {
    return { changes: "none", replaces, deleteBeforeReplace, detailed: [] };
  }
  const compared = withoutUnheldTokens(before, next, facts.secretInputPaths);
  const detailed = detailedDiff(before, compared, facts.inputKeys, replaces, facts.replaceOnChanges);
  // `changes` left unset by a handler means "whatever the inputs say" (the dynamic engine's input diff).
  const some = result.changes === true || replaces.length > 0 || detailed.length > 0;
  return { changes: some ? "some" : "none", replaces, deleteBeforeReplace, detailed };
}

export async function create(urn: string, inputs: Props): Promise<{ id: string; outs: Props }> {
  const facts = kindOfUrn(urn);
  const plain = unwrapSecrets(inputs);
  const result = await handler(facts.kind).create(withName(urn, plain.plain));
  return { id: result.id, outs: secretOutputs(facts, result.outs, plain.secretPaths) };
}

export async function update(urn: string, id: string, oldOutputs: Props, news: Props): Promise<{ outs: Props }> {
  const facts = kindOfUrn(urn);
  const next = unwrapSecrets(news);
  const result = await handler(facts.kind).update(
    id,
    withName(urn, unwrapSecrets(oldOutputs).plain),
    withName(urn, next.plain),
  );
  return { outs: secretOutputs(facts, result.outs, next.secretPaths) };
}

export async function read(urn: string, id: string, props: Props, inputs: Props): Promise<ReadOutcome> {
  const facts = kindOfUrn(urn);
  const state = unwrapSecrets(props);
  const given = unwrapSecrets(inputs);
  const secrets = [...state.secretPaths, ...given.secretPaths];
  // `pulumi import` reads with nothing but the id: the state comes from the id and the platform.
  const result =
    Object.keys(state.plain).length === 0
      ? await importedState(facts.kind, nameOfUrn(urn), id)
      : await handler(facts.kind).read(id, withName(urn, state.plain));
  if (!result.id) return { id: "", props: {}, inputs: {} };
  // A refresh keeps the token the inputs hold where the read (from outputs without one) has none.
  const readInputs = withHeldTokens(result.inputs ?? {}, given.plain, facts.secretInputPaths);
  return {
    id: result.id,
    props: secretOutputs(facts, result.props, secrets),
    inputs: secretInputs(facts, readInputs, secrets),
  };
}

export async function remove(urn: string, id: string, props: Props, oldInputs?: Props): Promise<void> {
  const facts = kindOfUrn(urn);
  // An imported resource's outputs have no token even once its inputs hold the declared one (unread-tokens.ts).
  const inputs = unwrapSecrets(oldInputs ?? {}).plain;
  const state = withHeldTokens(unwrapSecrets(props).plain, inputs, facts.secretInputPaths);
  await handler(facts.kind).delete(id, withName(urn, state));
}

/** Secrets wrapped in the properties a partial-apply error carries (they go into state too). */
export function partialProperties(urn: string, properties: Props, inputs: Props): Props {
  return secretOutputs(kindOfUrn(urn), properties, unwrapSecrets(inputs).secretPaths);
}
