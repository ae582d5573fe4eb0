#!/usr/bin/env bash
# Makes sure GLPK's header and library are installed (Debian: libglpk-dev).
# Installs it with apt-get when missing and we are allowed to; otherwise says
# clearly what to do.
set -euo pipefail

have_glpk() {
    echo '#include <glpk.h>' | cc -E -x c - >/dev/null 2>&1
}

if have_glpk; then
    exit 0
fi
echo "GLPK (glpk.h) is missing: installing libglpk-dev ..." >&2
if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
            echo "error: libglpk-dev is needed and this user cannot install it; run as root: apt-get install -y libglpk-dev" >&2
            exit 1
        fi
    fi
    if $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y libglpk-dev; then
        have_glpk && exit 0
    fi
    echo "error: could not install libglpk-dev with apt-get (no network to the Debian mirrors?)." >&2
    exit 1
elif command -v brew >/dev/null 2>&1; then
    brew install glpk && exit 0
    echo "error: 'brew install glpk' failed." >&2
    exit 1
fi
echo "error: GLPK is not installed and no package manager is known here; install GLPK (libglpk-dev on Debian/Ubuntu, glpk on Homebrew)." >&2
exit 1
