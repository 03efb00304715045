"""Uploads as jobs: register_import_request stores the file with a dry-run preview,
register_import_confirm hands it to the task, which claims the row and runs the import
(eagerly here; tests/test_celery_worker.py uses a real worker)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from contacts import tasks
from contacts.models import Municipality, RegisterImport
from contacts.services import REGISTER_NOT_GV100AD, register_import_confirm, register_import_request
from contacts.tasks import REGISTER_IMPORT_GAVE_UP, run_register_import

from .gv100ad_files import edition, edition_bytes

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "GV100AD_31122021.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def test_an_upload_is_only_previewed_until_it_is_confirmed(
    clara: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = register_import_request(file=upload(edition_bytes("20211231")), actor=clara)
    assert callbacks == []  # nothing enqueued
    job.refresh_from_db()
    assert (job.status, job.created_count, job.gebietsstand) == (
        RegisterImport.Status.PREVIEW,
        9,
        dt.date(2021, 12, 31),
    )
    assert "9 angelegt" in job.result and "Probelauf" in job.result
    assert not Municipality.objects.exists()


def test_a_confirmed_upload_is_imported_after_commit_and_the_job_shows_the_result(
    clara: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    job = register_import_request(file=upload(edition_bytes("20211231")), actor=clara)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        register_import_confirm(job=job, actor=clara)
        # Nothing runs before the confirmation is committed.
        assert not Municipality.objects.exists()
    # The import job; the finished import then drops the atlas's cached Kreise after its commit.
    assert len(callbacks) == 2 and "run_register_import" in repr(callbacks[0])

    job.refresh_from_db()
    assert job.status == RegisterImport.Status.DONE
    assert (job.gebietsstand, job.created_count, job.attempts) == (dt.date(2021, 12, 31), 9, 1)
    assert job.file_name == "GV100AD_31122021.txt" and job.file.name.endswith(".txt")
    assert job.uploaded_by == clara
    assert "9 angelegt" in job.result
    assert job.started_at is not None and job.finished_at is not None and job.is_final
    assert Municipality.objects.count() == 9
    assert Municipality.objects.get(ags="06631016").history.get().history_user == clara


def test_a_file_that_is_no_gv100ad_is_refused_at_upload(clara: User, shared_data: Path) -> None:
    xlsx = (shared_data / "AuszugGV1QAktuell_31032023.xlsx").read_bytes()
    with pytest.raises(ValidationError) as exc:
        register_import_request(file=upload(xlsx, "liste.xlsx"), actor=clara)
    assert exc.value.messages == [REGISTER_NOT_GV100AD]
    assert not RegisterImport.objects.exists()


def test_a_too_large_file_is_refused_at_upload(clara: User, settings: Any) -> None:
    settings.IKZ_MAX_UPLOAD_BYTES = 1024
    data = edition_bytes("20211231")
    with pytest.raises(ValidationError) as exc:
        register_import_request(file=upload(data), actor=clara)
    # German number format, non-breaking space before the unit.
    assert exc.value.messages == ["Die Datei ist 3,0\xa0KB groß, erlaubt sind höchstens 1,0\xa0KB."]
    assert not RegisterImport.objects.exists()


def test_a_malformed_upload_is_refused_at_upload_with_the_line_number(clara: User) -> None:
    lines = edition("20211231").splitlines()
    lines[5] = lines[5][:122] + "99" + lines[5][124:]
    with pytest.raises(ValidationError) as exc:
        register_import_request(file=upload(("\n".join(lines) + "\n").encode()), actor=clara)
    assert exc.value.messages[0].startswith("Zeile 6: Textkennzeichen „99“")
    assert not RegisterImport.objects.exists()
    assert not Municipality.objects.exists()


def _job(status: RegisterImport.Status, **fields: Any) -> RegisterImport:
    job = RegisterImport(status=status, file_name="gv.txt", **fields)
    job.file.save("gv.txt", upload(edition_bytes("20211231")), save=False)
    job.save()
    return job


@pytest.mark.parametrize("status", [RegisterImport.Status.DONE, RegisterImport.Status.FAILED])
def test_the_task_leaves_a_finished_job_alone(status: RegisterImport.Status) -> None:
    job = _job(status, attempts=1)
    assert run_register_import(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (status, 1)
    assert not Municipality.objects.exists()


def test_the_task_does_not_run_a_job_another_worker_is_running() -> None:
    job = _job(RegisterImport.Status.RUNNING, attempts=1, started_at=timezone.now())
    assert run_register_import(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (RegisterImport.Status.RUNNING, 1)


def test_the_task_takes_over_a_job_left_running_by_a_killed_worker() -> None:
    job = _job(RegisterImport.Status.RUNNING, attempts=1, started_at=timezone.now() - dt.timedelta(hours=2))
    assert run_register_import(job.pk) == RegisterImport.Status.DONE
    job.refresh_from_db()
    assert (job.status, job.attempts) == (RegisterImport.Status.DONE, 2)
    assert Municipality.objects.count() == 9


def test_the_task_gives_up_after_three_crashed_attempts() -> None:
    job = _job(RegisterImport.Status.RUNNING, attempts=3, started_at=timezone.now() - dt.timedelta(hours=2))
    assert run_register_import(job.pk) is None
    job.refresh_from_db()
    assert job.status == RegisterImport.Status.FAILED
    assert job.result == REGISTER_IMPORT_GAVE_UP.format(attempts=3)


def test_an_unexpected_error_marks_the_job_failed_with_a_german_message(monkeypatch: Any) -> None:
    def boom(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "register_import", boom)
    job = _job(RegisterImport.Status.REQUESTED)
    assert run_register_import(job.pk) == RegisterImport.Status.FAILED
    job.refresh_from_db()
    assert job.status == RegisterImport.Status.FAILED
    assert job.result.startswith("Der Import ist unerwartet abgebrochen (RuntimeError).")
