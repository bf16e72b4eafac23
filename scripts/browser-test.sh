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
# Needs Debian's chromium at /usr/bin/chromium. When it is missing and we are root,
# it is installed here with apt-get (one install at a time, under a lock); otherwise
# the script fails saying how to install it, or, with ROUNDS_SKIP_BROWSER=1, exits 77
# (skipped).
set -euo pipefail

cd "$(dirname "$0")/.."
readonly CHROMIUM=/usr/bin/chromium
readonly OUT=target/browser
readonly WIDTH=1280 HEIGHT=1400
readonly SKIPPED=77

install_chromium() {
    # Two test runs at once (several worktrees, several engineers) must not start
    # two apt-get runs: the second waits here, then finds chromium installed.
    exec 9>/tmp/rounds-chromium-install.lock
    flock 9
    if [[ ! -x $CHROMIUM ]]; then
        local started=$SECONDS
        local log=/tmp/rounds-chromium-install.log
        echo "installing Debian's chromium (apt-get; log in $log) ..." >&2
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get -o DPkg::Lock::Timeout=600 update &&
            apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium; } >"$log" 2>&1; then
            tail -n 20 "$log" >&2
            echo "error: installing chromium failed; see $log" >&2
            exit 1
        fi
        echo "installed chromium in $((SECONDS - started)) s" >&2
    fi
    flock -u 9
}

if [[ ! -x $CHROMIUM ]]; then
    if [[ ${ROUNDS_SKIP_BROWSER:-} == 1 ]]; then
        echo "skipped: $CHROMIUM is missing and ROUNDS_SKIP_BROWSER=1" >&2
        exit $SKIPPED
    elif [[ $(id -u) == 0 ]]; then
        install_chromium
    else
        cat >&2 <<MSG
error: the browser test needs Debian's chromium at $CHROMIUM.
Install it with:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium
or run the tests with ROUNDS_SKIP_BROWSER=1 to skip the browser test.
MSG
        exit 1
    fi
fi

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
