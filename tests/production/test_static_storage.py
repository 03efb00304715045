"""The production storage of the static files (core/static_storage.py) compresses each
distinct content once and writes exactly the files WhiteNoise's own storage writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage as WhiteNoiseStorage

from core.static_storage import CompressedManifestStaticFilesStorage

FILES = {
    # A file under its name and its hashed name: one content, compressed once.
    "kern/kern.css": b"body { color: #123456; }\n" * 400,
    "kern/kern.0123456789ab.css": b"body { color: #123456; }\n" * 400,
    "app.js": b"console.log('Hallo');\n" * 300,
    "tiny.txt": b"x",  # compression not effective: no .br, no .gz
    "logo.png": b"\x89PNG" + bytes(2000),  # an extension never compressed
}


def _written(storage_class: type, root: Path) -> dict[str, object]:
    for name, data in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (1_700_000_000, 1_700_000_000 + len(name)))
    storage = storage_class(location=str(root))
    reported = sorted(storage.compress_files(list(FILES)))
    files = {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime) for p in root.rglob("*") if p.is_file()
    }
    return {"reported": reported, **files}


def test_the_same_files_as_whitenoise_with_each_content_compressed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = _written(CompressedManifestStaticFilesStorage, tmp_path / "ours")
    theirs = _written(WhiteNoiseStorage, tmp_path / "theirs")
    assert ours == theirs
    assert "kern/kern.0123456789ab.css.br" in ours and "app.js.gz" in ours
    assert "tiny.txt.br" not in ours and "logo.png.gz" not in ours

    compressed: list[bytes] = []
    brotli = Compressor.compress_brotli

    def counted(data: bytes) -> bytes:
        compressed.append(data)
        return brotli(data)

    monkeypatch.setattr(Compressor, "compress_brotli", staticmethod(counted))
    _written(CompressedManifestStaticFilesStorage, tmp_path / "again")
    assert len(compressed) == 3  # kern.css once for both names, app.js, tiny.txt
