// Render a diff for people (Markdown: counts, a loud line for removed methods, then changes
// grouped by resource, breaking first) and for programs (`--json`, the documented shape).
import type { Change } from './classify.js';
import type { DiffResult } from './compare.js';

export interface DiffSummary {
  readonly breaking: number;
  readonly nonBreaking: number;
}

export function summarize(changes: readonly Change[]): DiffSummary {
  const breaking = changes.filter((c) => c.breaking).length;
  return { breaking, nonBreaking: changes.length - breaking };
}

const side = (s: DiffResult['from']) => `${s.apiVersion || '(no version)'} (${s.sources.join(' + ')})`;
const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** `{ from, to, summary, changes }`; each change carries only the fields that apply. */
export function renderJson(diff: DiffResult): string {
  const changes = diff.changes.map(({ kind, breaking, method, param, field, schema, value, message }) => ({
    kind,
    breaking,
    ...(method !== undefined ? { method } : {}),
    ...(param !== undefined ? { param } : {}),
    ...(field !== undefined ? { field } : {}),
    ...(schema !== undefined ? { schema } : {}),
    ...(value !== undefined ? { value } : {}),
    message,
  }));
  return JSON.stringify({ from: diff.from, to: diff.to, summary: summarize(diff.changes), changes }, null, 2) + '\n';
}

/** The methods a change set removes, for the loud line. */
export const removedMethods = (changes: readonly Change[]) => changes.filter((c) => c.kind === 'method_removed').map((c) => c.method!);

export function loudRemovedLine(changes: readonly Change[], limit = 8): string | undefined {
  const gone = removedMethods(changes);
  if (!gone.length) return undefined;
  const shown = gone.slice(0, limit).join(', ') + (gone.length > limit ? `, and ${gone.length - limit} more` : '');
  return `!! ${plural(gone.length, 'METHOD', 'METHODS')} REMOVED: ${shown}`;
}

const groupOf = (c: Change) => (c.resource ? `stripe.${c.resource}` : c.schema ? `type ${c.schema}` : 'API');

export function renderMarkdown(diff: DiffResult): string {
  const { breaking, nonBreaking } = summarize(diff.changes);
  const lines = [`# API changes: ${side(diff.from)} → ${side(diff.to)}`, ''];
  if (!diff.changes.length) return lines.concat('No changes.', '').join('\n');
  const count = (k: Change['kind']) => diff.changes.filter((c) => c.kind === k).length;
  lines.push(
    `**${plural(breaking, 'breaking change')}**, ${plural(nonBreaking, 'non-breaking change')}: ` +
      `${count('method_added')} methods added, ${count('method_removed')} removed; ` +
      `${count('param_added')} params added, ${count('param_removed')} removed; ` +
      `${count('field_added')} response fields added, ${count('field_removed')} removed.`,
    '',
  );
  const loud = loudRemovedLine(diff.changes, 20);
  if (loud) lines.push(`> **${loud.replace(/^!! /, '')}**`, '');
  for (const [title, wanted] of [['Breaking changes', true], ['Non-breaking changes', false]] as const) {
    const picked = diff.changes.filter((c) => c.breaking === wanted);
    if (!picked.length) continue;
    lines.push(`## ${title} (${picked.length})`, '');
    const groups = new Map<string, Change[]>();
    for (const c of picked) {
      const g = groupOf(c);
      groups.set(g, [...(groups.get(g) ?? []), c]);
    }
    // Resources first (alphabetically), then named types, then API-wide changes.
    const rank = (g: string) => (g.startsWith('stripe.') ? 0 : g.startsWith('type ') ? 1 : 2);
    for (const g of [...groups.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))) {
      // Whole resources and methods first, then their params and fields.
      const weight = (c: Change) => (c.kind.startsWith('resource_') ? 0 : c.kind.startsWith('method_') ? 1 : 2);
      const items = groups.get(g)!.map((c, i) => [c, i] as const).sort(([a, i], [b, j]) => weight(a) - weight(b) || i - j).map(([c]) => c);
      lines.push(`### ${g} (${items.length})`, '', ...items.map((c) => `- ${c.message} _(${c.kind})_`), '');
    }
  }
  return lines.join('\n');
}
