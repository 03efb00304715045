#!/usr/bin/env bash
# `make backup [ARGS=DIR]`: a consistent PostgreSQL dump (custom format) plus a tarball of
# the media files, with checksums, in DIR (default ./backups). Reads DATABASE_URL and
# MEDIA_ROOT (default ./media) like the portal; with MEDIA_STORAGE_BACKEND=
# storages.backends.s3.S3Storage the tarball holds the objects of the bucket named in
# MEDIA_STORAGE_OPTIONS instead (scripts/s3_media.py). Restore with scripts/restore.sh.
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

case "${MEDIA_STORAGE_BACKEND:-}" in storages.backends.s3*) s3=1 ;; *) s3= ;; esac
if [ -n "$s3" ]; then
    echo "==> Dateien sichern ($name.media.tar.gz aus dem S3-Bucket)"
    py=python3; [ -x .venv/bin/python ] && py=.venv/bin/python
    "$py" scripts/s3_media.py backup "$dir/$name.media.tar.gz.part"
elif [ -d "$media" ]; then
    echo "==> Dateien sichern ($name.media.tar.gz aus $media)"
    tar -czf "$dir/$name.media.tar.gz.part" -C "$media" .
else
    echo "==> Dateien sichern ($media gibt es nicht: leeres Archiv)"
    tar -czf "$dir/$name.media.tar.gz.part" --files-from /dev/null
fi
mv "$dir/$name.media.tar.gz.part" "$dir/$name.media.tar.gz"

(cd "$dir" && sha256sum "$name.dump" "$name.media.tar.gz" > "$name.sha256")
echo "$dir/$name"
