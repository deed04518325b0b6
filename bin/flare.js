#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('flare: dist/cli/main.js not found; run `npm run build` first.');
  process.exit(1);
}
await import(entry.href);
