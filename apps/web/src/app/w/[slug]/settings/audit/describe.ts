interface Entry {
  action: string;
  data: Record<string, unknown>;
}

const s = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** One line a person can read for each audit action. Unknown actions fall back to their name. */
export function describeAuditEntry({ action, data }: Entry): string {
  switch (action) {
    case "workspace.created":
      return `Created the workspace "${s(data.name)}"`;
    case "workspace.updated": {
      const before = (data.before ?? {}) as Record<string, unknown>;
      const after = (data.after ?? {}) as Record<string, unknown>;
      const changes = Object.keys(after)
        .filter((k) => before[k] !== after[k])
        .map((k) => `${k} from "${s(before[k])}" to "${s(after[k])}"`);
      return changes.length ? `Changed the workspace ${changes.join(" and ")}` : "Saved the workspace settings";
    }
    case "invitation.created":
      return `Invited ${s(data.email)} as ${s(data.role)}`;
    case "invitation.revoked":
      return `Revoked the invitation for ${s(data.email)}`;
    case "member.joined":
      return `${s(data.email)} joined as ${s(data.role)}`;
    case "member.role_changed":
      return `Changed ${s(data.email)} from ${s(data.from)} to ${s(data.to)}`;
    case "member.removed":
      return `Removed ${s(data.email)}`;
    case "member.left":
      return `${s(data.email)} left the workspace`;
    default:
      return action;
  }
}
