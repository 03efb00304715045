#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (we run as
# root on the build machines; elsewhere sudo is tried).
set -euo pipefail
# `grep -q` would stop reading at the first match; the writer then dies of SIGPIPE and,
# under pipefail, the check fails although the library is there: apt-get update and
# install ran now and then (seen under load). `grep >/dev/null` reads everything.
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
# Info-ZIP checks the streamed dossier ZIPs in tests/dossier (unzip -t).
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v npm >/dev/null 2>&1 || need+=(npm)
ldconfig -p | grep libpangoft2-1.0 >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep libharfbuzz-subset >/dev/null || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -i dejavu >/dev/null || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
    echo "==> Systempakete installieren: ${need[*]}"
    sudo=""; [ "$(id -u)" = "0" ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
