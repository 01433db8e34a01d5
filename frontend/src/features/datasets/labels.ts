export const healthColor = (score: number): string =>
  score >= 80 ? '#52c41a' : score >= 50 ? '#faad14' : '#ff4d4f';

/** `TECHNICAL_OWNER` → `Technical Owner`. */
export const ownershipLabel = (type: string): string =>
  type
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
