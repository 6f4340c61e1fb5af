#!/usr/bin/env node
// The package's command, `regime-widget doctor ...`: runs dist/doctor/cli.js, the doctor as `npm run build` writes it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/doctor/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('regime-widget: dist/doctor/cli.js is missing; run `npm run build` first.');
  process.exit(70);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
