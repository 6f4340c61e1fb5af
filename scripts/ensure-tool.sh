#!/usr/bin/env bash
# Finds a Debian program the tests or the benchmark run, installing its package when it is missing
# and we may (root with apt-get). Prints the executable's path; exits non-zero with the reason when
# there is none. Usage: ensure-tool.sh PROGRAM PACKAGE ENV_VAR (ENV_VAR may name the executable).
#   scripts/ensure-tool.sh redis-server redis-server REDIS_SERVER_PATH   (the served backend's tests)
#   scripts/ensure-tool.sh nginx nginx-light NGINX_PATH                  (npm run bench:server)
set -euo pipefail
program=$1 package=$2 variable=$3

find_tool() {
  local given=${!variable:-}
  if [ -n "$given" ] && [ -x "$given" ]; then echo "$given"; return 0; fi
  command -v "$program" 2>/dev/null && return 0
  [ -x "/usr/sbin/$program" ] && echo "/usr/sbin/$program" && return 0
  return 1
}

if path=$(find_tool); then echo "$path"; exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "$program is missing: installing Debian's $package package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "$package" >&2
  # A package that starts a system-wide service: ours run their own, on free ports.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now "$program" >&2 2>/dev/null || true; fi
  if path=$(find_tool); then echo "$path"; exit 0; fi
fi

echo "No $program found. Install it (Debian: apt-get install $package) or set $variable." >&2
exit 1
