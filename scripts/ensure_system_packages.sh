#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (we run as
# root on the build machines; elsewhere sudo is tried).
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
# Info-ZIP checks the streamed dossier ZIPs in tests/dossier (unzip -t).
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v npm >/dev/null 2>&1 || need+=(npm)
ldconfig -p | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
    echo "==> Systempakete installieren: ${need[*]}"
    sudo=""; [ "$(id -u)" = "0" ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
