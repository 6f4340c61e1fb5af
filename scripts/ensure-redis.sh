#!/usr/bin/env bash
# Finds Debian's redis-server for the tests of the served backend on Redis, installing the package
# when it is missing and we may (root with apt-get). Prints the executable's path; exits non-zero
# with the reason when there is none.
set -euo pipefail

find_redis() {
  if [ -n "${REDIS_SERVER_PATH:-}" ] && [ -x "$REDIS_SERVER_PATH" ]; then echo "$REDIS_SERVER_PATH"; return 0; fi
  command -v redis-server 2>/dev/null || return 1
}

if path=$(find_redis); then echo "$path"; exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing: installing Debian's redis-server package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends redis-server >&2
  # The package starts a system-wide Redis on 6379; the tests start their own on free ports.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >&2 2>/dev/null || true; fi
  if path=$(find_redis); then echo "$path"; exit 0; fi
fi

echo "No redis-server found. Install it (Debian: apt-get install redis-server) or set REDIS_SERVER_PATH." >&2
exit 1
