"""The production storage of the static files: WhiteNoise's compressed manifest storage,
compressing each distinct content once.

`collectstatic` keeps every file twice, under its name and under its hashed name, and
WhiteNoise compresses both (Brotli at its highest level, then gzip): on the portal's
1,400 files – the API docs' bundles and source maps among them – that was 90 s of which
almost half compressed bytes already compressed under the other name. Brotli and gzip
(mtime 0) are deterministic, so the copies written here are the bytes WhiteNoise itself
would write; the files and their times are the same as before.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage as _WhiteNoiseStorage


class CompressedManifestStaticFilesStorage(_WhiteNoiseStorage):
    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        extensions = getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", None)
        self.compressor = self.create_compressor(extensions=extensions, quiet=True)
        same_content: dict[bytes, list[str]] = {}
        for path in sorted(paths):
            if self.compressor.should_compress(path):
                with open(self.path(path), "rb") as f:
                    same_content.setdefault(hashlib.sha256(f.read()).digest(), []).append(path)

        def compress(names: list[str]) -> list[tuple[str, str]]:
            first, *others = names
            full_path = self.path(first)
            done = []
            for compressed_path in self.compressor.compress(full_path):
                suffix = compressed_path[len(full_path) :]  # ".br" or ".gz"
                done.append((first, first + suffix))
                with open(compressed_path, "rb") as f:
                    data = f.read()
                for name in others:
                    other = self.path(name)
                    self.compressor.write_data(other, data, suffix, os.stat(other))
                    done.append((name, name + suffix))
            return done

        with ThreadPoolExecutor() as executor:
            futures = [executor.submit(compress, names) for names in same_content.values()]
            for future in as_completed(futures):
                yield from future.result()
