#!/usr/bin/env bash
# Installs the independent peers the test suite compares against, when
# missing: networkx (Python), the general-graph matching peer of the blossom
# solver (Debian: python3-networkx), and the `matching` package (PyPI), the
# deferred acceptance peer. Never fatal: a test whose peer cannot be
# installed is skipped and says why.
set -uo pipefail

have_networkx() { python3 -c 'import networkx' >/dev/null 2>&1; }
have_matching() { python3 -c 'from matching.games import HospitalResident' >/dev/null 2>&1; }

# The `matching` package (PyPI): deferred acceptance's peer.
if ! have_matching; then
    echo "the matching package missing (deferred acceptance's peer in the tests); installing it from PyPI ..." >&2
    python3 -m pip install --quiet matching >/dev/null 2>&1 || python3 -m pip install --quiet --break-system-packages matching >/dev/null 2>&1
    have_matching || echo "note: the matching package could not be installed: the deferred acceptance agreement test will be skipped" >&2
fi

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
