#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing.
# The tests skip (with the reason) when it cannot be installed, e.g. without root.
set -u
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure_chromium: chromium is missing and this is not root; browser tests will be skipped." >&2
  exit 0
fi
echo "ensure_chromium: installing Debian's chromium (one time)..." >&2
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; then
  echo "ensure_chromium: $(chromium --version 2>/dev/null)" >&2
else
  echo "ensure_chromium: could not install chromium; browser tests will be skipped." >&2
fi
exit 0
