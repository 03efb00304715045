"""Every form of the portal renders in KERN UX markup (templates/includes/)."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.loader import get_template


class KernFormRenderer(DjangoTemplates):
    """Django's own widget templates, but the form and field layout from the
    project's templates/includes/ (found through the project template engine)."""

    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith("includes/"):
            return get_template(template_name)
        return super().get_template(template_name)
