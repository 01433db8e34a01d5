// Swagger 2.0 (as drf-yasg writes it) -> TypeScript declarations: `Definitions` by definition
// name, `Operations` by operationId (method, url, path/query/header parameters, body,
// responses by status). Pure: scripts/api-types.mjs fetches the document and formats the text.
// drf-yasg uses a small part of Swagger 2.0; any keyword outside it throws, so a schema this
// script does not understand fails the build instead of turning into `unknown`.

// Keywords that change nothing in a TypeScript type (validation limits, docs, examples).
const IGNORED = new Set([
  'title',
  'description',
  'example',
  'default',
  'format',
  'readOnly',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
]);
const KNOWN = new Set([
  ...IGNORED,
  '$ref',
  'type',
  'enum',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'x-nullable',
]);

const doc = (text) =>
  text ? `/** ${text.replace(/\*\//g, '*\\/').replace(/\n+/g, ' ').trim()} */\n` : '';
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

function typeOf(schema, where, definitions) {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword)) throw new Error(`${where}: unsupported schema keyword '${keyword}'`);
  }
  const nullable = schema['x-nullable'] ? ' | null' : '';
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    if (!(name in definitions)) throw new Error(`${where}: unknown $ref ${schema.$ref}`);
    return `Definitions[${JSON.stringify(name)}]${nullable}`;
  }
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ') + nullable;
  switch (schema.type) {
    case 'string':
      return `string${nullable}`;
    case 'integer':
    case 'number':
      return `number${nullable}`;
    case 'boolean':
      return `boolean${nullable}`;
    case 'file':
      return `Blob${nullable}`;
    case 'array': {
      const item = typeOf(schema.items, `${where}[]`, definitions);
      return (/^[\w$[\]"]+$/.test(item) ? `${item}[]` : `Array<${item}>`) + nullable;
    }
    case undefined:
      // No type and nothing of an object: Swagger 2.0's "any value" (drf-yasg never omits the
      // type; MDT's inspector does for a JSON value that need not be an object).
      if (!schema.properties && schema.additionalProperties === undefined) return 'unknown';
      return objectType(schema, where, definitions) + nullable;
    case 'object':
      return objectType(schema, where, definitions) + nullable;
    default:
      throw new Error(`${where}: unsupported type '${schema.type}'`);
  }
}

/** `{...}` for declared properties (none: an empty object); Record for a map; a bare `object`
 * (what drf-yasg writes for a JSONField or SerializerMethodField) is `Record<string, unknown>`:
 * the schema says no more. */
function objectType(schema, where, definitions) {
  if (schema.properties) {
    if (schema.additionalProperties !== undefined) {
      throw new Error(`${where}: properties and additionalProperties together`);
    }
    if (!Object.keys(schema.properties).length) return 'Record<string, never>';
    const required = new Set(schema.required ?? []);
    const members = Object.entries(schema.properties).map(([name, property]) => {
      const optional = required.has(name) ? '' : '?';
      const type = typeOf(property, `${where}.${name}`, definitions);
      return `${doc(property.description)}${key(name)}${optional}: ${type};`;
    });
    return `{\n${members.join('\n')}\n}`;
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object') {
    return `Record<string, ${typeOf(extra, `${where}{}`, definitions)}>`;
  }
  return 'Record<string, unknown>';
}

/** Path, query and header parameters of an operation, and its body. */
function parametersOf(parameters, where, definitions) {
  const groups = { path: [], query: [], header: [], formData: [] };
  let body = null;
  for (const p of parameters) {
    if (p.in === 'body') {
      body = typeOf(p.schema, `${where} body`, definitions);
      continue;
    }
    if (!(p.in in groups)) throw new Error(`${where}: unsupported parameter location '${p.in}'`);
    const { name, in: _in, required, description, collectionFormat, ...schema } = p;
    void _in;
    void collectionFormat; // axios repeats array parameters (?tag=a&tag=b), as 'multi' says
    const type = typeOf(schema, `${where} ${name}`, definitions);
    groups[p.in].push(`${doc(description)}${key(name)}${required ? '' : '?'}: ${type};`);
  }
  const members = Object.entries(groups)
    .filter(([, list]) => list.length)
    .map(([group, list]) => `${group}: {\n${list.join('\n')}\n};`);
  if (body) members.push(`body: ${body};`);
  return members;
}

export function generate(swagger) {
  if (swagger.swagger !== '2.0') throw new Error(`expected Swagger 2.0, got ${swagger.swagger}`);
  const definitions = swagger.definitions ?? {};
  const out = [
    '// Generated by scripts/api-types.mjs from the Swagger document of the Django API',
    '// (GET /api/swagger.json). Do not edit: change the serializers, then run',
    '// `npm run api-types`. src/types/api.ts narrows these types for the UI.',
    '',
    `/** ${swagger.info.title} ${swagger.info.version}: schemas by definition name. */`,
    'export interface Definitions {',
  ];
  for (const [name, schema] of Object.entries(definitions)) {
    out.push(`${doc(schema.description)}${key(name)}: ${typeOf(schema, name, definitions)};`);
  }
  out.push('}', '');
  // The error body repeats inline in every operation: named once here when its copies agree.
  const shared = new Map();
  const responseType = (schema, where) => {
    if (!schema) return 'void';
    if (schema.title && !schema.$ref && !(schema.title in definitions)) {
      const text = JSON.stringify(schema);
      const seen = shared.get(schema.title);
      if (seen && seen.text !== text) {
        throw new Error(`${where}: two different schemas titled ${schema.title}`);
      }
      if (!seen) shared.set(schema.title, { text, type: typeOf(schema, where, definitions) });
      return `SharedResponses[${JSON.stringify(schema.title)}]`;
    }
    return typeOf(schema, where, definitions);
  };
  const operations = [];
  for (const [path, item] of Object.entries(swagger.paths)) {
    const common = item.parameters ?? [];
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const where = `${method.toUpperCase()} ${path}`;
      const names = new Set((operation.parameters ?? []).map((p) => `${p.in}:${p.name}`));
      const parameters = [
        ...common.filter((p) => !names.has(`${p.in}:${p.name}`)),
        ...(operation.parameters ?? []),
      ];
      const responses = Object.entries(operation.responses).map(
        ([status, response]) =>
          `${doc(response.description)}${status}: ${responseType(response.schema, `${where} ${status}`)};`,
      );
      operations.push(
        `${doc(`${where}${operation.summary ? `: ${operation.summary}` : ''}`)}` +
          `${key(operation.operationId)}: {\n` +
          `method: ${JSON.stringify(method)};\nurl: ${JSON.stringify(path)};\n` +
          `${parametersOf(parameters, where, definitions).join('\n')}\n` +
          `responses: {\n${responses.join('\n')}\n};\n};`,
      );
    }
  }
  out.push('/** Response bodies that operations repeat inline, named by their title. */');
  out.push('export interface SharedResponses {');
  for (const [title, { type }] of shared) out.push(`${key(title)}: ${type};`);
  out.push('}', '', '/** Every operation by its operationId. */', 'export interface Operations {');
  out.push(...operations, '}', '');
  return out.join('\n');
}
