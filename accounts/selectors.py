"""Reads of users by role."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from . import roles
from .models import User


def staff_advisers() -> QuerySet[User]:
    """Who may be assigned a case: active KIKZ advisers and administrators."""
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name__in=[roles.KIKZ, roles.ADMINISTRATION]) | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
