// The SCM hosts a stack may send tokens to. A GitOps pipeline runs `pulumi preview` on pull requests,
// and a pull request can change what a token is sent to without touching code: a `baseUrl` in a
// YAML program, a stack config value, a data file the program reads. An allow-list that the pipeline
// sets (its environment) and the stack sets (its config) stops such a change at check, before any
// request, naming the host. A host must be allowed by every list that is set, so a pull request that
// edits the stack's config can narrow the pipeline's list but never widen it.
import { classifyAddress } from "./destination";
import { firstInvisible } from "./raw-text-checks";
import { ScmIntegrationError } from "./errors";
import { describeValue } from "./redact";

export interface HostRule {
  /** Lower-case ASCII host as the URL parser spells it (IDNs in punycode, IPv4 dotted, IPv6 bracketed). */
  host: string;
  /** `*.example.com`: any host below example.com (not example.com itself). */
  wildcard: boolean;
  /** Only this port (as the URL parser spells it, default ports as ""), when the entry names one. */
  port?: string;
}

export interface HostAllowList {
  /** Where the list came from, as a user would name it: a config key or an environment variable. */
  source: string;
  /** The text as given, for messages. */
  text: string;
  rules: HostRule[];
}

function refuseEntry(source: string, entry: string, problem: string): ScmIntegrationError {
  return new ScmIntegrationError("invalid-input", `entry ${describeValue(entry)} ${problem}`, {
    field: source,
    fix: 'list host names separated by commas, e.g. "ghe.example.com, gitlab.example.com:8443, *.scm.example.com"',
  });
}

function parseEntry(entry: string, source: string): HostRule {
  const invisible = firstInvisible(entry);
  if (invisible !== undefined)
    throw refuseEntry(source, entry, `contains an invisible or control character (${invisible})`);
  let text = entry;
  const wildcard = text.startsWith("*.");
  if (wildcard) text = text.slice(2);
  if (text.includes("*")) throw refuseEntry(source, entry, 'has a "*" other than a leading "*."');
  if (/[/?#@]/.test(text)) {
    throw refuseEntry(source, entry, "is not a host name (write the host alone, without scheme, path or user)");
  }
  let url: URL;
  try {
    url = new URL(`https://${text}`);
  } catch {
    throw refuseEntry(source, entry, "is not a host name");
  }
  if (url.hostname === "") throw refuseEntry(source, entry, "is not a host name");
  if (wildcard && classifyAddress(url.hostname) !== undefined) {
    throw refuseEntry(source, entry, 'puts "*." before an IP address; list the address itself');
  }
  const explicitPort = /:(\d+)$/.exec(text)?.[1];
  return {
    host: url.hostname.toLowerCase().replace(/\.$/, ""),
    wildcard,
    ...(explicitPort !== undefined ? { port: explicitPort === "443" ? "" : url.port } : {}),
  };
}

/** Parse a comma- or whitespace-separated list; an entry that is not a host is refused, naming `source`. */
export function parseAllowedHosts(text: string, source: string): HostAllowList {
  const entries = text
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) {
    throw new ScmIntegrationError("invalid-input", `${describeValue(text)} lists no host`, {
      field: source,
      fix: "list at least one host name, or unset it to allow every host the other checks allow",
    });
  }
  return { source, text, rules: entries.map((entry) => parseEntry(entry, source)) };
}

function matches(rule: HostRule, url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const hostMatches = rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host;
  if (!hostMatches) return false;
  // An https default port is "" in a parsed URL; an entry without a port allows every port of the host.
  return rule.port === undefined || rule.port === url.port;
}

/** The first list that does not allow `url`'s host (and port), or undefined when every list does. */
export function refusingList(url: URL, lists: readonly HostAllowList[]): HostAllowList | undefined {
  return lists.find((list) => !list.rules.some((rule) => matches(rule, url)));
}
