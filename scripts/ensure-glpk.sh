#!/usr/bin/env bash
# Makes sure the C libraries the package links are installed: GLPK's header
# and library (Debian: libglpk-dev), and zlib with pkg-config, which
# ZIPFoundation uses to read .xlsx workbooks (zlib1g-dev, pkg-config).
# Installs what is missing with apt-get when we are allowed to; otherwise
# says clearly what to do.
set -euo pipefail

have_glpk() { echo '#include <glpk.h>' | cc -E -x c - >/dev/null 2>&1; }
have_zlib() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists zlib && echo '#include <zlib.h>' | cc -E -x c - >/dev/null 2>&1; }

missing=()
have_glpk || missing+=(libglpk-dev)
have_zlib || missing+=(zlib1g-dev pkg-config)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "missing: ${missing[*]}; installing ..." >&2
if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
            echo "error: ${missing[*]} needed and this user cannot install them; run as root: apt-get install -y ${missing[*]}" >&2
            exit 1
        fi
    fi
    if $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"; then
        have_glpk && have_zlib && exit 0
    fi
    echo "error: could not install ${missing[*]} with apt-get (no network to the Debian mirrors?)." >&2
    exit 1
elif command -v brew >/dev/null 2>&1; then
    have_glpk || brew install glpk || { echo "error: 'brew install glpk' failed." >&2; exit 1; }
    exit 0
fi
echo "error: install GLPK and zlib (Debian/Ubuntu: libglpk-dev zlib1g-dev pkg-config; Homebrew: glpk)." >&2
exit 1
