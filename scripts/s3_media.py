"""Media files on S3-compatible storage for `make backup` / `make restore`.

The portal reaches the bucket through django-storages (MEDIA_STORAGE_BACKEND=
storages.backends.s3.S3Storage, MEDIA_STORAGE_OPTIONS as JSON). This helper reads the
same two variables (plus boto3's own AWS_* variables) without starting Django, so the
backup needs no SECRET_KEY or database settings, and moves the objects in and out of
the same `.media.tar.gz` a backup of a local MEDIA_ROOT has: a backup can be restored
into a folder or a bucket, whichever storage the portal uses now.

    s3_media.py backup ARCHIVE            all objects of the bucket into ARCHIVE (tar.gz)
    s3_media.py check ARCHIVE [BUCKET]    every precondition of a restore, nothing touched
    s3_media.py restore ARCHIVE [BUCKET]  the archive's files into the empty bucket

BUCKET overrides the option bucket_name (endpoint and credentials stay). Messages are
German (operators read them); exit status 2 = bad archive or settings, 4 = target bucket
not usable (missing, not empty, not reachable), 5 = the transfer failed (what this run
had uploaded is deleted again, so the same command can be run once more).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import mimetypes
import os
import posixpath
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Uploads are spooled to a temp file to send their MD5 along (the server refuses a body
# that arrived other than sent); small files stay in memory.
SPOOL_BYTES = 8 * 1024 * 1024


class Stop(Exception):
    """A German message for the operator and the exit status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def is_s3_backend(backend: str) -> bool:
    return backend.strip().startswith("storages.backends.s3")


@dataclass(frozen=True)
class Bucket:
    client: Any
    name: str
    prefix: str  # django-storages' `location`: every name lives below it

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def name_of(self, key: str) -> str:
        return key[len(self.prefix) + 1 :] if self.prefix else key

    def objects(self) -> Iterator[dict[str, Any]]:
        paginator = self.client.get_paginator("list_objects_v2")
        options = {"Bucket": self.name, **({"Prefix": self.prefix + "/"} if self.prefix else {})}
        for page in paginator.paginate(**options):
            yield from page.get("Contents", [])


def bucket_from_environment(override: str | None = None) -> Bucket:
    """The bucket as the portal's settings name it (MEDIA_STORAGE_OPTIONS)."""
    import boto3
    from botocore.config import Config

    raw = os.environ.get("MEDIA_STORAGE_OPTIONS", "").strip() or "{}"
    try:
        options = json.loads(raw)
    except ValueError:
        options = None
    if not isinstance(options, dict):
        raise Stop(2, 'MEDIA_STORAGE_OPTIONS muss ein JSON-Objekt sein, z. B. {"bucket_name": "ikz-media"}.')
    name = override or options.get("bucket_name") or os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not name:
        raise Stop(2, "Kein Bucket angegeben: bucket_name in MEDIA_STORAGE_OPTIONS fehlt.")
    addressing = options.get("addressing_style")
    client = boto3.client(
        "s3",
        endpoint_url=options.get("endpoint_url") or None,
        region_name=options.get("region_name") or None,
        aws_access_key_id=options.get("access_key") or None,
        aws_secret_access_key=options.get("secret_key") or None,
        aws_session_token=options.get("security_token") or None,
        verify=options.get("verify"),
        use_ssl=options.get("use_ssl", True),
        config=Config(s3={"addressing_style": addressing} if addressing else {}, retries={"max_attempts": 3}),
    )
    return Bucket(client, str(name), str(options.get("location") or "").strip("/"))


def _safe_name(name: str) -> str | None:
    """The object name of an archive member; None for folders. `./a/b` and `a/b` are
    the same file (a backup of a folder has the first, one of a bucket the second)."""
    clean = posixpath.normpath(name)
    if clean in (".", ""):
        return None
    if clean.startswith(("/", "../")) or clean == ".." or "\\" in clean:
        raise Stop(2, f"Unsicherer Dateiname im Archiv: {name}")
    return clean


def _members(archive: str) -> list[tuple[tarfile.TarInfo, str]]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
    except (OSError, tarfile.TarError) as error:
        raise Stop(2, f"{archive} ist kein lesbares Archiv ({error}).") from error
    files = []
    for member in members:
        name = _safe_name(member.name)
        if name is None or member.isdir():
            continue
        if not member.isfile():
            raise Stop(2, f"Im Archiv ist {member.name} keine gewöhnliche Datei.")
        files.append((member, name))
    return files


def _reachable_empty(bucket: Bucket) -> None:
    from botocore.exceptions import BotoCoreError, ClientError

    where = f"{bucket.name}/{bucket.prefix}/" if bucket.prefix else bucket.name
    try:
        listed = bucket.client.list_objects_v2(
            Bucket=bucket.name, MaxKeys=1, **({"Prefix": bucket.prefix + "/"} if bucket.prefix else {})
        )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("NoSuchBucket", "404"):
            raise Stop(4, f"Den Bucket {bucket.name} gibt es nicht – bitte (privat) anlegen.") from error
        raise Stop(4, f"Der Bucket {bucket.name} ist nicht lesbar ({code}).") from error
    except BotoCoreError as error:
        raise Stop(4, f"Der S3-Speicher ist nicht erreichbar ({error}).") from error
    if listed.get("KeyCount", 0) or listed.get("Contents"):
        raise Stop(4, f"Der Bucket {where} ist nicht leer – bitte einen leeren Bucket angeben.")


def backup(archive: str) -> int:
    """Every object below the storage's location into a tar.gz, names relative to it."""
    bucket = bucket_from_environment()
    count = 0
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        for listed in bucket.objects():
            key = listed["Key"]
            if key.endswith("/"):  # a console's "folder" marker, no file of the portal
                continue
            body = bucket.client.get_object(Bucket=bucket.name, Key=key)
            info = tarfile.TarInfo(bucket.name_of(key))
            info.size = int(body["ContentLength"])
            modified = body.get("LastModified")
            info.mtime = int(modified.timestamp()) if isinstance(modified, dt.datetime) else 0
            info.mode = 0o640
            tar.addfile(info, body["Body"])
            count += 1
    return count


def check(archive: str, override: str | None) -> Bucket:
    _members(archive)
    bucket = bucket_from_environment(override)
    _reachable_empty(bucket)
    return bucket


def restore(archive: str, override: str | None) -> int:
    bucket = check(archive, override)
    uploaded: list[str] = []
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member, name in _members(archive):
                source = tar.extractfile(member)
                assert source is not None  # a regular file, checked by _members
                key = bucket.key(name)
                _upload(bucket, key, source)
                uploaded.append(key)
    except Exception as error:
        for key in uploaded:
            bucket.client.delete_object(Bucket=bucket.name, Key=key)
        raise Stop(
            5, f"Abgebrochen ({error}); die {len(uploaded)} schon hochgeladenen Dateien wieder entfernt."
        ) from error
    return len(uploaded)


def _upload(bucket: Bucket, key: str, source: Any) -> None:
    digest = hashlib.md5(usedforsecurity=False)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        size = 0
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
            spool.write(chunk)
            size += len(chunk)
        spool.seek(0)
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        bucket.client.put_object(
            Bucket=bucket.name,
            Key=key,
            Body=spool,
            ContentLength=size,
            ContentMD5=base64.b64encode(digest.digest()).decode(),
            ContentType=content_type,
        )


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("backup", "check", "restore"):
        print("Aufruf: s3_media.py backup|check|restore ARCHIV [BUCKET]", file=sys.stderr)
        return 2
    from botocore.exceptions import BotoCoreError, ClientError

    command, archive, override = argv[0], argv[1], (argv[2] if len(argv) > 2 else None)
    try:
        if command == "backup":
            print(f"{backup(archive)} Dateien aus dem Bucket gesichert")
        elif command == "check":
            check(archive, override)
        else:
            print(f"{restore(archive, override)} Dateien in den Bucket geschrieben")
    except Stop as stop:
        print(stop, file=sys.stderr)
        return stop.status
    except (BotoCoreError, ClientError, OSError) as error:
        print(f"S3-Speicher: {error}", file=sys.stderr)
        return 5
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
