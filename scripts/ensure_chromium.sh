#!/usr/bin/env bash
# Install what the browser tests need when it is missing: Chromium and CJK fonts.
# As root with apt-get; otherwise through sudo when it works without a password (GitHub's
# runners: they ship Chromium, so only the fonts are installed there). Without either, it says
# so and the browser tests are skipped - except in CI (CI=true), where a skipped browser test
# fails the run (tests/ci_skips.py).
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "ensure_chromium: missing ${need[*]}, and this is neither root nor password-less sudo;" \
       "browser tests will be skipped (and fail when CI=true)." >&2
  exit 0
fi
echo "ensure_chromium: installing ${need[*]} (one time)..." >&2
if "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
  && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  echo "ensure_chromium: $(chromium --version 2>/dev/null)" >&2
else
  echo "ensure_chromium: could not install ${need[*]}; browser tests will be skipped (and fail when CI=true)." >&2
fi
exit 0
