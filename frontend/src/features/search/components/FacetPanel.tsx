import { Button, Checkbox, Typography } from 'antd';
import { useState } from 'react';

import { urnName } from '@/lib/routes';
import { FACETS, type FacetName, type FacetValue } from '@/types/api';

import { APPROXIMATE_FACETS_NOTE } from '../counts';
import { FACET_LABELS } from '../facets';

const SHOWN = 6;

interface Props {
  facets: Partial<Record<FacetName, FacetValue[]>>;
  selected: Partial<Record<FacetName, string[]>>;
  /** The counts are estimates from a sample of a broad match (facets_are_exact false). */
  approximate?: boolean;
  onToggle: (facet: FacetName, value: string, checked: boolean) => void;
}

/** "1,234", or "≈1,234" read as "about 1,234" when the count is an estimate. */
function FacetCount({ count, approximate }: { count: number; approximate: boolean }) {
  const shown = count.toLocaleString();
  if (!approximate) return <span className="facet-count">{shown}</span>;
  return (
    <span className="facet-count" title={`about ${shown}`}>
      <span aria-hidden="true">≈</span>
      <span className="sr-only">about </span>
      {shown}
    </span>
  );
}

function FacetGroup({
  facet,
  values,
  selected,
  approximate,
  onToggle,
}: {
  facet: FacetName;
  values: FacetValue[];
  selected: string[];
  approximate: boolean;
  onToggle: Props['onToggle'];
}) {
  const [expanded, setExpanded] = useState(false);
  // A ticked value stays visible even when this page of counts no longer lists it.
  const merged = [
    ...values,
    ...selected
      .filter((value) => !values.some((item) => item.value === value))
      .map((value) => ({
        value,
        count: 0,
      })),
  ];
  const shown = expanded ? merged : merged.slice(0, SHOWN);
  return (
    <section className="facet-group" aria-label={FACET_LABELS[facet]}>
      <Typography.Text strong className="facet-title">
        {FACET_LABELS[facet]}
      </Typography.Text>
      {shown.map(({ value, count }) => (
        <div key={value} className="facet-value">
          <Checkbox
            checked={selected.includes(value)}
            onChange={(event) => onToggle(facet, value, event.target.checked)}
          >
            <span className="facet-label" title={value}>
              {facet === 'owner' ? urnName(value) : value}
            </span>
          </Checkbox>
          <FacetCount count={count} approximate={approximate} />
        </div>
      ))}
      {merged.length > SHOWN && (
        <Button type="link" size="small" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : `Show ${merged.length - SHOWN} more`}
        </Button>
      )}
    </section>
  );
}

export function FacetPanel({ facets, selected, approximate = false, onToggle }: Props) {
  const groups = FACETS.filter(
    (facet) => (facets[facet]?.length ?? 0) > 0 || (selected[facet]?.length ?? 0) > 0,
  );
  if (!groups.length) return null;
  return (
    <div className="facet-panel">
      {approximate && (
        <Typography.Paragraph type="secondary" className="facet-note" role="note">
          {APPROXIMATE_FACETS_NOTE}
        </Typography.Paragraph>
      )}
      {groups.map((facet) => (
        <FacetGroup
          key={facet}
          facet={facet}
          values={facets[facet] ?? []}
          selected={selected[facet] ?? []}
          approximate={approximate}
          onToggle={onToggle}
        />
      ))}
    </div>
  );
}
