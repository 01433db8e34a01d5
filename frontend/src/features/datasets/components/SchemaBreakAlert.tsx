import { Alert } from 'antd';
import { Link } from 'react-router';

import { datasetPath } from '@/lib/routes';
import type { SchemaBreak } from '@/types/api';

/** The latest ingestion removed or retyped fields that other datasets read. */
export function SchemaBreakAlert({ urn, found }: { urn: string; found: SchemaBreak }) {
  const fields = found.fields.join(', ');
  return (
    <Alert
      className="schema-break"
      data-testid="schema-break"
      type="warning"
      showIcon
      title={`Breaking schema change (version ${found.version}): ${fields}`}
      description={
        <>
          {found.readers} downstream reader{found.readers === 1 ? '' : 's'} may break (
          {new Date(found.changed_at).toLocaleString()}). See the change in{' '}
          <Link to={datasetPath(urn, 'history')}>History</Link> and who is affected in{' '}
          <Link to={datasetPath(urn, 'impact')}>Impact</Link>.
        </>
      }
    />
  );
}
