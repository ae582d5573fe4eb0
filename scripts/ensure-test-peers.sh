#!/usr/bin/env bash
# Installs the independent peers the test suite compares against, when
# missing: networkx (Python), the general-graph matching peer of the blossom
# solver (Debian: python3-networkx); the `matching` package (PyPI), the
# deferred acceptance peer; and headless Chromium (Debian: chromium), in
# which the HTML report's browser test lays the report out.
# Never fatal: a test whose peer cannot be installed is skipped and says why.
set -uo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
updated=""
apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ -z "$updated" ]; then $SUDO apt-get update -qq >/dev/null 2>&1; updated=1; fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null 2>&1
}

have_networkx() { python3 -c 'import networkx' >/dev/null 2>&1; }
if ! have_networkx; then
    echo "networkx missing (the blossom solver's peer in the tests); installing python3-networkx ..." >&2
    apt_install python3-networkx
    have_networkx || python3 -m pip install --quiet networkx >/dev/null 2>&1
    have_networkx || echo "note: networkx could not be installed: the networkx agreement test will be skipped" >&2
fi

have_matching() { python3 -c 'from matching.games import HospitalResident' >/dev/null 2>&1; }
if ! have_matching; then
    echo "the matching package missing (deferred acceptance's peer in the tests); installing it from PyPI ..." >&2
    python3 -m pip install --quiet matching >/dev/null 2>&1 || python3 -m pip install --quiet --break-system-packages matching >/dev/null 2>&1
    have_matching || echo "note: the matching package could not be installed: the deferred acceptance agreement test will be skipped" >&2
fi

have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
if ! have_chromium; then
    echo "chromium missing (the report's browser test); installing Debian's chromium ..." >&2
    apt_install chromium
    have_chromium || echo "note: chromium could not be installed: the report's browser test will be skipped" >&2
fi
exit 0
