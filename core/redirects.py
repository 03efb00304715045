"""The one place that decides where a `next=` sends the browser after a form.

Only a path on this host counts: `next=https://evil.example/` (or `//evil.example`,
`/\\evil.example`, `javascript:`) would turn a trusted back-office button into a link
to anywhere (issue #13, item 6). Anything else falls back to the page the view names.
Imports no app.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str) -> str:
    """`next` from the POST (else the GET) when it points to this host, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def redirect_next(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next(request, fallback))
