import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { datasetFieldPath } from '@/lib/routes';
import { datasetDetail } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import type { SchemaField } from '@/types/api';

import { SchemaTab } from './SchemaTab';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:kafka,orders,PROD)';
const field = (field_path: string, ordinal: number): SchemaField => ({
  field_path,
  type: 'string',
  native_type: 'string',
  nullable: true,
  is_key: false,
  is_partition: false,
  ordinal,
  description: '',
  editable_description: '',
  tags: [],
  editable_tags: [],
  glossary_terms: [],
  editable_glossary_terms: [],
  classification: '',
});

describe('SchemaTab', () => {
  it('opens filtered to the field a link names, DataHub v2 paths read as dotted ones', () => {
    const dataset = datasetDetail(URN, {
      schema: [
        field('order_id', 0),
        field('[version=2.0].[type=Order].[type=string].customer_email', 1),
      ],
    });
    const url = datasetFieldPath(URN, '[version=2.0].[type=Order].[type=string].customer_email');
    renderRoutes(
      [{ path: '/dataset/:urn/:tab?', element: <SchemaTab dataset={dataset} canEdit={false} /> }],
      url,
    );
    expect(screen.getByRole('searchbox', { name: 'Filter fields' })).toHaveValue('customer_email');
    expect(screen.getByText('customer_email')).toBeInTheDocument();
    expect(screen.queryByText('order_id')).not.toBeInTheDocument();
  });
});
