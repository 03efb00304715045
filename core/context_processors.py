from __future__ import annotations

from django.http import HttpRequest

from .land import land_name


def portal(request: HttpRequest) -> dict[str, str]:
    # No queries here: error pages render with this context, even with the database down.
    return {"land_name": land_name()}
