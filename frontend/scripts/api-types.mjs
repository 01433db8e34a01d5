// Writes src/types/api.generated.ts from the server's Swagger 2.0 document (drf-yasg), or with
// --check fails when the committed file differs from what the document gives today.
//
//   node scripts/api-types.mjs                 regenerate (runs Django in-process, no server)
//   node scripts/api-types.mjs --check         regenerate into a temp file and compare
//   node scripts/api-types.mjs --schema FILE   read a saved swagger.json instead of Django
//
// Our own ~200 lines rather than a package: openapi-typescript >= 6 reads only OpenAPI 3, so a
// package means a Swagger 2 -> 3 converter plus a generator (two dependency trees whose output
// shifts with their versions), or openapi-typescript 5 (unmaintained, pins prettier 2).
// drf-yasg uses a small part of Swagger 2.0; this script knows that part and throws on any
// keyword it does not know, so nothing is silently typed `unknown`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

import * as prettier from 'prettier';

const FRONTEND = join(import.meta.dirname, '..');
const ROOT = join(FRONTEND, '..');
const TARGET = join(FRONTEND, 'src', 'types', 'api.generated.ts');

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

/** The document as GET /api/swagger.json serves it, from Django's test client: no server, no
 * network, no database query (the schema view reads none). Test settings: SQLite, no secrets. */
function swaggerFromDjango() {
  const python = process.env.MDT_PYTHON ?? join(ROOT, '.venv', 'bin', 'python');
  const code = [
    'import sys, django',
    'django.setup()',
    'from django.test import Client',
    'r = Client().get("/api/swagger.json")',
    'if r.status_code != 200: sys.exit(f"GET /api/swagger.json answered {r.status_code}")',
    'sys.stdout.write(r.content.decode())',
  ].join('\n');
  const env = { ...process.env, DJANGO_SETTINGS_MODULE: 'metadata_discovery.settings.test' };
  delete env.DATABASE_URL;
  const run = spawnSync(python, ['-c', code], { cwd: ROOT, env, encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    const why = run.error?.message ?? run.stderr.trim().split('\n').slice(-3).join('\n');
    throw new Error(
      `could not build the Swagger document with ${python} (set MDT_PYTHON):\n${why}`,
    );
  }
  return JSON.parse(run.stdout);
}

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
    case 'object':
    case undefined:
      return objectType(schema, where, definitions) + nullable;
    default:
      throw new Error(`${where}: unsupported type '${schema.type}'`);
  }
}

/** `{...}` for declared properties; Record for a map; a bare `object` (what drf-yasg writes for
 * a JSONField or SerializerMethodField) is `Record<string, unknown>`: the schema says no more. */
function objectType(schema, where, definitions) {
  if (schema.properties) {
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

function generate(swagger) {
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
      if (seen && seen.text !== text)
        throw new Error(`${where}: two schemas titled ${schema.title}`);
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

async function render(swagger) {
  const options = (await prettier.resolveConfig(TARGET)) ?? {};
  return prettier.format(generate(swagger), { ...options, filepath: TARGET });
}

const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, schema: { type: 'string' } },
});
let text;
try {
  const swagger = values.schema
    ? JSON.parse(readFileSync(values.schema, 'utf8'))
    : swaggerFromDjango();
  text = await render(swagger);
} catch (error) {
  console.error(`api-types: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const shown = relative(ROOT, TARGET);
if (!values.check) {
  writeFileSync(TARGET, text);
  console.log(`wrote ${shown}`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'mdt-api-types-'));
  const fresh = join(dir, 'api.generated.ts');
  writeFileSync(fresh, text);
  let committed = '';
  try {
    committed = readFileSync(TARGET, 'utf8');
  } catch {
    // a missing file differs like any other
  }
  if (committed === text) {
    rmSync(dir, { recursive: true });
    console.log(`${shown} matches the server's Swagger schema`);
  } else {
    let diff = '';
    try {
      execFileSync('diff', ['-u', TARGET, fresh], { encoding: 'utf8' });
    } catch (error) {
      diff = String(error.stdout ?? '');
    }
    const lines = diff.split('\n');
    console.error(lines.slice(0, 60).join('\n') + (lines.length > 60 ? '\n[…]' : ''));
    console.error(
      `\n${shown} differs from what the server's Swagger schema gives today ` +
        `(fresh copy: ${fresh}).\nRun \`npm run api-types\` in frontend/, ` +
        `fix what no longer type-checks, and commit the file.`,
    );
    process.exitCode = 1;
  }
}
