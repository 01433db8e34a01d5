import { Typography } from 'antd';
import groupBy from 'lodash/groupBy';
import uniqBy from 'lodash/uniqBy';
import { Link } from 'react-router';

import { termPath } from '@/lib/routes';
import type { GlossaryTermDetail } from '@/types/entities';

type Related = GlossaryTermDetail['related'][number];

/** DataHub's relations read from this term's side, in DataHub's words: "isA" out is what it
 * inherits from, "isA" in what inherits from it, and so on. */
const LABELS: Record<string, string> = {
  'isA:out': 'Is a',
  'isA:in': 'Inherited by',
  'hasA:out': 'Has a',
  'hasA:in': 'Contained by',
  'values:out': 'Values',
  'values:in': 'Value of',
  'relatedTo:out': 'Related to',
  'relatedTo:in': 'Related to',
};
const ORDER = Object.values(LABELS);

export function RelatedTerms({ related }: { related: Related[] }) {
  if (!related.length) {
    return <Typography.Text type="secondary">No related terms</Typography.Text>;
  }
  const byLabel = groupBy(
    related,
    (item) => LABELS[`${item.relation}:${item.direction}`] ?? item.relation,
  );
  const labels = Object.keys(byLabel).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return (
    <dl className="related-terms">
      {labels.map((label) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            {uniqBy(byLabel[label]!, (item) => item.name).map((item) => (
              <Link key={item.name} to={termPath(item.name)} className="related-term">
                {item.display_name || item.name}
              </Link>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}
