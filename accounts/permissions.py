"""Who is who. Roles are Django groups (accounts.roles); municipal staff are
users with a confirmed membership of a municipality."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts import roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def _in_group(user: User | AnonymousUser, *names: str) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_ikz_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._ikz_groups = cached  # type: ignore[union-attr,attr-defined]
    return bool(cached.intersection(names))


def is_adviser(user: User | AnonymousUser) -> bool:
    """KIKZ adviser (or administrator): works on cases in the back office."""
    return user.is_authenticated and (user.is_superuser or _in_group(user, roles.KIKZ, roles.ADMINISTRATION))


def is_budget_adviser(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (
        user.is_superuser or _in_group(user, roles.BUDGET, roles.ADMINISTRATION)
    )


def is_ministry(user: User | AnonymousUser) -> bool:
    return _in_group(user, roles.MINISTRY)


def is_case_staff(user: User | AnonymousUser) -> bool:
    """Sees every case (advisers and administrators)."""
    return is_adviser(user)


def can_see_statistics(user: User | AnonymousUser) -> bool:
    return is_ministry(user) or is_adviser(user) or is_budget_adviser(user)


def confirmed_municipality_ids(user: User | AnonymousUser) -> list[int]:
    if not user.is_authenticated:
        return []
    from contacts.models import Membership

    return list(Membership.objects.confirmed().filter(user=user).values_list("municipality_id", flat=True))
