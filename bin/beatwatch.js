#!/usr/bin/env node
// The installed command runs the compiled sources in dist/ (built by `npm install` through the
// `prepare` script), so a user's `npx beatwatch …` starts without a TypeScript loader.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(
    'beatwatch: dist/cli.js is missing. Run `npm install` (or `npm run build`) in the project first.\n',
  );
  process.exit(1);
}
await import(pathToFileURL(cli).href);
