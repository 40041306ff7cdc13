// The effective scope set of a token, for either SCM: what was granted plus everything the granted
// scopes imply, transitively, sorted and unique. Unknown scopes are kept as granted (both GitHub and
// GitLab add scopes over time). Each SCM supplies its own table of what a scope implies. Pure.
export function scopeClosure(
  granted: readonly string[],
  implied: Readonly<Record<string, readonly string[]>>,
): string[] {
  const effective = new Set<string>();
  const pending = granted.map((s) => s.trim()).filter((s) => s.length > 0);
  while (pending.length > 0) {
    const scope = pending.pop() as string;
    if (effective.has(scope)) continue;
    effective.add(scope);
    if (Object.prototype.hasOwnProperty.call(implied, scope)) pending.push(...(implied[scope] ?? []));
  }
  return [...effective].sort();
}
