// Variants of the tiny spec for diff and update tests: each mutation is one real kind of API change.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tinySpec } from './paths.js';

export type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const tiny = (): Spec => JSON.parse(readFileSync(tinySpec, 'utf8')) as Spec;

/** Write `spec` as `dir/name` and return its path. */
export function writeSpec(dir: string, name: string, spec: Spec): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(spec, null, 2));
  return path;
}

const createBody = (s: Spec) => s.paths['/v1/widgets'].post.requestBody.content['application/x-www-form-urlencoded'].schema;

/** Additions only: a new method, an optional param, a widened enum, a new response field. */
export function additive(s: Spec = tiny()): Spec {
  s.paths['/v1/widgets/{widget}/shine'] = {
    post: {
      operationId: 'PostWidgetsWidgetShine',
      parameters: [{ in: 'path', name: 'widget', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/widget' } } } } },
    },
  };
  createBody(s).properties.finish = { type: 'string', enum: ['matte', 'gloss'] };
  s.components.schemas.widget.properties.shine = { type: 'integer' };
  return s;
}

/** Breaking: the deprecated polish method goes, `name` becomes optional then `expand` goes, `color` goes. */
export function breaking(s: Spec = tiny()): Spec {
  delete s.paths['/v1/widgets/{widget}/polish'];
  delete createBody(s).properties.expand;
  delete s.components.schemas.widget.properties.color;
  return s;
}
