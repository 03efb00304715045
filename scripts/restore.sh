#!/usr/bin/env bash
# `make restore ARGS="BACKUP TARGET_DATABASE_URL [MEDIA_DIR]"`: restores a backup of
# scripts/backup.sh into a NEW database (created here; an existing one is refused, so a
# restore never overwrites live data) and unpacks the media files into MEDIA_DIR
# (default: a new directory next to the backup). BACKUP is the path without suffix,
# e.g. backups/ikz-20261123T020000Z. Switch DATABASE_URL/MEDIA_ROOT afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
backup=${1:?Aufruf: restore.sh BACKUP ZIEL_DATABASE_URL [MEDIENVERZEICHNIS]}
target=${2:?Ziel-Datenbank fehlt, z. B. postgres://ikz:pw@db:5432/ikz_restore}
media=${3:-$backup.media}
backup=${backup%.dump}

echo "==> Prüfsummen"
(cd "$(dirname "$backup")" && sha256sum --check --quiet "$(basename "$backup").sha256")

dbname=${target##*/}; dbname=${dbname%%\?*}
server=${target%/*}
[[ "$dbname" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "ungültiger Datenbankname: $dbname" >&2; exit 2; }
exists=$(psql "$server/postgres" -XAtc "SELECT 1 FROM pg_database WHERE datname = '$dbname'")
if [ "$exists" = "1" ]; then
    echo "Die Datenbank $dbname gibt es schon – Wiederherstellung nur in eine neue Datenbank." >&2
    exit 3
fi
echo "==> Datenbank $dbname anlegen und einspielen"
psql "$server/postgres" -XqAtc "CREATE DATABASE \"$dbname\" TEMPLATE template0 ENCODING 'UTF8'"
pg_restore --no-owner --no-privileges --exit-on-error --jobs=2 --dbname="$target" "$backup.dump"

echo "==> Dateien nach $media"
if [ -e "$media" ] && [ -n "$(ls -A "$media" 2>/dev/null)" ]; then
    echo "$media ist nicht leer – bitte ein neues Verzeichnis angeben." >&2
    exit 4
fi
mkdir -p "$media"
tar -xzf "$backup.media.tar.gz" -C "$media"
echo "Wiederhergestellt: $target, Dateien in $media"
