#!/usr/bin/env bash
# Makes sure Firefox and WebKit can run the cross-engine tests (test/engines) and the per-engine
# benchmark: Debian's firefox-esr, WebKitGTK's WebDriver with its MiniBrowser, and Xvfb (MiniBrowser
# has no headless mode). Installs what is missing when we may (root with apt-get); exits non-zero
# with the reason when something is still missing. Chromium: scripts/ensure-chromium.sh.
set -euo pipefail

minibrowser() { compgen -G '/usr/lib/*/webkit2gtk-4.1/MiniBrowser' >/dev/null; }
missing() {
  local out=()
  command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1 || out+=(firefox-esr)
  { command -v WebKitWebDriver >/dev/null 2>&1 && minibrowser; } || out+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null 2>&1 || out+=(xvfb xauth)
  echo "${out[@]}"
}

packages=$(missing)
[ -z "$packages" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Missing for the Firefox and WebKit tests: installing Debian's $packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -qq $packages fonts-dejavu-core >&2
  packages=$(missing)
  [ -z "$packages" ] && exit 0
fi

echo "Missing for the Firefox and WebKit tests: $packages. Install them (Debian: apt-get install $packages)." >&2
exit 1
