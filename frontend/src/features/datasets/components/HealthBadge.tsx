import { Popover, Progress, Typography } from 'antd';

import type { Health } from '@/types/api';

import { healthColor } from '../labels';

export function HealthBadge({ health }: { health: Health }) {
  return (
    <Popover
      title={`Health ${health.score}/100`}
      content={
        health.reasons.length ? (
          <ul className="health-reasons">
            {health.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        ) : (
          'Nothing to improve.'
        )
      }
    >
      <span className="health-badge" data-testid="health-score" tabIndex={0}>
        <Progress
          type="circle"
          size={40}
          percent={health.score}
          strokeColor={healthColor(health.score)}
          format={(value) => value}
        />
        <Typography.Text type="secondary">Health</Typography.Text>
      </span>
    </Popover>
  );
}
