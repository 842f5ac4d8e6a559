// Audit entries carry before/after as the JSON the mutation stored; the page shows what changed.

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The fields whose values differ between before and after (every field of a create or delete). */
export function changedFields(before: string | null, after: string | null): FieldChange[] {
  const a = parse(before);
  const b = parse(after);
  const names = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  const changes: FieldChange[] = [];
  for (const name of [...names].sort()) {
    const x = a?.[name];
    const y = b?.[name];
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ field: name, before: show(a ? x : undefined), after: show(b ? y : undefined) });
  }
  return changes;
}

/** "key" from "key.revoke". */
export function actionArea(action: string): string {
  const dot = action.indexOf('.');
  return dot < 0 ? action : action.slice(0, dot);
}

export interface AuditFilter {
  area: string;
  text: string;
}

export function filterAudit<T extends { action: string; target: string }>(entries: T[], filter: AuditFilter): T[] {
  const text = filter.text.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (filter.area === '' || actionArea(e.action) === filter.area) &&
      (text === '' || e.action.toLowerCase().includes(text) || e.target.toLowerCase().includes(text)),
  );
}
