#!/usr/bin/env bash
# Finds the third-party servers of the interoperability tests (test/interop/): Debian's Python with
# python-socketio 5 and aiohttp, and nginx; installs Debian's packages when one is missing and we
# may (root with apt-get). Prints `INTEROP_PYTHON=<path> INTEROP_NGINX=<path>`; exits non-zero with
# the reason when something is still missing.
set -euo pipefail

# Debian's own interpreter: the python3 first on PATH may be another build without Debian's modules.
PYTHON=${INTEROP_PYTHON:-/usr/bin/python3}

python_ok() {
  [ -x "$PYTHON" ] && "$PYTHON" - <<'EOF' >/dev/null 2>&1
from importlib.metadata import version
import aiohttp, socketio
assert version("python-socketio").split(".")[0] == "5"
EOF
}

find_nginx() {
  if [ -n "${INTEROP_NGINX:-}" ] && [ -x "$INTEROP_NGINX" ]; then echo "$INTEROP_NGINX"; return 0; fi
  for path in "$(command -v nginx 2>/dev/null || true)" /usr/sbin/nginx; do
    if [ -n "$path" ] && [ -x "$path" ]; then echo "$path"; return 0; fi
  done
  return 1
}

if ! python_ok || ! find_nginx >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "python-socketio, aiohttp or nginx is missing: installing Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq python3 python3-socketio python3-aiohttp nginx-light >&2
  fi
fi

if ! python_ok; then
  echo "No python-socketio 5 with aiohttp for $PYTHON. Install them (Debian: apt-get install python3-socketio python3-aiohttp) or set INTEROP_PYTHON." >&2
  exit 1
fi
if ! NGINX=$(find_nginx); then
  echo "No nginx found. Install it (Debian: apt-get install nginx-light) or set INTEROP_NGINX." >&2
  exit 1
fi
echo "INTEROP_PYTHON=$PYTHON INTEROP_NGINX=$NGINX"
