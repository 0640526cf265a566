// Naming rules: the deterministic, path-based half of the naming step.
// Given one operation and facts about the whole operation set (which paths exist,
// which are lists, which prefixes take an id), derive where the method lives and
// what it is called, the way stripe-node spells it. No I/O, no spec knowledge beyond
// paths and the page kind; `naming.ts` adds hints, overrides and collision checks.

export type RuleHttpMethod = 'get' | 'post' | 'delete';
export type RulePageKind = 'list' | 'search' | 'v2list';

export interface RuleOperation {
  readonly httpMethod: RuleHttpMethod;
  readonly path: string;
  readonly pageKind?: RulePageKind;
}

export interface Segment {
  readonly kind: 'static' | 'param';
  /** Word form used for names (after SEGMENT_WORDS). */
  readonly name: string;
  /** As written in the path. */
  readonly raw: string;
}

/** Facts about the whole operation set that a single operation's name depends on. */
export interface PathIndex {
  /** Normalised paths (`{}` for params) that have at least one operation. */
  readonly paths: ReadonlySet<string>;
  /** Normalised static prefixes directly followed by a `{param}` in some path. */
  readonly takesId: ReadonlySet<string>;
  /** Normalised paths whose GET returns a page (list, search or v2 list). */
  readonly listed: ReadonlySet<string>;
  /** Normalised paths that have a GET returning a single object. */
  readonly gettable: ReadonlySet<string>;
}

/** The path-derived name, plus what the rule decided so hints know where they apply. */
export interface RuleName {
  readonly namespace: string[];
  readonly method: string;
  /**
   * 'action': a custom verb on the resource itself, taken from the path (`/confirm`, `/shipping/deliver`).
   * 'crud': a standard verb, possibly qualified by a sub-resource (`createBalanceTransaction`).
   * 'sub-action': a custom verb on a sub-resource flattened onto the resource (`verifySource`).
   */
  readonly shape: 'crud' | 'action' | 'sub-action';
  /** Normalised path of the resource (packages + resource), e.g. `/v1/apple_pay/domains`; overrides key on it. */
  readonly resourcePrefix: string;
}

/** JavaScript reserved words (plus strict-mode and literal names): never a method name. */
// prettier-ignore
export const JS_RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments',
  'eval',
]);

/**
 * Path segments that stripe-node spells as other words. Spelling facts, not per-operation exceptions:
 * they apply wherever the segment appears.
 * - `invoiceitems` is one token in the path but two words in every SDK (`stripe.invoiceItems`).
 * - `lines` (invoice, credit note and preview lines) is `LineItems` in method names (`listLineItems`,
 *   `listPreviewLineItems`), matching `line_items` used by checkout sessions, quotes and tax calculations.
 * - `3d_secure` cannot start an identifier; stripe-node spelled it `threeDSecure` (2020 spec's /v1/3d_secure).
 */
export const SEGMENT_WORDS: Readonly<Record<string, string>> = {
  '3d_secure': 'three_d_secure',
  invoiceitems: 'invoice_items',
  lines: 'line_items',
};

export function parsePath(path: string): { root: string[]; segments: Segment[] } {
  const parts = path.split('/').filter((p) => p.length > 0);
  const segments: Segment[] = parts.map((p) =>
    p.startsWith('{') && p.endsWith('}')
      ? { kind: 'param', name: p.slice(1, -1), raw: p }
      : { kind: 'static', name: SEGMENT_WORDS[p] ?? p, raw: p },
  );
  const first = segments[0];
  if (first && first.kind === 'static' && /^v\d+$/.test(first.name)) {
    // v1 is the unprefixed default surface (`stripe.customers`); later versions keep a root (`stripe.v2.billing`).
    return { root: first.name === 'v1' ? [] : [first.name], segments: segments.slice(1) };
  }
  return { root: [], segments };
}

export function normalisePath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

export function buildPathIndex(ops: readonly RuleOperation[]): PathIndex {
  const paths = new Set<string>();
  const takesId = new Set<string>();
  const listed = new Set<string>();
  const gettable = new Set<string>();
  for (const op of ops) {
    const norm = normalisePath(op.path);
    paths.add(norm);
    if (op.httpMethod === 'get') (op.pageKind ? listed : gettable).add(norm);
    const parts = norm.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (parts[i] === '{}' && parts[i - 1] !== '{}') takesId.add(parts.slice(0, i).join('/'));
    }
  }
  return { paths, takesId, listed, gettable };
}

// ---- words -----------------------------------------------------------------

export function camelCase(snake: string): string {
  const words = snake.split(/[_\-.]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
}

export function pascalCase(snake: string): string {
  const c = camelCase(snake);
  return c.length === 0 ? c : c[0]!.toUpperCase() + c.slice(1);
}

/** Singular of a snake_case resource segment; only the last word changes (`tax_ids` -> `tax_id`). */
export function singular(snake: string): string {
  const words = snake.split('_');
  const last = words.pop()!;
  let s = last;
  if (/ies$/.test(last))
    s = last.slice(0, -3) + 'y'; // capabilities, entries, summaries
  else if (/(ss|x|ch|sh)es$/.test(last))
    s = last.slice(0, -2); // addresses, taxes
  else if (/(ss|us|is)$/.test(last))
    s = last; // address, status, analysis
  else if (/s$/.test(last)) s = last.slice(0, -1);
  return [...words, s].join('_');
}

/** Plural-looking segment whose last word loses an `s` when singularised (`login_links`, not `verify_microdeposits`). */
function looksLikeCollection(snake: string): boolean {
  return singular(snake) !== snake && !ACTION_VERBS.has(snake.split('_')[0]!);
}

/**
 * Verbs that start multi-word action segments. Needed only to tell a POST-only
 * plural noun (`login_links`: a collection you create into) from an action whose
 * object is plural (`verify_microdeposits`, `collect_inputs`).
 */
// prettier-ignore
const ACTION_VERBS = new Set([
  'verify', 'collect', 'confirm', 'process', 'present', 'set', 'apply', 'create', 'mark', 'fund', 'increment',
  'refund', 'cancel', 'update', 'retrieve', 'list', 'attach', 'detach', 'expire', 'simulate', 'fail', 'return',
]);

// ---- the rule ----------------------------------------------------------------

/**
 * Path grammar, after the version root:
 *   package* resource ( {id} )? ( static ( {id} )? )*
 * A leading static is a package (`billing_portal`, `test_helpers`, `issuing`) when it is followed by
 * another static, never takes an id and has no operation of its own; the first static that is not a
 * package is the resource (`sessions`, `customers`, `balance`, `settings`).
 */
export function nameFromPath(op: RuleOperation, index: PathIndex): RuleName {
  const { root, segments } = parsePath(op.path);
  const rootPrefix = root.length ? `/${root.join('/')}` : '/v1';
  const prefixOf = (n: number): string =>
    rootPrefix +
    segments
      .slice(0, n)
      .map((s) => (s.kind === 'param' ? '/{}' : `/${s.raw}`))
      .join('');

  let r = 0;
  while (
    r + 1 < segments.length &&
    segments[r]!.kind === 'static' &&
    segments[r + 1]!.kind === 'static' &&
    !index.takesId.has(prefixOf(r + 1)) &&
    !index.paths.has(prefixOf(r + 1))
  ) {
    r++;
  }
  const resource = segments[r];
  if (!resource || resource.kind !== 'static') {
    throw new Error(`cannot find a resource segment in ${op.path}`);
  }
  const namespace = [...root, ...segments.slice(0, r + 1).map((s) => camelCase(s.name))];
  const resourcePrefix = prefixOf(r + 1);
  const rest = segments.slice(r + 1);
  const here = normalisePath(op.path);
  const isPage = op.httpMethod === 'get' && op.pageKind !== undefined;

  // statics after the resource: whether an id follows each, and whether it is addressable on its own
  const statics: { name: string; item: boolean; addressable: boolean }[] = [];
  rest.forEach((s, i) => {
    if (s.kind !== 'static') return;
    const item = rest[i + 1]?.kind === 'param';
    statics.push({ name: s.name, item, addressable: item || index.paths.has(prefixOf(r + 2 + i)) });
  });
  const endsWithParam = rest.length > 0 && rest[rest.length - 1]!.kind === 'param';
  const resourceSingular = pascalCase(singular(resource.name));

  const crud = (verb: string, qualifier = ''): RuleName => ({
    namespace,
    method: qualifier ? verb + qualifier : verb === 'delete' ? 'del' : verb,
    shape: 'crud',
    resourcePrefix,
  });

  // /resource or /resource/{id}: the plain CRUD five
  if (statics.length === 0) {
    if (op.httpMethod === 'delete') return crud('delete');
    if (op.httpMethod === 'get') {
      if (endsWithParam) return crud('retrieve');
      return crud(op.pageKind === 'search' ? 'search' : isPage ? 'list' : 'retrieve');
    }
    if (endsWithParam) return crud('update');
    // POST on a singleton that is read with GET and never addressed by id (`/v1/tax/settings`) updates it
    const singleton = index.gettable.has(here) && !index.takesId.has(here);
    return crud(singleton ? 'update' : 'create');
  }

  // Qualifier from the sub-resources: item-addressed statics are singular (`sources/{id}` -> Source);
  // the last static keeps its own spelling unless an id follows it.
  const qualify = (list: readonly { name: string; item: boolean }[], singularLast: boolean): string =>
    list
      .map((s, i) => pascalCase(s.item || (singularLast && i === list.length - 1) ? singular(s.name) : s.name))
      .join('');

  if (endsWithParam) {
    // an item of a sub-collection: /customers/{c}/sources/{id}
    const verb = op.httpMethod === 'get' ? 'retrieve' : op.httpMethod === 'post' ? 'update' : 'delete';
    return crud(verb, qualify(statics, true));
  }

  const last = statics[statics.length - 1]!;
  const before = statics.slice(0, -1);
  if (op.httpMethod === 'get') {
    if (last.name === 'search' && op.pageKind === 'search') return crud('search', qualify(before, true));
    // a read-only query on the collection itself (`/credit_notes/preview`, `/apps/secrets/find`) is named by its verb
    if (!isPage && rest.length === 1 && !JS_RESERVED.has(camelCase(last.name))) {
      return { namespace, method: camelCase(last.name), shape: 'action', resourcePrefix };
    }
    return crud(isPage ? 'list' : 'retrieve', qualify(statics, false));
  }
  if (op.httpMethod === 'delete') return crud('delete', qualify(statics, false));

  // POST ending in a static: a sub-collection (create), a singleton (update) or an action (verb).
  const isCollection =
    index.takesId.has(here) || index.listed.has(here) || (!index.gettable.has(here) && looksLikeCollection(last.name));
  if (isCollection) return crud('create', qualify(statics, true));
  if (index.gettable.has(here)) return crud('update', qualify(statics, false));

  // An action. Its object is the sub-resource it is under (`sources/{id}/verify` -> verifySource,
  // `charges/{c}/dispute/close` -> closeDispute); under a bare grouping segment with no operations of
  // its own (`cards/{card}/shipping/deliver`) it is the resource (deliverCard, as stripe-node says).
  const verb = camelCase(last.name);
  const objects = before.filter((s) => s.addressable);
  let qualifier = objects.map((s) => pascalCase(singular(s.name))).join('');
  if (!qualifier && (before.length > 0 || JS_RESERVED.has(verb))) qualifier = resourceSingular;
  return { namespace, method: verb + qualifier, shape: objects.length > 0 ? 'sub-action' : 'action', resourcePrefix };
}
