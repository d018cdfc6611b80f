#!/usr/bin/env node
// `pnpm size`: the size of each budgeted entry point (its ESM entry with what it imports, minified, brotli)
// against its budget in scripts/release/size-budget.json. Needs a build (`pnpm build`). Exit code 1 when over budget.
import { checkBudgets } from './lib/size.mjs';

let over = 0;
for (const r of await checkBudgets()) {
  over += r.ok ? 0 : 1;
  console.log(
    `${r.ok ? 'ok  ' : 'OVER'} ${r.name}: ${r.brotli} B brotli, ${r.minified} B minified, ${r.gzip} B gzip; budget ${r.budget} B brotli (bundle holds ${r.inputs.join(', ')})`,
  );
}
process.exit(over ? 1 : 0);
