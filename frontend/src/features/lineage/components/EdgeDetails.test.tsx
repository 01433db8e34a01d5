import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { renderRoutes } from '@/test/render';

import { edge } from '../fixtures';
import { EdgeDetails } from './EdgeDetails';

const UP = 'urn:li:dataset:(urn:li:dataPlatform:kafka,orders_raw,PROD)';
const DOWN = 'urn:li:dataset:(urn:li:dataPlatform:hive,db.orders,PROD)';
const JOB = 'urn:li:dataJob:(urn:li:dataFlow:(airflow,daily,prod),load)';
const names: Record<string, string> = { [UP]: 'orders_raw', [DOWN]: 'db.orders' };

const show = (props: Partial<Parameters<typeof EdgeDetails>[0]> = {}) => {
  const onRemove = vi.fn();
  renderRoutes(
    [
      {
        path: '*',
        element: (
          <EdgeDetails
            edge={edge(UP, DOWN, {
              actor: JOB,
              job: {
                urn: JOB,
                name: 'load',
                flow: { urn: 'f', name: 'daily', orchestrator: 'airflow' },
              },
              column_mappings: [
                { upstreams: ['amount'], downstreams: ['total'], transformation: 'SUM' },
              ],
              sources: ['editable'],
            })}
            nameOf={(urn) => names[urn] ?? urn}
            canRemove={false}
            removing={false}
            onRemove={onRemove}
            onClose={() => undefined}
            {...props}
          />
        ),
      },
    ],
    '/',
  );
  return onRemove;
};

describe('EdgeDetails', () => {
  it('names the datasets and the task with links, not URNs, and says it was added by hand', () => {
    show();
    expect(screen.getByRole('link', { name: 'orders_raw' })).toHaveAttribute(
      'href',
      `/dataset/${encodeURIComponent(UP)}`,
    );
    expect(screen.getByRole('link', { name: 'db.orders' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'load (daily)' })).toHaveAttribute(
      'href',
      `/job/${encodeURIComponent(JOB)}`,
    );
    // The actor is the task: its name, linked.
    expect(screen.getByRole('link', { name: 'load' })).toBeInTheDocument();
    expect(screen.getByText('Added by hand')).toBeInTheDocument();
    expect(screen.getByText('SUM')).toBeInTheDocument();
    expect(screen.getByTestId('lineage-edge-details')).not.toHaveTextContent('urn:li:dataset');
    expect(screen.queryByRole('button', { name: 'Remove edge' })).toBeNull();
  });

  it('lets an editor remove the edge after confirming', async () => {
    const onRemove = show({ canRemove: true });
    await userEvent.click(screen.getByRole('button', { name: 'Remove edge' }));
    expect(await screen.findByText('The hand-made edge is deleted.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(onRemove).toHaveBeenCalledWith(
      expect.objectContaining({ upstream: UP, downstream: DOWN }),
    );
  });
});
