#!/usr/bin/env bash
# Finds a Chromium for the browser tests, installing Debian's package when it is missing and we
# may (root with apt-get). Playwright's own browser download does not work on these machines.
# Prints the executable's path; exits non-zero with the reason when there is none.
set -euo pipefail

find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; return 0; fi
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  done
  return 1
}

if path=$(find_chromium); then echo "$path"; exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium fonts-dejavu-core >&2
  if path=$(find_chromium); then echo "$path"; exit 0; fi
fi

echo "No Chromium found. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
