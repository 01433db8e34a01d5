import { readablePath } from '@/lib/field-path';
import type { SchemaField } from '@/types/api';

export { readablePath };

export interface SchemaNode {
  key: string;
  name: string;
  path: string;
  field: SchemaField;
  children?: SchemaNode[];
}

/** Nests fields under their parents by readable path; a field whose parent is not in the
 * schema stays at the top level with its full path as its name. */
export const buildSchemaTree = (fields: SchemaField[]): SchemaNode[] => {
  const roots: SchemaNode[] = [];
  const byPath = new Map<string, SchemaNode>();
  const sorted = [...fields].sort(
    (a, b) =>
      readablePath(a.field_path).split('.').length - readablePath(b.field_path).split('.').length ||
      a.ordinal - b.ordinal,
  );
  for (const field of sorted) {
    const path = readablePath(field.field_path) || field.field_path;
    const segments = path.split('.');
    const parent = byPath.get(segments.slice(0, -1).join('.'));
    const node: SchemaNode = {
      key: field.field_path,
      name: parent ? (segments.at(-1) ?? path) : path,
      path,
      field,
    };
    if (!byPath.has(path)) byPath.set(path, node);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const byOrdinal = (nodes: SchemaNode[]): SchemaNode[] => {
    nodes.sort((a, b) => a.field.ordinal - b.field.ordinal);
    for (const node of nodes) if (node.children) byOrdinal(node.children);
    return nodes;
  };
  return byOrdinal(roots);
};

/** Keeps nodes whose path or description matches, with the ancestors that lead to them. */
export const filterSchemaTree = (nodes: SchemaNode[], text: string): SchemaNode[] => {
  const needle = text.trim().toLowerCase();
  if (!needle) return nodes;
  const matches = (node: SchemaNode) =>
    node.path.toLowerCase().includes(needle) ||
    (node.field.editable_description || node.field.description).toLowerCase().includes(needle);
  return nodes.flatMap((node) => {
    const children = node.children ? filterSchemaTree(node.children, text) : [];
    if (matches(node) || children.length) {
      return [{ ...node, children: children.length ? children : undefined }];
    }
    return [];
  });
};
