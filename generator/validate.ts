// Step 2: reject a spec the later steps cannot trust: every $ref must resolve
// inside its own file and every operation must declare a response. All problems
// are collected so one run reports them all.
import { SpecError, escapePointer, type SpecIssue } from './errors.js';

export const HTTP_METHODS = ['get', 'post', 'delete', 'put', 'patch'] as const;

export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function validateSpec(doc: Record<string, unknown>, file: string): void {
  const issues: SpecIssue[] = [];
  const add = (pointer: string, message: string) => issues.push({ file, pointer, message });

  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) add('/openapi', 'expected an OpenAPI 3.x document');
  const paths = doc.paths;
  if (paths === null || typeof paths !== 'object') {
    add('/paths', 'missing paths object');
  } else {
    for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
      if (item === null || typeof item !== 'object') continue;
      for (const method of HTTP_METHODS) {
        const op = (item as Record<string, unknown>)[method] as Record<string, unknown> | undefined;
        if (!op) continue;
        const at = `/paths/${escapePointer(path)}/${method}`;
        const responses = op.responses as Record<string, unknown> | undefined;
        if (!responses || typeof responses !== 'object' || Object.keys(responses).length === 0) {
          add(at, 'operation has no responses');
        }
      }
    }
  }

  // Iterative walk: the public spec nests deep enough that recursion is wasteful.
  const stack: [unknown, string][] = [[doc, '']];
  while (stack.length) {
    const [node, at] = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${at}/${i}`]);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const obj = node as Record<string, unknown>;
    const ref = obj.$ref;
    if (typeof ref === 'string') {
      if (!ref.startsWith('#/')) add(at, `$ref ${ref} points outside this file (only local references are supported)`);
      else if (resolvePointer(doc, ref) === undefined) add(at, `$ref ${ref} does not resolve`);
    }
    const keys = Object.keys(obj);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (key === '$ref') continue;
      const child = obj[key];
      if (child !== null && typeof child === 'object') stack.push([child, `${at}/${escapePointer(key)}`]);
    }
  }
  if (issues.length) throw new SpecError(issues);
}
