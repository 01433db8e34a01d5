import { fireEvent, screen, waitFor } from '@testing-library/react';
import MockAdapter from 'axios-mock-adapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { apiClient } from '@/lib/api-client';
import { renderRoutes } from '@/test/render';

import { edge, fanOut, graph, node } from '../fixtures';
import { PAGE } from '../use-explorer';
import { LineageGraph } from './LineageGraph';

const show = () => renderRoutes([{ path: '*', element: <LineageGraph rootUrn="r" /> }], '/');
const lineageCalls = (mock: MockAdapter) =>
  mock.history.get.filter((call) => call.url?.endsWith('/lineage/')).map((call) => call.params);

describe('Lineage graph (the explorer in the tab)', () => {
  let mock: MockAdapter;
  beforeEach(() => {
    mock = new MockAdapter(apiClient);
  });
  afterEach(() => mock.restore());

  it('loads the root both ways and pages a fan-out through its cursor on "+ N more"', async () => {
    mock.onGet(/\/lineage\/$/).replyOnce(200, fanOut('r', 3, 250));
    // The cursor's answer: the root (nothing left to load) and its next neighbour.
    const root = node('r', 0, { downstream_count: 4 });
    mock
      .onGet(/\/lineage\/$/)
      .replyOnce(200, graph('r', [root, node('x', 1, { upstream_count: 1 })], [edge('r', 'x')]));
    show();
    const more = await screen.findByRole('button', {
      name: 'Show 250 more downstream',
      hidden: true,
    });
    expect(lineageCalls(mock)[0]).toEqual({ direction: 'both', depth: 1, limit: PAGE });
    fireEvent.click(more);
    await waitFor(() => expect(lineageCalls(mock)).toHaveLength(2));
    expect(lineageCalls(mock)[1]).toEqual({ cursor: 'next', limit: PAGE });
    await waitFor(() => expect(screen.getAllByTestId('lineage-node')).toHaveLength(5));
  });

  it('collapses a side and opens it again without asking the server', async () => {
    mock
      .onGet(/\/lineage\/$/)
      .replyOnce(
        200,
        graph(
          'r',
          [node('r', 0, { upstream_count: 1 }), node('u', -1, { downstream_count: 1 })],
          [edge('u', 'r')],
        ),
      );
    show();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Collapse upstream of r', hidden: true }),
    );
    await waitFor(() => expect(screen.getAllByTestId('lineage-node')).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Expand upstream of r', hidden: true }));
    await waitFor(() => expect(screen.getAllByTestId('lineage-node')).toHaveLength(2));
    expect(lineageCalls(mock)).toHaveLength(1);
  });
});
