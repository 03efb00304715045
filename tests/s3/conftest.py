"""Media on S3-compatible object storage: django-storages' S3Storage against the local
S3 server that `make test` starts (moto, scripts/services.sh `s3_start`), configured the
way README "Dateien auf S3-kompatiblem Speicher" tells an operator to."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

CREDENTIALS = {"access_key": "test", "secret_key": "test", "region_name": "eu-central-1"}


def s3_options(bucket: str) -> dict[str, Any]:
    """MEDIA_STORAGE_OPTIONS as an operator writes them (README)."""
    return {
        "bucket_name": bucket,
        "endpoint_url": os.environ["IKZ_S3_ENDPOINT_URL"],
        # Never replace an object under an existing name: names are the server's own.
        "file_overwrite": False,
        "default_acl": None,
        **CREDENTIALS,
    }


def s3_client() -> Any:
    return boto3.client(
        "s3",
        endpoint_url=os.environ["IKZ_S3_ENDPOINT_URL"],
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )


def objects(bucket: str) -> dict[str, bytes]:
    client = s3_client()
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def _remove(bucket: str) -> None:
    client = s3_client()
    for key in objects(bucket):
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)


@pytest.fixture
def new_bucket() -> Iterator[Callable[[], str]]:
    """Makes empty private buckets of unique names; all are removed after the test."""
    if not os.environ.get("IKZ_S3_ENDPOINT_URL"):
        pytest.fail("IKZ_S3_ENDPOINT_URL fehlt: die S3-Tests laufen über `make test`.")
    made: list[str] = []

    def make() -> str:
        bucket = f"ikz-media-{uuid.uuid4().hex[:12]}"
        s3_client().create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["region_name"]}
        )
        made.append(bucket)
        return bucket

    yield make
    for bucket in made:
        _remove(bucket)


@pytest.fixture
def s3_bucket(new_bucket: Callable[[], str]) -> str:
    return new_bucket()


@pytest.fixture
def s3_media(s3_bucket: str, settings: Any) -> str:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(s3_bucket)},
    }
    return s3_bucket
