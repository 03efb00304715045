"""Media on the local disk without half-written files.

Django's FileSystemStorage creates the file and then writes it chunk by chunk; when the
disk fills up in between (ENOSPC), the truncated file stays behind with no row pointing
at it (issue 19: a 57,344-byte stub per refused upload, a 0-byte one per retry). Here a
write that fails removes what it created, then the error goes on to the caller
(core/errors.py answers 503). Object stores (S3) write a whole object or nothing.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.core.files.storage import FileSystemStorage

logger = logging.getLogger(__name__)


class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)  # type: ignore[misc]  # not in django-stubs
        except OSError as exc:
            # The names are server-made (a UUID per file), so a file that appeared under
            # this name during the failed write is our own stub. Had the name existed,
            # Django wrote under another one; the orphan sweep removes that one later.
            if not existed and os.path.lexists(full_path):
                try:
                    os.remove(full_path)
                except OSError:
                    logger.exception("partial file not removed", extra={"file": name})
                else:
                    logger.warning("partial file removed after a failed write", extra={"file": name})
            raise exc from None
