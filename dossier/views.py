"""The dossier of one case as a ZIP, streamed: for KIKZ advisers (the permission matrix
lets nobody else reach it; the view answers 404 again, as the case file does)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts.access import acting_user
from accounts.audit import audit_access_denied
from accounts.permissions import is_adviser

from .contents import dossier_queryset
from .services import dossier_case_stream


@require_GET
def case_zip(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    if not is_adviser(request.user):
        if request.user.is_authenticated:
            audit_access_denied(request, "dossier", case_id=pk)
        raise Http404
    case = get_object_or_404(dossier_queryset(), pk=pk)
    stream = dossier_case_stream(case=case, actor=acting_user(request), request=request)
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-dossier.zip"'
    # Never cached: the dossier holds personal data and changes with the case.
    response["Cache-Control"] = "no-store"
    return response
