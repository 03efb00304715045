#!/usr/bin/env bash
# Regenerates requirements.lock from pyproject.toml in a throw-away venv.
set -euo pipefail
cd "$(dirname "$0")/.."
py=$(.venv/bin/python -c 'import sys; print(sys.executable)')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv "$tmp/venv"
# The project itself is not a package: install its declared dependencies only.
"$py" -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > "$tmp/reqs.txt"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check -r "$tmp/reqs.txt"
{
    echo "# Full pin set of runtime and development dependencies (pip freeze on Python 3.13)."
    echo "# Regenerate with \`make lock\` after changing pyproject.toml."
    "$tmp/venv/bin/pip" freeze | sort -f
} > requirements.lock
echo "requirements.lock neu geschrieben."
