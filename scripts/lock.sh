#!/usr/bin/env bash
# Regenerates requirements.lock from pyproject.toml in a throw-away venv.
set -euo pipefail
cd "$(dirname "$0")/.."
py=$(.venv/bin/python -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check ".[dev]"
{
    echo "# Full pin set of runtime and development dependencies (pip freeze on Python 3.13)."
    echo "# Regenerate with \`make lock\` after changing pyproject.toml."
    "$tmp/venv/bin/pip" freeze --exclude ikz-portal | sort -f
} > requirements.lock
echo "requirements.lock neu geschrieben."
