import { Tag, Typography } from 'antd';
import { Link } from 'react-router';

import { PlatformBadge } from '@/components/PlatformBadge';
import { TagList } from '@/components/TagList';
import { renderHighlight } from '@/lib/highlight';
import { datasetPath, urnName } from '@/lib/routes';
import type { SearchResult } from '@/types/api';

export function SearchResultItem({ result }: { result: SearchResult }) {
  const nameHighlight = result.highlights.name?.[0];
  const descriptionHighlight = result.highlights.description?.[0];
  const fieldHighlights = result.highlights.fields ?? [];
  return (
    <article className="search-result" data-testid="search-result">
      <div className="search-result-meta">
        <PlatformBadge name={result.platform.name} label={result.platform.display_name} />
        <Tag>{result.origin}</Tag>
        {result.status !== 'active' && <Tag color="red">{result.status}</Tag>}
        <Typography.Text type="secondary" className="search-result-path">
          {result.browse_path.split('/').filter(Boolean).join(' › ')}
        </Typography.Text>
      </div>
      <Link to={datasetPath(result.urn)} className="search-result-name">
        {nameHighlight ? renderHighlight(nameHighlight) : result.name}
      </Link>
      <Typography.Paragraph
        type="secondary"
        className="search-result-description"
        ellipsis={{ rows: 2 }}
      >
        {descriptionHighlight
          ? renderHighlight(descriptionHighlight)
          : result.description || <em>No description</em>}
      </Typography.Paragraph>
      {fieldHighlights.length > 0 && (
        <div className="search-result-fields">
          Matched fields:{' '}
          {fieldHighlights.slice(0, 3).map((snippet, index) => (
            <code key={index}>{renderHighlight(snippet)}</code>
          ))}
        </div>
      )}
      <div className="search-result-footer">
        <TagList tags={result.tags} />
        {result.domain && <Tag color="geekblue">Domain: {result.domain}</Tag>}
        {result.owners.length > 0 && (
          <Typography.Text type="secondary">
            Owners: {result.owners.map(urnName).join(', ')}
          </Typography.Text>
        )}
      </div>
    </article>
  );
}
