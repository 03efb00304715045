"""A ZIP written as a stream of bytes, with the standard library's zipfile.

zipfile writes to an object without seek() by putting each entry's sizes and CRC in a
data descriptor after its data; this pipe hands on what was written after every chunk.
So a dossier of 500 documents is sent (or written to a file) while it is read, one
chunk of one file in memory at a time, never the archive or a whole document. Every
entry's SHA-256 and size are counted on the way for the manifest, which comes last."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

CHUNK = 64 * 1024
# Already compressed (PDF streams, images, office files) are stored as they are: deflating
# 100 MB of scans costs half a minute on a busy 2-core machine and saves nothing. Stored
# entries carry their sizes and CRC in the data descriptor after the data, as deflated
# ones do here (APPNOTE 4.4.4, bit 3); unzip tools read them from the central directory.
PACKED_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".zip", ".docx", ".xlsx", ".odt", ".ods", ".gz")


class _Pipe(io.RawIOBase):
    """The file zipfile writes into; `take()` returns what arrived since the last call."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[bytes] = []
        self._offset = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._parts.append(chunk)
        self._offset += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._offset

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


@dataclass
class Entry:
    """One file of the archive. `chunks` opens its source only when the entry is written."""

    name: str
    chunks: Callable[[], Iterable[bytes]]
    modified: dt.datetime
    kind: str
    size_hint: int = 0
    about: dict[str, Any] = field(default_factory=dict)
    # What to write instead when the source is gone (a stored file missing from the storage).
    missing: Callable[[], Entry] | None = None


@dataclass(frozen=True)
class Written:
    name: str
    size: int
    sha256: str
    kind: str
    about: dict[str, Any]

    def manifest_row(self, prefix: str = "") -> dict[str, Any]:
        return {
            "name": self.name.removeprefix(prefix),
            "groesse": self.size,
            "sha256": self.sha256,
            "art": self.kind,
            **self.about,
        }


def _info(entry: Entry) -> zipfile.ZipInfo:
    stamp = entry.modified.timetuple()[:6]
    info = zipfile.ZipInfo(entry.name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
    if entry.name.lower().endswith(PACKED_SUFFIXES):
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
        info.compress_level = 6
    info.external_attr = 0o644 << 16
    # zipfile decides on ZIP64 extra fields from the size known before writing.
    info.file_size = entry.size_hint
    return info


def stream_zip(entries: Callable[[list[Written]], Iterable[Entry]]) -> Iterator[bytes]:
    """The archive's bytes, in pieces. `entries` gets the list of what has been written so
    far (growing as the archive is written) and yields the entries lazily: an entry it
    yields after others (a manifest) sees their sizes and checksums."""
    pipe = _Pipe()
    written: list[Written] = []

    def write(archive: zipfile.ZipFile, entry: Entry) -> Iterator[bytes]:
        digest, size = hashlib.sha256(), 0
        # The first chunk before the entry's header: a missing source is known while its
        # replacement can still take its place.
        try:
            source = iter(entry.chunks())
            first = next(source, b"")
        except FileNotFoundError:
            if entry.missing is None:
                raise
            entry = entry.missing()
            source = iter(entry.chunks())
            first = next(source, b"")
        with archive.open(_info(entry), "w") as out:
            for chunk in itertools.chain((first,), source):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                data = pipe.take()
                if data:
                    yield data
        written.append(Written(entry.name, size, digest.hexdigest(), entry.kind, entry.about))
        rest = pipe.take()
        if rest:
            yield rest

    with zipfile.ZipFile(pipe, "w", allowZip64=True) as archive:
        for entry in entries(written):
            yield from write(archive, entry)
    yield pipe.take()


def bytes_chunks(data: bytes) -> Callable[[], Iterable[bytes]]:
    return lambda: (data[i : i + CHUNK] for i in range(0, max(len(data), 1), CHUNK))
