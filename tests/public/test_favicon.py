"""favicon.ico answers on every site instead of a 404 in every page's log (issue 14)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_served_as_an_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "public" in response["Cache-Control"]


def test_pages_link_their_icon(client: Client) -> None:
    assert 'rel="icon" href="/static/img/favicon.svg"' in client.get("/").content.decode()
