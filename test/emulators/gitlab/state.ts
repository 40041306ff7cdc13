// The GitLab emulator's state: indexed seed data and the visibility rules GitLab applies (inherited
// group membership, shared projects, public / internal / private).
import type { GitLabGroupSeed, GitLabProjectSeed, GitLabSeed, GitLabTokenSeed, GitLabUserSeed } from "./seed";

export interface GroupRecord extends GitLabGroupSeed {
  parentId: number | null;
  path: string;
  createdAt: string;
}

export interface ProjectRecord extends GitLabProjectSeed {
  group: GroupRecord;
  fullPath: string;
  createdAt: string;
  /** Every branch that exists: the default one and the seeded others (POST /_control/branches adds more). */
  branchNames: Set<string>;
}

const EPOCH = Date.UTC(2020, 0, 1);

/** Deterministic timestamps that grow with the id, so created_at ordering equals id ordering. */
function createdAt(id: number): string {
  return new Date(EPOCH + id * 60_000).toISOString();
}

export class GitLabState {
  readonly users = new Map<number, GitLabUserSeed>();
  readonly tokens = new Map<string, GitLabTokenSeed>();
  readonly groups = new Map<number, GroupRecord>();
  readonly groupsByPath = new Map<string, GroupRecord>();
  readonly projects = new Map<number, ProjectRecord>();
  readonly projectsByPath = new Map<string, ProjectRecord>();
  readonly childGroups = new Map<number, GroupRecord[]>();
  readonly projectsByGroup = new Map<number, ProjectRecord[]>();
  readonly sharedInto = new Map<number, { project: ProjectRecord; accessLevel: number }[]>();
  rateLimit: GitLabSeed["rateLimit"];

  constructor(seed: GitLabSeed) {
    this.rateLimit = seed.rateLimit;
    for (const user of seed.users ?? []) this.users.set(user.id, user);
    let tokenId = 1;
    for (const token of seed.tokens ?? []) this.tokens.set(token.value, { id: tokenId++, ...token });
    const groups = [...(seed.groups ?? [])].sort((a, b) => a.fullPath.split("/").length - b.fullPath.split("/").length);
    for (const group of groups) {
      const slash = group.fullPath.lastIndexOf("/");
      const parentPath = slash < 0 ? undefined : group.fullPath.slice(0, slash);
      const parent = parentPath === undefined ? undefined : this.groupsByPath.get(parentPath.toLowerCase());
      if (parentPath !== undefined && !parent)
        throw new Error(`gitlab seed: group ${group.fullPath} has no seeded parent ${parentPath}`);
      const record: GroupRecord = {
        ...group,
        parentId: parent?.id ?? null,
        path: group.fullPath.slice(slash + 1),
        createdAt: createdAt(group.id),
      };
      this.groups.set(record.id, record);
      this.groupsByPath.set(record.fullPath.toLowerCase(), record);
      if (parent) this.childGroups.set(parent.id, [...(this.childGroups.get(parent.id) ?? []), record]);
    }
    for (const project of seed.projects ?? []) {
      const group = this.groupsByPath.get(project.namespace.toLowerCase());
      if (!group) throw new Error(`gitlab seed: project ${project.path} in unknown group ${project.namespace}`);
      const record: ProjectRecord = {
        ...project,
        group,
        fullPath: `${group.fullPath}/${project.path}`,
        createdAt: createdAt(project.id),
        branchNames: new Set([
          ...(project.defaultBranch === null ? [] : [project.defaultBranch ?? "main"]),
          ...(project.branches ?? []),
        ]),
      };
      this.projects.set(record.id, record);
      this.projectsByPath.set(record.fullPath.toLowerCase(), record);
      const list = this.projectsByGroup.get(group.id);
      if (list) list.push(record);
      else this.projectsByGroup.set(group.id, [record]);
    }
    for (const project of this.projects.values()) {
      for (const share of project.sharedWith ?? []) {
        const target = this.groupsByPath.get(share.groupFullPath.toLowerCase());
        if (!target)
          throw new Error(`gitlab seed: project ${project.fullPath} shared into unknown group ${share.groupFullPath}`);
        const list = this.sharedInto.get(target.id) ?? [];
        list.push({ project, accessLevel: share.accessLevel ?? 30 });
        this.sharedInto.set(target.id, list);
      }
    }
  }

  /** A group by numeric id or (case-insensitive) full path. */
  findGroup(id: string): GroupRecord | undefined {
    if (/^\d+$/.test(id)) return this.groups.get(Number(id));
    return this.groupsByPath.get(id.toLowerCase());
  }

  findProject(id: string): ProjectRecord | undefined {
    if (/^\d+$/.test(id)) return this.projects.get(Number(id));
    return this.projectsByPath.get(id.toLowerCase());
  }

  ancestorsAndSelf(group: GroupRecord): GroupRecord[] {
    const chain: GroupRecord[] = [];
    for (let g: GroupRecord | undefined = group; g; g = g.parentId === null ? undefined : this.groups.get(g.parentId))
      chain.push(g);
    return chain;
  }

  descendantsAndSelf(group: GroupRecord): GroupRecord[] {
    const out: GroupRecord[] = [];
    const stack = [group];
    while (stack.length > 0) {
      const g = stack.pop() as GroupRecord;
      out.push(g);
      stack.push(...(this.childGroups.get(g.id) ?? []));
    }
    return out;
  }

  /** The user's access level in the group, inherited from ancestors (0 = none). */
  groupAccess(user: GitLabUserSeed | undefined, group: GroupRecord): number {
    if (!user) return 0;
    let level = 0;
    for (const g of this.ancestorsAndSelf(group)) {
      for (const m of g.members ?? []) if (m.userId === user.id) level = Math.max(level, m.accessLevel);
    }
    return level;
  }

  canSeeGroup(user: GitLabUserSeed | undefined, group: GroupRecord): boolean {
    const visibility = group.visibility ?? "private";
    if (visibility === "public") return true;
    if (!user) return false;
    if (visibility === "internal" || user.isAdmin) return true;
    if (this.groupAccess(user, group) > 0) return true;
    // Members of a subgroup can see the private groups above it.
    return this.descendantsAndSelf(group).some((g) => (g.members ?? []).some((m) => m.userId === user.id));
  }

  /** The user's access level in the project: its group (inherited), direct membership, groups it is shared into. */
  projectAccess(user: GitLabUserSeed | undefined, project: ProjectRecord): number {
    if (!user) return 0;
    let level = this.groupAccess(user, project.group);
    for (const m of project.members ?? []) if (m.userId === user.id) level = Math.max(level, m.accessLevel);
    for (const share of project.sharedWith ?? []) {
      const target = this.groupsByPath.get(share.groupFullPath.toLowerCase());
      if (target) level = Math.max(level, Math.min(share.accessLevel ?? 30, this.groupAccess(user, target)));
    }
    return level;
  }

  canSeeProject(user: GitLabUserSeed | undefined, project: ProjectRecord): boolean {
    const visibility = project.visibility ?? "private";
    if (visibility === "public") return true;
    if (!user) return false;
    if (visibility === "internal" || user.isAdmin) return true;
    // Minimal access (5) does not show projects.
    return this.projectAccess(user, project) >= 10;
  }
}
