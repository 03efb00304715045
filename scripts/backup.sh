#!/usr/bin/env bash
# `make backup [ARGS=DIR]`: a consistent PostgreSQL dump (custom format) plus a tarball of
# the media files, with checksums, in DIR (default ./backups). Reads DATABASE_URL and
# MEDIA_ROOT (default ./media) like the portal. Restore with scripts/restore.sh.
#   DATABASE_URL=postgres://ikz:pw@db:5432/ikz MEDIA_ROOT=/app/media scripts/backup.sh /backups
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL fehlt (postgres://…)}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "Sicherung nur für PostgreSQL (DATABASE_URL=$DATABASE_URL)" >&2; exit 2;; esac
dir=${1:-backups}
media=${MEDIA_ROOT:-media}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
name="ikz-$stamp"
mkdir -p "$dir"
# A failed run leaves no half-written .part files behind.
trap 'rm -f "$dir/$name.dump.part" "$dir/$name.media.tar.gz.part"' EXIT
umask 077  # backups hold personal data: readable by the operator only

echo "==> Datenbank sichern ($name.dump)"
# -Fc: compressed, restorable table by table; a snapshot, other users keep working.
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$dir/$name.dump.part" "$DATABASE_URL"
mv "$dir/$name.dump.part" "$dir/$name.dump"

echo "==> Dateien sichern ($name.media.tar.gz aus $media)"
if [ -d "$media" ]; then
    tar -czf "$dir/$name.media.tar.gz.part" -C "$media" .
else
    tar -czf "$dir/$name.media.tar.gz.part" --files-from /dev/null
fi
mv "$dir/$name.media.tar.gz.part" "$dir/$name.media.tar.gz"

(cd "$dir" && sha256sum "$name.dump" "$name.media.tar.gz" > "$name.sha256")
echo "$dir/$name"
