"""Writes of user accounts in the back office: create, change (name, address, active
flag, staff and superuser flags, groups, single permissions) and delete.

Every role change is one ROLE_CHANGED audit row naming the acting user, the account and
each change from its old to its new value. The signal handlers in accounts/signals.py
stay as the net for writes outside these services (a shell); while a service writes,
they stand aside (`services_audit`) so a change is recorded once.

The rules, checked under a lock on the administrators' rows so two administrators who
take each other's rights at the same moment cannot both succeed:
- at least one active administrator remains (superuser, or staff in the group
  „Administration“): nobody can lock the office out of its own back office;
- nobody takes away their own administration rights, deactivates or deletes themselves;
- the e-mail address is unique without regard to case (the login ignores case);
- an account without any role is a municipal account and needs a municipality.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from . import roles
from .audit import audit_event, current_request
from .models import AuditEvent, User

if TYPE_CHECKING:
    from contacts.models import Municipality

EMAIL_TAKEN = "Die E-Mail-Adresse {email} gehört schon zu einem anderen Benutzerkonto."
LAST_ADMINISTRATOR = (
    "{user} ist das letzte aktive Administrationskonto. Geben Sie zuerst einem anderen Konto "
    "die Rolle „Administration“, sonst kann niemand mehr Benutzer verwalten."
)
OWN_ADMIN_RIGHTS = (
    "Sie können sich Ihre eigenen Administrationsrechte nicht entziehen. Bitten Sie eine andere "
    "Administratorin oder einen anderen Administrator darum."
)
OWN_ACCOUNT_DEACTIVATE = "Sie können Ihr eigenes Konto nicht deaktivieren."
OWN_ACCOUNT_DELETE = "Sie können Ihr eigenes Konto nicht löschen."
MUNICIPAL_NEEDS_MUNICIPALITY = (
    "Ein Konto ohne Rolle ist ein Konto einer Kommune: Wählen Sie die Kommune, für die die Person "
    "handelt, oder geben Sie dem Konto eine Rolle."
)
LAST_ROLE_WITHOUT_MUNICIPALITY = (
    "{user} hätte danach weder eine Rolle noch eine Kommune. Deaktivieren Sie das Konto stattdessen, "
    "oder ordnen Sie es zuerst einer Kommune zu."
)

FLAGS = ("is_active", "is_staff", "is_superuser")

# True while a service of this module writes: the role signals do not audit a second time.
services_audit: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "accounts_services_audit", default=False
)


@contextlib.contextmanager
def _audited_here() -> Iterator[None]:
    token = services_audit.set(True)
    try:
        yield
    finally:
        services_audit.reset(token)


@dataclass(frozen=True)
class Roles:
    """What an account may do, as the audit compares it."""

    is_active: bool
    is_staff: bool
    is_superuser: bool
    groups: tuple[str, ...]
    permissions: tuple[str, ...]

    @property
    def administrator(self) -> bool:
        return self.is_active and (
            self.is_superuser or (self.is_staff and roles.ADMINISTRATION in self.groups)
        )

    @property
    def any_role(self) -> bool:
        return self.is_staff or self.is_superuser or bool(self.groups) or bool(self.permissions)


def _codename(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def roles_of(user: User) -> Roles:
    if user.pk is None:
        return Roles(user.is_active, user.is_staff, user.is_superuser, (), ())
    groups = tuple(sorted(user.groups.values_list("name", flat=True)))
    permissions = tuple(sorted(_codename(p) for p in user.user_permissions.select_related("content_type")))
    return Roles(user.is_active, user.is_staff, user.is_superuser, groups, permissions)


def administrators() -> QuerySet[User]:
    """Active accounts that may manage users in the back office."""
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(is_staff=True, groups__name=roles.ADMINISTRATION)
    )


def _lock_administrators() -> set[int]:
    # A row lock on every administrator: a concurrent change of another administrator
    # waits here and then counts what this one left.
    ids = set(administrators().values_list("pk", flat=True).distinct())
    list(User.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    return ids


def _check_email(*, email: str, user_pk: int | None) -> str:
    email = User.objects.normalize_email(email).strip().lower()
    others = User.objects.filter(email__iexact=email)
    if user_pk is not None:
        others = others.exclude(pk=user_pk)
    if others.exists():
        raise ValidationError({"email": EMAIL_TAKEN.format(email=email)})
    return email


def check_roles_change(*, user: User, before: Roles, after: Roles, actor: User | None) -> None:
    """The rules of a role change (also shown by the admin's form beside the fields)."""
    own = actor is not None and actor.pk is not None and actor.pk == user.pk
    if own and before.is_active and not after.is_active:
        raise ValidationError({"is_active": OWN_ACCOUNT_DEACTIVATE})
    if own and before.administrator and not after.administrator:
        raise ValidationError(OWN_ADMIN_RIGHTS)
    if before.administrator and not after.administrator:
        others = set(administrators().values_list("pk", flat=True)) - {user.pk}
        if not others:
            raise ValidationError(LAST_ADMINISTRATOR.format(user=user.email))
    lost_roles = before.any_role and not after.any_role and after.is_active
    if lost_roles and user.pk is not None and not user.memberships.exists():
        raise ValidationError(LAST_ROLE_WITHOUT_MUNICIPALITY.format(user=user.email))


def _changes(before: Roles, after: Roles) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    flags = {
        f: [getattr(before, f), getattr(after, f)] for f in FLAGS if getattr(before, f) != getattr(after, f)
    }
    if flags:
        detail["flags"] = flags
    if before.groups != after.groups:
        detail["groups_before"], detail["groups_after"] = list(before.groups), list(after.groups)
    if before.permissions != after.permissions:
        detail["permissions_before"] = list(before.permissions)
        detail["permissions_after"] = list(after.permissions)
    return detail


def _audit_roles(*, user: User, before: Roles, after: Roles, actor: User | None, change: str) -> None:
    detail = _changes(before, after)
    if detail or change != "changed":
        audit_event(
            AuditEvent.Kind.ROLE_CHANGED,
            request=current_request(),
            actor=actor,
            user_id=user.pk,
            user=user.email,
            change=change,
            **detail,
        )


def user_create(
    *,
    email: str,
    password: str | None,
    actor: User | None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    groups: Iterable[Group] = (),
    permissions: Iterable[Permission] = (),
    municipality: Municipality | None = None,
) -> User:
    """A new account. `password=None` leaves it without a password (sign-in by e-mail
    code or „Passwort vergessen“). An account without a role is a municipal account,
    confirmed for `municipality` by the acting administrator."""
    groups, permissions = list(groups), list(permissions)
    user = User(
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
        is_active=True,
    )
    after = Roles(
        True,
        is_staff,
        is_superuser,
        tuple(sorted(g.name for g in groups)),
        tuple(sorted(_codename(p) for p in permissions)),
    )
    if not after.any_role and municipality is None:
        raise ValidationError({"municipality": MUNICIPAL_NEEDS_MUNICIPALITY})
    with transaction.atomic(), _audited_here():
        user.email = _check_email(email=email, user_pk=None)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        user.groups.set(groups)
        user.user_permissions.set(permissions)
        if municipality is not None:
            from contacts.services import membership_grant

            membership_grant(user=user, municipality=municipality, actor=actor)
        # A new account is active: its row lists the roles it starts with.
        before = Roles(True, False, False, (), ())
        _audit_roles(user=user, before=before, after=after, actor=actor, change="created")
    return user


def user_update(
    *,
    user: User,
    actor: User | None,
    groups: Iterable[Group] | None = None,
    permissions: Iterable[Permission] | None = None,
) -> User:
    """Save an account whose fields (name, e-mail, flags) were changed on the instance;
    `groups` and `permissions` replace the account's when given."""
    with transaction.atomic(), _audited_here():
        _lock_administrators()
        stored = User.objects.select_for_update().get(pk=user.pk)
        before = roles_of(stored)
        new_groups = list(groups) if groups is not None else None
        new_permissions = list(permissions) if permissions is not None else None
        after = Roles(
            user.is_active,
            user.is_staff,
            user.is_superuser,
            tuple(sorted(g.name for g in new_groups)) if new_groups is not None else before.groups,
            tuple(sorted(_codename(p) for p in new_permissions))
            if new_permissions is not None
            else before.permissions,
        )
        check_roles_change(user=user, before=before, after=after, actor=actor)
        user.email = _check_email(email=user.email, user_pk=user.pk)
        user.full_clean(exclude=["password"])
        user.save()
        if new_groups is not None:
            user.groups.set(new_groups)
        if new_permissions is not None:
            user.user_permissions.set(new_permissions)
        _audit_roles(user=user, before=before, after=after, actor=actor, change="changed")
    return user


def user_deactivate(*, user: User, actor: User | None) -> User:
    """The way to take an account away that has a history: it can no longer sign in,
    and its name stays on the cases, messages and records it wrote."""
    if not user.is_active:
        return user
    user.is_active = False
    return user_update(user=user, actor=actor)


def user_delete(*, user: User, actor: User | None) -> None:
    from core.records import record_delete

    with transaction.atomic(), _audited_here():
        _lock_administrators()
        before = roles_of(User.objects.select_for_update().get(pk=user.pk))
        if actor is not None and actor.pk == user.pk:
            raise ValidationError(OWN_ACCOUNT_DELETE)
        gone = Roles(False, False, False, (), ())
        check_roles_change(user=user, before=before, after=gone, actor=actor)
        pk, email = user.pk, user.email
        _audit_roles(user=user, before=before, after=gone, actor=actor, change="deleted")
        record_delete(record=user, actor=actor)
        user.pk, user.email = pk, email  # the admin's message still names it
