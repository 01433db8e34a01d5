import { Alert, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';

import { datasetFieldPath, datasetPath } from '@/lib/routes';
import type { SchemaDiff, SchemaReader } from '@/types/api';

import { useGetSchemaDiffQuery } from '../api/get-schema-diff';

function Readers({ readers }: { readers: SchemaReader[] }) {
  if (!readers.length) return null;
  return (
    <ul className="schema-diff-readers">
      {readers.map((reader) => (
        <li key={`${reader.urn}#${reader.field_path}`}>
          read by{' '}
          <Link to={datasetFieldPath(reader.urn, reader.field_path)}>
            {reader.name}.{reader.field_path}
          </Link>{' '}
          <Typography.Text type="secondary">
            ({reader.platform}, {reader.hops} hop{reader.hops === 1 ? '' : 's'}
            {reader.transformation ? `, ${reader.transformation}` : ''})
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** A schema change as fields added, removed and retyped, and what reads them downstream. */
export function SchemaDiffTable({ diff }: { diff: SchemaDiff }) {
  const { blast_radius: blast } = diff;
  const nothing = !diff.added.length && !diff.removed.length && !diff.type_changed.length;
  return (
    <div className="schema-diff" data-testid="schema-diff">
      {nothing && (
        <Typography.Text type="secondary">No field was added, removed or retyped.</Typography.Text>
      )}
      <ul className="diff schema-diff-fields">
        {diff.added.map((field) => (
          <li key={`+${field.field_path}`} className="diff-added">
            + {field.field_path} <Tag>{field.native_type || field.type}</Tag>
          </li>
        ))}
        {diff.removed.map((field) => (
          <li key={`-${field.field_path}`} className="diff-removed">
            − {field.field_path} <Tag>{field.native_type || field.type}</Tag>
            <Readers readers={field.readers} />
          </li>
        ))}
        {diff.type_changed.map((field) => (
          <li key={`~${field.field_path}`} className="diff-changed">
            ~ {field.field_path} <Tag>{field.from_native_type || field.from_type}</Tag>→
            <Tag color="orange">{field.to_native_type || field.to_type}</Tag>
            <Readers readers={field.readers} />
          </li>
        ))}
      </ul>
      {(blast.datasets.length > 0 || diff.unmapped_readers.length > 0) && (
        <Alert
          type={blast.datasets.length ? 'warning' : 'info'}
          showIcon
          data-testid="schema-diff-blast"
          title={`Blast radius: ${blast.datasets.length} dataset${blast.datasets.length === 1 ? '' : 's'}, ${blast.columns} column${blast.columns === 1 ? '' : 's'}`}
          description={
            <>
              {blast.datasets.length > 0 && (
                <div>
                  {blast.datasets.map((d, i) => (
                    <span key={d.urn}>
                      {i > 0 && ', '}
                      <Link to={datasetPath(d.urn)}>{d.name}</Link> ({d.platform}, {d.hops} hop
                      {d.hops === 1 ? '' : 's'})
                    </span>
                  ))}
                </div>
              )}
              {diff.unmapped_readers.length > 0 && (
                <div>
                  May also read it (no column-level lineage):{' '}
                  {diff.unmapped_readers.map((d, i) => (
                    <span key={d.urn}>
                      {i > 0 && ', '}
                      <Link to={datasetPath(d.urn)}>{d.name}</Link>
                    </span>
                  ))}
                </div>
              )}
            </>
          }
        />
      )}
    </div>
  );
}

/** The diff of the schema change recorded at `version` (fetched from the API). */
export function SchemaDiffView({ urn, version }: { urn: string; version: number }) {
  const { data, error, isLoading } = useGetSchemaDiffQuery({ urn, to: version });
  if (isLoading) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  if (error || !data) return null;
  return <SchemaDiffTable diff={data} />;
}
