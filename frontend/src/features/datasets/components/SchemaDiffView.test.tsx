import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderRoutes } from '@/test/render';
import type { SchemaDiff } from '@/types/api';

import { SchemaDiffTable } from './SchemaDiffView';

const reader = {
  urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,db.report,PROD)',
  name: 'db.report',
  platform: 'hive',
  field_path: 'total',
  hops: 1,
  transformation: 'SUM',
};
const diff: SchemaDiff = {
  from_version: 3,
  to_version: 4,
  changed_at: '2024-03-01T00:00:00Z',
  actor: 'urn:li:corpuser:etl',
  added: [{ field_path: 'currency', type: 'string', native_type: 'varchar' }],
  removed: [{ field_path: 'amount', type: 'number', native_type: 'decimal', readers: [reader] }],
  type_changed: [
    {
      field_path: 'id',
      from_type: 'number',
      to_type: 'string',
      from_native_type: 'bigint',
      to_native_type: 'varchar',
      readers: [],
    },
  ],
  blast_radius: {
    datasets: [{ urn: reader.urn, name: 'db.report', platform: 'hive', hops: 1 }],
    columns: 1,
  },
  unmapped_readers: [
    {
      urn: 'urn:li:dataset:(urn:li:dataPlatform:hive,db.other,PROD)',
      name: 'db.other',
      platform: 'hive',
    },
  ],
};

describe('SchemaDiffTable', () => {
  it('shows fields added, removed and retyped, who reads them, and the blast radius', () => {
    renderRoutes([{ path: '*', element: <SchemaDiffTable diff={diff} /> }], '/');
    expect(screen.getByText(/\+ currency/)).toHaveClass('diff-added');
    expect(screen.getByText(/− amount/)).toHaveClass('diff-removed');
    expect(screen.getByText(/~ id/)).toHaveClass('diff-changed');
    expect(screen.getByText('bigint')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'db.report.total' })).toHaveAttribute(
      'href',
      `/dataset/${encodeURIComponent(reader.urn)}/schema?field=total`,
    );
    expect(screen.getByTestId('schema-diff-blast')).toHaveTextContent(
      'Blast radius: 1 dataset, 1 column',
    );
    expect(screen.getByTestId('schema-diff-blast')).toHaveTextContent('db.other');
  });
});
