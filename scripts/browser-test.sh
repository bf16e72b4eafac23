#!/usr/bin/env bash
# The HTML report as a user sees it: plan the sample day with --html, open the
# report in headless Chromium, keep the DOM after layout and a screenshot.
#
#   scripts/browser-test.sh [ROUNDS_BINARY]
#
# Without a binary, builds one with `cargo build`. Writes, under target/browser/:
#   report.html  the report `rounds plan --html` wrote
#   dom.html     the DOM after layout and the inline script (chromium --dump-dom)
#   report.png   a WIDTHxHEIGHT screenshot (the CI artifact)
#
# Needs Debian's chromium at /usr/bin/chromium: scripts/chromium.sh installs it when
# missing and we are root, or exits 77 (skipped, with ROUNDS_SKIP_BROWSER=1).
set -euo pipefail

cd "$(dirname "$0")/.."
readonly CHROMIUM=/usr/bin/chromium
readonly OUT=target/browser
readonly WIDTH=1280 HEIGHT=1400

# Installs chromium when missing (as root), or exits 77 (skipped) or 1 saying how.
bash scripts/chromium.sh

rounds=${1:-}
if [[ -z $rounds ]]; then
    cargo build --quiet
    rounds=target/debug/rounds
fi

mkdir -p "$OUT"
rm -f "$OUT/report.html" "$OUT/dom.html" "$OUT/report.png"
"$rounds" plan fixtures/regions/helsinki-city --date 2026-11-24 --quiet \
    --html "$OUT/report.html" >/dev/null

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Fresh profile, no sandbox (we may be root), and none of the background
# connections a closed network refuses.
chromium_headless() {
    rm -rf "${profile:?}"/*
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" --window-size="$WIDTH,$HEIGHT" "$@"
}
page="file://$PWD/$OUT/report.html"
chromium_headless --dump-dom "$page" >"$OUT/dom.html" 2>"$OUT/chromium.log"
chromium_headless --screenshot="$PWD/$OUT/report.png" "$page" 2>>"$OUT/chromium.log"
[[ -s $OUT/dom.html && -s $OUT/report.png ]] || {
    echo "error: chromium produced no DOM or no screenshot; see $OUT/chromium.log" >&2
    exit 1
}
echo "$OUT/report.png $OUT/dom.html"
