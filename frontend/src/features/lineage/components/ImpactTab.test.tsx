import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiClient, setAccessToken } from '@/lib/api-client';
import { renderRoutes } from '@/test/render';

import { impactPage } from '../fixtures';
import { ImpactTab } from './ImpactTab';

const URN = 'urn:li:dataset:(urn:li:dataPlatform:hive,db.a,PROD)';
const page = () => renderRoutes([{ path: '*', element: <ImpactTab urn={URN} /> }], '/');

describe('Impact tab', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => {
    mock.restore();
    setAccessToken(null);
    vi.restoreAllMocks();
  });

  it('lists what a change reaches with names, owners, hops and totals per hop', async () => {
    mock.onGet(/\/impact\/$/).reply(200, impactPage());
    page();
    expect(await screen.findByText('db.b')).toBeInTheDocument();
    expect(screen.getByTestId('impact-totals')).toHaveTextContent(
      '2 affected entities: 1 at 1 hop, 1 at 2 hops',
    );
    const chart = screen.getByRole('row', { name: /Revenue chart/ });
    expect(within(chart).getByText('Chart')).toBeInTheDocument();
    expect(within(chart).getByText('via db.b')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'alice' })).toHaveAttribute('href', '/person/alice');
    expect(screen.getByRole('link', { name: 'db.b' })).toHaveAttribute(
      'href',
      `/dataset/${encodeURIComponent('urn:li:dataset:(urn:li:dataPlatform:hive,db.b,PROD)')}`,
    );
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers).toEqual([
      'Dataset',
      'Type',
      'Platform',
      'Owners',
      'Actor',
      'Last Modified',
      'Hops',
    ]);
  });

  it('asks again with the direction and hops chosen, from the first page', async () => {
    mock.onGet(/\/impact\/$/).reply(200, impactPage());
    page();
    await screen.findByText('db.b');
    await userEvent.click(screen.getByText('Upstream (sources)'));
    await waitFor(() =>
      expect(mock.history.get.at(-1)?.params).toMatchObject({ direction: 'upstream', offset: 0 }),
    );
  });

  it('downloads every row as CSV with the token, as a file', async () => {
    setAccessToken('jwt');
    mock.onGet(/\/impact\/$/).reply((config) => {
      if ((config.params as { format?: string }).format === 'csv') {
        return [200, 'Name,URN,Type,Platform,Owners,Actor,Last Modified,Hops,Path\n'];
      }
      return [200, impactPage()];
    });
    const created = vi.fn(() => 'blob:impact');
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
    const clicked = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    page();
    await screen.findByText('db.b');
    await userEvent.click(screen.getByRole('button', { name: /Download CSV/ }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    const request = mock.history.get.at(-1)!;
    expect(request.params).toMatchObject({ format: 'csv', direction: 'downstream', max_hops: 3 });
    expect(request.params).not.toHaveProperty('limit', 50);
    expect(request.responseType).toBe('blob');
    expect(request.headers?.Authorization).toBe('Bearer jwt');
    const link = clicked.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toMatch(/^impact-downstream-.*\.csv$/);
    expect(created).toHaveBeenCalled();
  });
});
