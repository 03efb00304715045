"""Every URL the resolver knows, made concrete: the walk of the permission matrix test."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern


@dataclass(frozen=True)
class Url:
    name: str | None  # the URL name (None for the admin's unnamed patterns)
    view_name: str  # what the middleware looks up: resolve(path).view_name
    path: str
    kwargs: dict[str, Any] = field(default_factory=dict)


def patterns(
    resolver: URLResolver | None = None, ns: str = "", route: str = ""
) -> Iterator[tuple[str | None, URLPattern, str]]:
    """(namespaced name, pattern, full route) of every endpoint, recursively."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from patterns(p, f"{ns}{p.namespace}:" if p.namespace else ns, route + str(p.pattern))
        else:
            yield (f"{ns}{p.name}" if p.name else None), p, route + str(p.pattern)


def _admin_models() -> dict[str, type[Model]]:
    return {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_": m
        for m in admin.site._registry  # every generated and custom URL of a model admin
    }


def _model_for(name: str | None, route: str) -> type[Model] | None:
    if name is not None:
        for prefix, model in sorted(_admin_models().items(), key=lambda kv: -len(kv[0])):
            if name.startswith(prefix):
                return model
        return None
    found = re.match(r"admin/(\w+)/(\w+)/", route)
    if found:
        try:
            return apps.get_model(found[1], found[2])
        except LookupError:
            return None
    return None


# Arguments a URL needs, by URL name; anything else is the object of its model.
Values = Callable[[str, str | None, type[Model] | None], Any]


# Parameters whose converters want a shape of their own (the API's AGS and years, the
# open-data downloads' format).
SHAPED = {"ags": "06611000", "jahr": "2026", "year": "2026", "format": "json", "fmt": "csv"}


def dummy_values(param: str, name: str | None, model: type[Model] | None) -> Any:
    return {"token": uuid.uuid4(), "step": "partner", "slug": "jahre", "app_label": "contacts", **SHAPED}.get(
        param, "1"
    )


QUERIES = {
    # The admin's autocomplete answers only with the field it completes.
    "admin:autocomplete": "?app_label=cooperations&model_name=cooperation&field_name=lead_municipality",
}


def build(values: Values) -> Iterator[Url]:
    for name, pattern, route in patterns():
        model = _model_for(name, route)
        pat = pattern.pattern
        if isinstance(pat, RoutePattern):
            params = list(pat.converters)
            positional = 0
        else:
            params = list(pat.regex.groupindex)
            positional = pat.regex.groups - len(params)
        kwargs = {p: values(p, name, model) for p in params}
        if name is None:
            path = "/" + route.replace("(?P<url>.*)$", "nichts-hier/")
            for p, v in kwargs.items():
                path = re.sub(rf"<(\w+:)?{p}>", str(v), path)
        elif positional:
            args = [values(f"_{i}", name, model) for i in range(positional)]
            path = reverse(name, args=args)
        else:
            path = reverse(name, kwargs=kwargs)
        match = resolve(path)
        yield Url(name, match.view_name, path + QUERIES.get(name or "", ""), dict(match.kwargs))


def world_values(world: Any) -> Values:
    """Arguments from the objects of the `world` fixture (tests/access/conftest.py)."""
    from contacts.models import Person
    from cooperations.models import Cooperation
    from funding.models import FunderQuestion, Programme

    by_name: dict[str, Any] = {
        "admin:cooperations_cooperation_question": FunderQuestion,
        "admin:contacts_person_auskunft": Person,
        "funding:programme-detail": Programme,
        "reports:report-status": world.report,
        "reports:report-download": world.report,
        "admin:auth_user_password_change": world.object_of(Person).user,
    }

    from budget_advice.models import Consultation
    from contacts.models import RegisterImport
    from events.models import Event
    from knowledge.models import Entry

    by_name |= {
        "budget_advice:detail": Consultation,
        "admin:contacts_municipality_register_preview": RegisterImport,
        **{n: Event for n in ("events:detail", "events:registered", "events:calendar")},
        **{n: Entry for n in ("knowledge:detail", "knowledge:download")},
        "api:kooperation-detail": world.case,
        "api:foerderprogramm-detail": Programme,
        "admin:cooperations_cooperation_membership": world.object_of_label("contacts.membership"),
    }

    def values(param: str, name: str | None, model: type[Model] | None) -> Any:
        if param == "document_pk":
            return world.document.pk
        if param == "grant_pk":  # the portal's payment request and proof of use pages
            return world.case.grants.order_by("pk").first().pk
        if name == "opendata:download" and param == "slug":
            return "kooperationen"
        if param in SHAPED:
            return world.case.lead_municipality.ags if param == "ags" else SHAPED[param]
        if param == "token" and name and name.startswith("events:"):
            return "gefaelscht"  # a forged link: the view answers 400, never a refusal
        if param == "token":
            return world.draft.token
        if param in ("step", "slug", "app_label", "uidb36", "key"):
            return {"step": "partner", "slug": "jahre", "app_label": "contacts"}.get(param, "x1")
        if name == "admin:view_on_site":
            return (
                ContentType.objects.get_for_model(Cooperation).pk
                if param == "content_type_id"
                else world.case.pk
            )
        target = by_name.get(name or "")
        if isinstance(target, type):
            target = world.object_of(target)
        if target is None and model is not None:
            target = world.case if model is Cooperation else world.object_of(model)
        if target is None:
            target = world.case  # the portal's case URLs, the atlas, the case file
        if param == "_1":  # simple_history: the object, then one of its historical rows
            return target.history.order_by("history_id").first().history_id
        return target.pk

    return values
