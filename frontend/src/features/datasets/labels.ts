import type { OwnerInputType } from '@/types/api';

export const healthColor = (score: number): string =>
  score >= 80 ? '#52c41a' : score >= 50 ? '#faad14' : '#ff4d4f';

const OWNERSHIP_LABELS: Record<OwnerInputType, string> = {
  TECHNICAL_OWNER: 'Technical owner',
  BUSINESS_OWNER: 'Business owner',
  DATA_STEWARD: 'Data steward',
  NONE: 'None',
  DATAOWNER: 'Data owner',
  PRODUCER: 'Producer',
  CONSUMER: 'Consumer',
  DEVELOPER: 'Developer',
  DELEGATE: 'Delegate',
  STAKEHOLDER: 'Stakeholder',
};

/** `TECHNICAL_OWNER` → `Technical owner` (the server's `type_label` says how a stored owner
 * shows; this names the choices of the editor). */
export const ownershipLabel = (type: OwnerInputType): string => OWNERSHIP_LABELS[type];

const LABEL_ORDER = ['Technical owner', 'Business owner', 'Data steward'];

/** Owner groups in the order DataHub lists its types; custom types after, then "None". */
export const ownershipLabelOrder = (a: string, b: string): number => {
  const rank = (label: string) =>
    label === 'None' ? 99 : LABEL_ORDER.includes(label) ? LABEL_ORDER.indexOf(label) : 50;
  return rank(a) - rank(b) || a.localeCompare(b);
};
