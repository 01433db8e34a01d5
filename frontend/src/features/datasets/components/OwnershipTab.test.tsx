import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { datasetDetail } from '@/test/factories';
import { renderRoutes } from '@/test/render';
import type { DatasetDetail } from '@/types/api';

import { OwnershipTab } from './OwnershipTab';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,db.x,PROD)';
type Owner = DatasetDetail['owners'][number];
const owner = (name: string, type: Owner['type'], type_label: string, type_urn = ''): Owner => ({
  owner: `urn:li:corpuser:${name}`,
  kind: 'user',
  name,
  display_name: name,
  type,
  type_urn,
  type_label,
  source: 'ingested',
});

describe('OwnershipTab', () => {
  it('groups owners as DataHub shows their types, custom types by name', () => {
    const dataset = datasetDetail(URN, {
      owners: [
        owner('nobody', 'NONE', 'None'),
        owner('cleo', 'CUSTOM', 'Data custodian', 'urn:li:ownershipType:data_custodian'),
        owner('ann', 'DATAOWNER', 'Technical owner'),
        owner('bob', 'TECHNICAL_OWNER', 'Technical owner'),
        owner('sue', 'STAKEHOLDER', 'Business owner'),
      ],
    });
    renderRoutes([{ path: '/', element: <OwnershipTab dataset={dataset} canEdit={false} /> }], '/');

    const titles = screen.getAllByText(/owner$|custodian$|^None$/, {
      selector: '.ant-card-head-title',
    });
    expect(titles.map((title) => title.textContent)).toEqual([
      'Technical owner',
      'Business owner',
      'Data custodian',
      'None',
    ]);
    const technical = titles[0]?.closest('.ant-card') as HTMLElement;
    expect(within(technical).getByText('ann')).toBeInTheDocument(); // DATAOWNER, as DataHub shows it
    expect(within(technical).getByText('bob')).toBeInTheDocument();
  });
});
