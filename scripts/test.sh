#!/usr/bin/env bash
# The whole test suite: unit, element and integration tests (Vitest), then end-to-end tests of the
# built bundle in Chromium (Playwright), then the core end-to-end set in Chromium, Firefox and WebKit.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

CHROMIUM_PATH=$(bash scripts/ensure-chromium.sh) || exit 1
export CHROMIUM_PATH
# The interoperability tests' third-party servers: python-socketio, aiohttp and nginx.
INTEROP_TOOLS=$(bash scripts/ensure-interop.sh) || exit 1
export $INTEROP_TOOLS
# The served backend's tests start their own redis-server (Debian's, installed when missing).
REDIS_SERVER_PATH=$(bash scripts/ensure-tool.sh redis-server redis-server REDIS_SERVER_PATH) || exit 1
export REDIS_SERVER_PATH

mkdir -p .reports
npm run build --silent || { echo "0 passed, 1 failed"; exit 1; }
# Types, lint, format and package checks (publint reads the build).
npm run check --silent || { echo "0 passed, 1 failed"; exit 1; }

npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json
vitest_status=$?
PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/playwright.json npx playwright test --reporter=list,json
playwright_status=$?
# The core end-to-end set in Chromium, Firefox and WebKit (test/engines), installing the latter two if missing.
rm -f .reports/engines.json
bash scripts/ensure-engines.sh &&
  PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/engines.json npx playwright test --config playwright.engines.config.ts --reporter=list,json
engines_status=$?

node scripts/summarize-tests.mjs .reports/vitest.json .reports/playwright.json .reports/engines.json
[ $vitest_status -eq 0 ] && [ $playwright_status -eq 0 ] && [ $engines_status -eq 0 ]
