// Writes src/types/api.generated.ts from the server's Swagger 2.0 document (drf-yasg), or with
// --check fails when the committed file differs from what the document gives today.
//
//   node scripts/api-types.mjs                 regenerate (runs Django in-process, no server)
//   node scripts/api-types.mjs --check         regenerate into a temp file and compare
//   node scripts/api-types.mjs --schema FILE   read a saved swagger.json instead of Django
//
// The generator is our own (scripts/api-types/generate.mjs, ~170 lines) rather than a package:
// openapi-typescript >= 6 reads only OpenAPI 3, so a package means a Swagger 2 -> 3 converter
// plus a generator (two dependency trees whose output shifts with their versions), or the
// legacy openapi-typescript 5.4 line (pulls in prettier 2 and undici 5 beside our prettier 3).
// drf-yasg uses a small part of Swagger 2.0; the generator knows that part and throws on
// anything else, and reads drf-yasg's x-nullable.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

import * as prettier from 'prettier';

import { generate } from './api-types/generate.mjs';

const FRONTEND = join(import.meta.dirname, '..');
const ROOT = join(FRONTEND, '..');
const TARGET = join(FRONTEND, 'src', 'types', 'api.generated.ts');

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
