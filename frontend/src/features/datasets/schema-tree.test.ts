import { describe, expect, it } from 'vitest';

import type { SchemaField } from '@/types/api';

import { buildSchemaTree, filterSchemaTree, readablePath } from './schema-tree';

const field = (field_path: string, ordinal: number, description = ''): SchemaField => ({
  field_path,
  type: 'string',
  native_type: 'string',
  nullable: true,
  is_key: false,
  is_partition: false,
  ordinal,
  description,
  editable_description: '',
  tags: [],
  editable_tags: [],
  glossary_terms: [],
  editable_glossary_terms: [],
  classification: '',
});

const V2 = '[version=2.0].[type=PageViewEvent]';

describe('schema tree', () => {
  it('reads DataHub v2 paths and dotted paths alike', () => {
    expect(readablePath(`${V2}.[type=AuditHeader].auditHeader.[type=long].time`)).toBe(
      'auditHeader.time',
    );
    expect(readablePath('address.city')).toBe('address.city');
  });

  it('nests fields under their parents in ordinal order', () => {
    const tree = buildSchemaTree([
      field(`${V2}.[type=AuditHeader].auditHeader`, 0),
      field(`${V2}.[type=AuditHeader].auditHeader.[type=string].appName`, 2),
      field(`${V2}.[type=AuditHeader].auditHeader.[type=long].time`, 1),
      field(`${V2}.[type=string].pageUrl`, 3, 'The URL'),
      field('orphan.child', 4),
    ]);
    expect(tree.map((node) => node.name)).toEqual(['auditHeader', 'pageUrl', 'orphan.child']);
    expect(tree[0]?.children?.map((node) => node.name)).toEqual(['time', 'appName']);
  });

  it('filters by path or description and keeps the ancestors', () => {
    const tree = buildSchemaTree([field('a', 0), field('a.b', 1, 'needle here'), field('c', 2)]);
    const shown = filterSchemaTree(tree, 'NEEDLE');
    expect(shown.map((node) => node.path)).toEqual(['a']);
    expect(shown[0]?.children?.map((node) => node.path)).toEqual(['a.b']);
  });
});
