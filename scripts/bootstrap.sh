#!/usr/bin/env bash
# Creates .venv with a Python >= 3.12 and installs the pinned dependencies and the
# npm packages served as static files. Re-running it is cheap: it reinstalls only
# when requirements.lock or package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    local candidates=()
    [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
    candidates+=(python3.13 python3.12)
    if command -v pyenv >/dev/null 2>&1; then
        for v in 3.13.0 3.13 3.12.1 3.12; do
            local prefix
            prefix=$(pyenv prefix "$v" 2>/dev/null) && candidates+=("$prefix/bin/python")
        done
    fi
    for d in "$HOME"/.pyenv/versions/3.13* "$HOME"/.pyenv/versions/3.12*; do
        [ -x "$d/bin/python" ] && candidates+=("$d/bin/python")
    done
    candidates+=(python3)
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ]; then
    py=$(find_python) || { echo "Kein Python >= 3.12 gefunden (python3.13, python3.12 oder pyenv)." >&2; exit 1; }
    echo "==> Virtuelle Umgebung mit $py"
    "$py" -m venv .venv
fi

stamp=.venv/.requirements.sha
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> Python-Abhängigkeiten installieren"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
    echo "$want" > "$stamp"
fi

if [ -f package-lock.json ]; then
    nstamp=node_modules/.lock.sha
    nwant=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [ "$(cat "$nstamp" 2>/dev/null)" != "$nwant" ]; then
        command -v npm >/dev/null 2>&1 || { echo "npm fehlt (apt-get install npm)." >&2; exit 1; }
        echo "==> npm-Pakete (KERN UX, htmx) installieren"
        npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
        echo "$nwant" > "$nstamp"
    fi
    # The PDF fonts as TrueType beside their WOFF2 files (core.pdf.build_fonts), so
    # that no worker decompresses them; `npm ci` removes them, and this puts them back.
    if ! ls node_modules/@kern-ux/native/dist/fonts/fira-sans/*.ttf >/dev/null 2>&1; then
        echo "==> PDF-Schriften (WOFF2 → TrueType)"
        DJANGO_SETTINGS_MODULE=ikz_portal.settings.local .venv/bin/python manage.py build_pdf_fonts
    fi
fi
