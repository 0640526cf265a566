// The snapshot's type rendering and flattening: what the diff compares.
import { describe, expect, it } from 'vitest';
import { resolveSide } from '../../../generator/diff/sides.js';
import { splitUnion, typeOf } from '../../../generator/diff/snapshot.js';
import { tinySpec } from '../../support/paths.js';

describe('typeOf', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['integer', { type: 'integer' }, 'number'],
    ['nullable', { type: 'string', nullable: true }, 'null | string'],
    ['expandable', { anyOf: [{ type: 'string' }, { $ref: '#/components/schemas/customer' }] }, 'Customer | string'],
    ["Stripe's unset", { anyOf: [{ type: 'object', properties: { a: {} } }, { type: 'string', enum: [''] }] }, '"" | object'],
    ['array of unions', { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'string', enum: [''] }] } }, '("" | string)[]'],
    ['map', { type: 'object', additionalProperties: { type: 'string' } }, 'Record<string, string>'],
    ['free-form', { type: 'object' }, 'Record<string, unknown>'],
    ['enum', { type: 'string', enum: ['a', 'b'] }, 'string'],
    ['file', { type: 'string', format: 'binary' }, 'binary'],
  ])('%s', (_label, schema, type) => {
    expect(typeOf(schema)).toBe(type);
  });

  it('splits unions at the top level only', () => {
    expect(splitUnion('("" | string)[] | Record<string, a | b> | null')).toEqual(['("" | string)[]', 'Record<string, a | b>', 'null']);
  });
});

describe('snapshotModel on the tiny spec', () => {
  const snap = resolveSide(tinySpec).snapshot;
  it('flattens params to dotted paths with required flags and enum values', () => {
    const create = snap.methods['widgets.create']!;
    expect(create.params.name).toEqual({ type: 'string', required: true });
    expect(create.params.metadata).toEqual({ type: '"" | Record<string, string>' });
    expect(create.returns).toBe('Widget');
    expect(snap.methods['widgets.list']!.returns).toBe('list<Widget>');
    expect(snap.methods['widgets.polish']!.deprecated).toBe(true);
  });
  it('keeps response fields per named type, enums closed, nullability in the type', () => {
    const widget = snap.schemas.widget!;
    expect(widget.type).toBe('Widget');
    expect(widget.fields.kind).toEqual({ type: 'string', required: true, enum: ['large', 'small'] });
    expect(widget.fields.color).toEqual({ type: 'null | string' });
    expect(widget.fields.owner).toEqual({ type: 'Owner | string' });
  });
});
