"""Reads of users by role."""

from __future__ import annotations

from django.conf import settings
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


def kikz_recipients() -> list[str]:
    """Who hears of new inquiries and membership requests: the active KIKZ advisers
    and the addresses of settings.IKZ_NOTIFY_EMAILS."""
    users = User.objects.filter(is_active=True, groups__name=roles.KIKZ).values_list("email", flat=True)
    return sorted({*users, *settings.IKZ_NOTIFY_EMAILS})
