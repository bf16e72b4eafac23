#!/usr/bin/env bash
# Makes sure Debian's chromium, its WebDriver (chromium-driver) and a Japanese
# font (the pages speak Japanese) are installed, for the browser tests:
#
#   scripts/chromium.sh
#
# When one is missing and we are root, both are installed here with apt-get (one
# install at a time, under a lock, so test runs in several worktrees wait for each
# other instead of racing); otherwise it fails saying how to install them, or, with
# ROUNDS_SKIP_BROWSER=1, exits 77 (skipped).
set -euo pipefail

readonly CHROMIUM=/usr/bin/chromium
readonly CHROMEDRIVER=/usr/bin/chromedriver
readonly SKIPPED=77

readonly PACKAGES=(chromium chromium-driver fonts-ipafont-gothic)

japanese_font() { command -v fc-list >/dev/null && [[ -n $(fc-list :lang=ja family) ]]; }
installed() { [[ -x $CHROMIUM && -x $CHROMEDRIVER ]] && japanese_font; }

install_chromium() {
    exec 9>/tmp/rounds-chromium-install.lock
    flock 9
    if ! installed; then
        local started=$SECONDS
        local log=/tmp/rounds-chromium-install.log
        echo "installing ${PACKAGES[*]} (apt-get; log in $log) ..." >&2
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get -o DPkg::Lock::Timeout=600 update &&
            apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${PACKAGES[@]}"; } \
            >"$log" 2>&1; then
            tail -n 20 "$log" >&2
            echo "error: installing chromium failed; see $log" >&2
            exit 1
        fi
        echo "installed ${PACKAGES[*]} in $((SECONDS - started)) s" >&2
    fi
    flock -u 9
}

if ! installed; then
    if [[ ${ROUNDS_SKIP_BROWSER:-} == 1 ]]; then
        echo "skipped: one of ${PACKAGES[*]} is missing and ROUNDS_SKIP_BROWSER=1" >&2
        exit $SKIPPED
    elif [[ $(id -u) == 0 ]]; then
        install_chromium
    else
        cat >&2 <<MSG
error: the browser tests need Debian's ${PACKAGES[*]}. Install them with:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${PACKAGES[*]}
or run the tests with ROUNDS_SKIP_BROWSER=1 to skip the browser tests.
MSG
        exit 1
    fi
fi
