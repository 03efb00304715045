#!/usr/bin/env bash
# `make restore ARGS="BACKUP TARGET_DATABASE_URL [MEDIA_DIR]"`: restores a backup of
# scripts/backup.sh into a NEW database (created here; an existing one is refused, so a
# restore never overwrites live data) and unpacks the media files into MEDIA_DIR
# (default: a new directory next to the backup). BACKUP is the path without suffix,
# e.g. backups/ikz-20261123T020000Z. Switch DATABASE_URL/MEDIA_ROOT afterwards.
# Media on S3: with MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage and no
# MEDIA_DIR the files go into the bucket of MEDIA_STORAGE_OPTIONS; MEDIA_DIR=s3://NAME
# names another bucket (same endpoint and credentials). The bucket must exist and be empty.
#
# Every precondition is checked before anything is touched (files, checksums, a readable
# dump, tools, server, new database name, empty media directory or bucket). Should the
# restore still fail half-way, what it created (the database, the media directory, the
# objects it uploaded) is removed again, so the same command can simply be run once more.
set -euo pipefail
cd "$(dirname "$0")/.."
backup=${1:?Aufruf: restore.sh BACKUP ZIEL_DATABASE_URL [MEDIENVERZEICHNIS]}
target=${2:?Ziel-Datenbank fehlt, z. B. postgres://ikz:pw@db:5432/ikz_restore}
backup=${backup%.dump}
media=${3:-}
bucket=
case "$media" in
    s3://*) bucket=${media#s3://}; bucket=${bucket%%/*}; [ -n "$bucket" ] || { echo "Bucket fehlt in $media" >&2; exit 2; } ;;
    "") case "${MEDIA_STORAGE_BACKEND:-}" in storages.backends.s3*) bucket=- ;; *) media=$backup.media ;; esac ;;
esac
py=python3; [ -x .venv/bin/python ] && py=.venv/bin/python
# The bucket of MEDIA_STORAGE_OPTIONS ("-") or the one named.
s3_media() { if [ "$bucket" = "-" ]; then "$py" scripts/s3_media.py "$1" "$2"; else "$py" scripts/s3_media.py "$1" "$2" "$bucket"; fi; }

fail() { echo "$2" >&2; exit "$1"; }

echo "==> Voraussetzungen prüfen"
for tool in psql pg_restore tar sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || fail 2 "$tool fehlt (PostgreSQL-Client bzw. coreutils installieren)."
done
for suffix in .dump .media.tar.gz .sha256; do
    [ -f "$backup$suffix" ] || fail 2 "Sicherungsdatei fehlt: $backup$suffix"
done
(cd "$(dirname "$backup")" && sha256sum --check --quiet "$(basename "$backup").sha256") \
    || fail 2 "Prüfsummen stimmen nicht: die Sicherung ist beschädigt."
pg_restore --list "$backup.dump" >/dev/null 2>&1 || fail 2 "$backup.dump ist kein lesbarer Datenbank-Dump."
tar -tzf "$backup.media.tar.gz" >/dev/null 2>&1 || fail 2 "$backup.media.tar.gz ist kein lesbares Archiv."

dbname=${target##*/}; dbname=${dbname%%\?*}
server=${target%/*}
[[ "$dbname" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail 2 "ungültiger Datenbankname: $dbname"
exists=$(psql "$server/postgres" -XAtc "SELECT 1 FROM pg_database WHERE datname = '$dbname'") \
    || fail 2 "Der Datenbankserver $server ist nicht erreichbar."
[ "$exists" = "1" ] && fail 3 "Die Datenbank $dbname gibt es schon – Wiederherstellung nur in eine neue Datenbank."

if [ -n "$bucket" ]; then
    # Reachable, existing, empty; the archive's names are safe object names.
    status=0; s3_media check "$backup.media.tar.gz" || status=$?
    [ "$status" -eq 0 ] || exit "$status"
else
    if [ -e "$media" ] && { [ ! -d "$media" ] || [ -n "$(ls -A "$media" 2>/dev/null)" ]; }; then
        fail 4 "$media ist nicht leer – bitte ein neues Verzeichnis angeben."
    fi
    parent=$media
    while [ ! -e "$parent" ]; do parent=$(dirname "$parent"); done
    [ -w "$parent" ] || fail 4 "In $parent darf nicht geschrieben werden."
fi

# From here on things change; a failure takes back what this run created.
created_db=; created_media=
undo() {
    status=$?
    [ "$status" -eq 0 ] && return
    if [ -n "$created_db" ]; then
        psql "$server/postgres" -XqAtc "DROP DATABASE IF EXISTS \"$dbname\" WITH (FORCE)" || true
        echo "Abgebrochen: Datenbank $dbname wieder entfernt." >&2
    fi
    if [ -n "$created_media" ]; then rm -rf "$media"; fi
}
trap undo EXIT

echo "==> Datenbank $dbname anlegen und einspielen"
psql "$server/postgres" -XqAtc "CREATE DATABASE \"$dbname\" TEMPLATE template0 ENCODING 'UTF8'"
created_db=1
pg_restore --no-owner --no-privileges --exit-on-error --jobs=2 --dbname="$target" "$backup.dump"

if [ -n "$bucket" ]; then
    echo "==> Dateien in den S3-Bucket"
    # Takes back its own uploads when it fails; the trap then drops the database.
    s3_media restore "$backup.media.tar.gz"
    echo "Wiederhergestellt: $target, Dateien im S3-Bucket"
else
    echo "==> Dateien nach $media"
    [ -e "$media" ] || created_media=1
    mkdir -p "$media"
    tar -xzf "$backup.media.tar.gz" -C "$media"
    echo "Wiederhergestellt: $target, Dateien in $media"
fi
