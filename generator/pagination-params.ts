// List params that take Stripe's three standard pagination params extend the runtime's
// `PaginationParams` (stripe-node's shape) instead of repeating the three members and their
// ~700 bytes of docs in each of the ~110 list params types.
import type * as TS from 'typescript';
import { ts } from './typescript.js';

/** The runtime interface list params extend (runtime/pagination.ts), and its module from the runtime's root. */
export const PAGINATION_PARAMS = 'PaginationParams';
export const PAGINATION_MODULE = 'pagination';

/**
 * Each member's printed type and the description the spec gives it on nearly every list endpoint;
 * runtime/pagination.ts carries the same texts (test/generator/pagination-params.test.ts checks).
 */
export const STANDARD_PAGINATION: Readonly<Record<string, { type: TS.SyntaxKind; description: string }>> = {
  ending_before: {
    type: ts.SyntaxKind.StringKeyword,
    description:
      'A cursor for use in pagination. `ending_before` is an object ID that defines your place in the list. For instance, if you make a list request and receive 100 objects, starting with `obj_bar`, your subsequent call can include `ending_before=obj_bar` in order to fetch the previous page of the list.',
  },
  limit: {
    type: ts.SyntaxKind.NumberKeyword,
    description: 'A limit on the number of objects to be returned. Limit can range between 1 and 100, and the default is 10.',
  },
  starting_after: {
    type: ts.SyntaxKind.StringKeyword,
    description:
      'A cursor for use in pagination. `starting_after` is an object ID that defines your place in the list. For instance, if you make a list request and receive 100 objects, ending with `obj_foo`, your subsequent call can include `starting_after=obj_foo` in order to fetch the next page of the list.',
  },
};

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The text of a member's doc comment as openapi-typescript attaches it (`* @description ...`), without the comment's stars. */
function docText(member: TS.Node): string | undefined {
  const comments = ts.getSyntheticLeadingComments(member) ?? [];
  if (comments.length !== 1) return comments.length ? undefined : '';
  return collapse(comments[0]!.text.replace(/^\*/, '').replace(/\n\s*\*/g, '\n'));
}

function memberName(member: TS.TypeElement): string | undefined {
  const n = member.name;
  return n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) ? n.text : undefined;
}

/** Whether `member` is exactly the standard one: optional, not readonly, the same type, and a doc comment holding the standard description only. */
function isStandard(member: TS.TypeElement, name: string): boolean {
  const want = STANDARD_PAGINATION[name]!;
  return (
    ts.isPropertySignature(member) &&
    !!member.questionToken &&
    !member.modifiers?.length &&
    member.type?.kind === want.type &&
    docText(member) === `@description ${collapse(want.description)}`
  );
}

/**
 * The members left once the three standard pagination members are dropped, when all three are
 * there exactly as standard (else undefined: the type keeps every member and its docs as printed).
 */
export function withoutPagination(members: readonly TS.TypeElement[]): TS.TypeElement[] | undefined {
  const names = Object.keys(STANDARD_PAGINATION);
  const found = members.filter((m) => names.includes(memberName(m) ?? ''));
  if (found.length !== names.length || new Set(found.map(memberName)).size !== names.length) return undefined;
  if (!found.every((m) => isStandard(m, memberName(m)!))) return undefined;
  return members.filter((m) => !found.includes(m));
}

/** `extends PaginationParams`, for an interface declaration. */
export function paginationHeritage(): TS.HeritageClause {
  return ts.factory.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, [ts.factory.createExpressionWithTypeArguments(ts.factory.createIdentifier(PAGINATION_PARAMS), undefined)]);
}
