#!/usr/bin/env bash
# npm run migration:generate -- <what-changed>
# Compares the entities with the database (migrated to the latest migration first), writes
# migrations/<timestamp>-<what-changed>.ts and registers it in libs/migrations/src/index.ts. Read and
# complete it by hand before committing: data steps, indexes TypeORM cannot express, down().
set -euo pipefail
name="${1:-}"
if [[ ! "$name" =~ ^[a-z0-9]+(-[a-z0-9]+)*$ ]]; then
  echo "usage: npm run migration:generate -- <what-changed, kebab-case, e.g. add-audit-events>" >&2
  exit 1
fi
cd "$(dirname "$0")/.."
npm run --silent migration:run
node -r @swc-node/register node_modules/typeorm/cli.js migration:generate --pretty -d apps/api/src/database/data-source.ts "migrations/$name"
file=$(ls -t migrations/*-"$name".ts | head -n 1)
class=$(grep -oE 'export class [A-Za-z0-9_]+' "$file" | awk '{print $3}')
node - "$file" "$class" <<'JS'
const fs = require('node:fs');
const [file, cls] = process.argv.slice(2);
const index = 'libs/migrations/src/index.ts';
const module = '../../../migrations/' + require('node:path').basename(file, '.ts');
let text = fs.readFileSync(index, 'utf8');
const imports = text.match(/^import .*;$/gm) ?? [];
const last = imports[imports.length - 1];
text = text.replace(last, `${last}\nimport { ${cls} } from '${module}';`);
text = text.replace(/,?\s*\];\s*$/, `, ${cls}];\n`);
fs.writeFileSync(index, text);
JS
npx prettier --write "$file" libs/migrations/src/index.ts >/dev/null
echo "wrote $file and registered $class in libs/migrations/src/index.ts"
