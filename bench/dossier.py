"""The dossier export of the largest case (`make bench`, issue 16): the case with the
most documents gets documents up to DOCUMENTS (PDF-like files of 20–400 KB, a fixed
sequence, 100 MB together), outside the timing; then its ZIP is streamed as the web
process sends it, every byte read and dropped. Time and the process's peak memory are
the job's figures (bench/worker.py); `seconds_documents_only` streams the documents once
more without the three PDFs, to tell the two parts apart."""

from __future__ import annotations

import hashlib
import random
import time
from typing import Any

DOCUMENTS = 500


def _document_bytes(rng: random.Random, number: int) -> bytes:
    # Random bytes compress as badly as scanned PDFs do: the ZIP cannot cheat.
    size = rng.randint(20, 400) * 1024
    return b"%PDF-1.4\n% bench " + str(number).encode() + b"\n" + rng.randbytes(size)


def largest_case_with_documents(documents: int = DOCUMENTS) -> Any:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db.models import Count

    from cooperations.models import Cooperation, Document

    case = Cooperation.objects.annotate(n=Count("documents")).order_by("-n", "pk").first()
    if case is None:
        raise SystemExit("kein Vorgang im Datensatz")
    rng = random.Random(16)  # noqa: S311 - test data
    have = case.documents.count()
    for number in range(have + 1, documents + 1):
        data = _document_bytes(rng, number)
        name = default_storage.save(f"documents/{case.pk}/bench-{number:04d}.pdf", ContentFile(data))
        Document.objects.create(
            cooperation=case,
            file=name,
            original_name=f"Anlage {number:03d} Beschluss.pdf",
            content_type="application/pdf",
            size=len(data),
        )
    return case


def stream_dossier(case: Any) -> dict[str, Any]:
    from accounts import roles
    from accounts.models import User
    from dossier.contents import dossier_queryset
    from dossier.services import dossier_case_stream

    actor = (
        User.objects.filter(groups__name=roles.KIKZ).order_by("pk").first()
        or User.objects.order_by("pk").first()
    )
    if actor is None:
        raise SystemExit("keine Beraterin im Datensatz")
    case = dossier_queryset().get(pk=case.pk)
    started = time.perf_counter()
    digest, size, chunks, biggest = hashlib.sha256(), 0, 0, 0
    for chunk in dossier_case_stream(case=case, actor=actor):
        digest.update(chunk)
        size += len(chunk)
        chunks += 1
        biggest = max(biggest, len(chunk))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        # The share of the 500 documents alone (read, checksummed, zipped), streamed again.
        "seconds_documents_only": round(_documents_only(case), 2),
        "case": case.reference,
        "documents": case.documents.count(),
        "zip_mb": round(size / 1024 / 1024, 1),
        "chunks": chunks,
        "largest_chunk_kb": round(biggest / 1024, 1),
    }


def _documents_only(case: Any) -> float:
    from dossier.contents import _document_entry
    from dossier.zipstream import stream_zip

    documents = list(case.documents.order_by("created_at", "pk"))
    started = time.perf_counter()
    for _chunk in stream_zip(
        lambda written: (_document_entry(d, f"{i:04d}.pdf") for i, d in enumerate(documents))
    ):
        pass
    return time.perf_counter() - started
