#!/usr/bin/env bash
# Installs the independent peers the test suite compares against, when
# missing: networkx (Python), the general-graph matching peer of the blossom
# solver (Debian: python3-networkx). Never fatal: a test whose peer cannot
# be installed is skipped and says why.
set -uo pipefail

have_networkx() { python3 -c 'import networkx' >/dev/null 2>&1; }
have_networkx && exit 0

echo "networkx missing (the blossom solver's peer in the tests); installing python3-networkx ..." >&2
if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-networkx; } >/dev/null 2>&1
fi
have_networkx || python3 -m pip install --quiet networkx >/dev/null 2>&1
have_networkx || echo "note: networkx could not be installed: the networkx agreement test will be skipped" >&2
exit 0
