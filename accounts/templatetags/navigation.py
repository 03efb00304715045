"""The header's role links ({% load navigation %}{% portal_nav as nav %} in base.html):
here and not in the toolkit's `portal` library, because it asks the roles of accounts."""

from __future__ import annotations

from django import template

from accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_nav(context: template.Context) -> dict[str, bool]:
    """Which role links the header shows. Anonymous users cost no query; signed-in
    users one (their groups, cached on the user object)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"authenticated": False, "my_cases": False, "statistics": False, "back_office": False}
    statistics = permissions.can_see_statistics(user)
    return {
        "authenticated": True,
        # Municipal staff (confirmed or still waiting) work in "Meine Vorgänge";
        # the office's own staff and the ministry do not.
        "my_cases": not user.is_staff and not permissions.is_ministry(user),
        "statistics": statistics,
        "back_office": bool(user.is_staff),
    }
