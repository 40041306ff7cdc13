// The SCM tokens a platform never returns: Snyk's v1 integration reads ("Get existing integration by
// type", https://docs.snyk.io/snyk-api/api-endpoints-index-and-tips/examples-for-the-update-existing-integration-endpoint)
// give an integration's id and type, never its credentials, and Semgrep takes an SCM config's access
// token on create and patch but its ScmConfig object has no field for it (https://semgrep.dev/api/v1/docs/). A resource taken over
// by `pulumi import` therefore has no token in its old inputs while the program declares one. The rule
// here, which every diff applies (the handlers' for both the dynamic and the native provider, and
// the native property-level diff): a token the old inputs never held is no change. The platform keeps
// the token it holds (nothing outside the stack changes without an opt-in); the declared token is
// still vetted by check, and the next `up` (a "same" step, which records the new inputs) puts it in
// the state, so a later change of the token is a change, and its update gives the platform that token.
// The paths are the resource's secret inputs (schema.json): exactly its SCM token.
import type { Props } from "./handler";

function isRecord(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(props: Props, path: readonly string[]): unknown {
  let current: unknown = props;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of `props` with `value` at `path` (undefined: the leaf removed); objects on the way are copied, never shared. */
function withValueAt(props: Props, path: readonly string[], value: unknown): Props {
  const [head, ...rest] = path as [string, ...string[]];
  const out: Props = { ...props };
  if (rest.length === 0) {
    if (value === undefined) delete out[head];
    else out[head] = value;
    return out;
  }
  if (!isRecord(out[head])) return out;
  out[head] = withValueAt(out[head], rest, value);
  return out;
}

const held = (props: Props, path: readonly string[]) => {
  const value = valueAt(props, path);
  return value !== undefined && value !== null;
};

/**
 * `news` as a diff compares it with `olds` (the old inputs): without the token at each of `tokenPaths`
 * that `olds` does not hold, so a token the platform could not give back is not a change.
 */
export function withoutUnheldTokens(olds: Props, news: Props, tokenPaths: readonly string[]): Props {
  let out = news;
  for (const dotted of tokenPaths) {
    const path = dotted.split(".");
    if (!held(olds, path) && valueAt(news, path) !== undefined) out = withValueAt(out, path, undefined);
  }
  return out;
}

/**
 * `props` (a state's outputs, or what a refresh read) with the tokens `inputs` hold where `props` has
 * none: after an imported resource's "same" step the engine keeps the old outputs (no token) and
 * records the new inputs (the declared token), and the token the inputs hold is what a diff compares.
 */
export function withHeldTokens(props: Props, inputs: Props, tokenPaths: readonly string[]): Props {
  let out = props;
  for (const dotted of tokenPaths) {
    const path = dotted.split(".");
    if (held(inputs, path) && !held(props, path)) out = withValueAt(out, path, valueAt(inputs, path));
  }
  return out;
}
