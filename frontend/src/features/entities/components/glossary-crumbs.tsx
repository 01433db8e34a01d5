import { Link } from 'react-router';

import { glossaryNodePath, glossaryPath } from '@/lib/routes';
import type { NamedRef } from '@/types/entities';

/** Glossary › group › group… › itself: where a term or group sits, every step above it a link. */
export const glossaryCrumbs = (path: NamedRef[], current: string) => [
  { key: '/', title: <Link to={glossaryPath()}>Glossary</Link> },
  ...path.map((node) => ({
    key: node.name,
    title: <Link to={glossaryNodePath(node.name)}>{node.display_name || node.name}</Link>,
  })),
  { key: '.', title: current },
];
