"""The words of the permission matrix (accounts/permission_matrix.py): the roles a
request can have, the refusals, and the needs an URL declares for reading and writing
(roles, a model permission, everyone, the signed-in, nobody, and their combinations)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from . import roles


class Role(StrEnum):
    ANONYMOUS = "anonym"
    UNCONFIRMED = "angemeldet, keiner Kommune bestätigt"
    MUNICIPAL = "Kommune (bestätigt)"
    KIKZ = roles.KIKZ
    BUDGET = roles.BUDGET
    MINISTRY = roles.MINISTRY
    ADMINISTRATION = roles.ADMINISTRATION
    SUPERUSER = "Superuser"


GROUP_ROLES = (Role.KIKZ, Role.BUDGET, Role.MINISTRY, Role.ADMINISTRATION)
# The roles whose members are staff (is_staff) and work in the back office.
STAFF_ROLES = frozenset({Role.KIKZ, Role.BUDGET, Role.ADMINISTRATION, Role.SUPERUSER})


class Refusal(StrEnum):
    LOGIN = "Anmeldung"  # 302 to the login, back afterwards
    MEMBERSHIPS = "Meine Kommunen"  # 302 to the page with the state of the request
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    METHOD = "405"


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Subject(Protocol):
    """Whoever asks: a real user (the middleware) or a role (the table, the tests)."""

    def has_role(self, role: Role) -> bool: ...

    def has_perm(self, perm: str) -> bool: ...

    def has_module_perms(self, app_label: str) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...


class Need:
    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        raise NotImplementedError

    def __or__(self, other: Need) -> Need:
        return AnyOf((self, other))

    def __and__(self, other: Need) -> Need:
        return AllOf((self, other))


@dataclass(frozen=True)
class Roles(Need):
    roles: frozenset[Role]

    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        return any(who.has_role(role) for role in self.roles)

    def __repr__(self) -> str:
        return "Roles(" + ", ".join(sorted(self.roles)) + ")"


@dataclass(frozen=True)
class Everyone(Need):
    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        return True


@dataclass(frozen=True)
class SignedIn(Need):
    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        return who.is_authenticated


@dataclass(frozen=True)
class Never(Need):
    """A page the back office does not offer for a model whatever the permissions (a record
    only services write): refused like a missing permission, to the superuser too."""

    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        return False


@dataclass(frozen=True)
class Perm(Need):
    """A model permission, "app_label.codename" (the groups get them from roles.py)."""

    perm: str

    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        return who.has_perm(self.perm)


@dataclass(frozen=True)
class AppPerms(Need):
    """Any permission in the app named by the URL's `app_label` (the admin's app page)."""

    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        return who.has_module_perms(str(kwargs.get("app_label", "")))


@dataclass(frozen=True)
class AnyOf(Need):
    needs: tuple[Need, ...]

    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        return any(n.met(who, kwargs) for n in self.needs)


@dataclass(frozen=True)
class AllOf(Need):
    needs: tuple[Need, ...]

    def met(self, who: Subject, kwargs: Mapping[str, Any]) -> bool:
        return all(n.met(who, kwargs) for n in self.needs)


def roles_(*names: Role) -> Roles:
    return Roles(frozenset(names))


NOBODY = Roles(frozenset())
EVERYONE = Everyone()
SIGNED_IN = SignedIn()
MUNICIPAL = roles_(Role.MUNICIPAL)
STAFF = Roles(STAFF_ROLES)
# accounts.permissions: is_adviser, and can_see_statistics (advisers, budget advisers, ministry).
ADVISERS = roles_(Role.KIKZ, Role.ADMINISTRATION, Role.SUPERUSER)
STATISTICS = roles_(Role.MINISTRY, Role.KIKZ, Role.BUDGET, Role.ADMINISTRATION, Role.SUPERUSER)


@dataclass(frozen=True)
class Access:
    read: Need
    write: Need = NOBODY
    # The URL names an object of one municipality (or one user's draft): the view answers
    # 404 for anyone else's, so another municipality cannot even learn that it exists.
    scoped: bool = False
    # The refusal for everyone refused, instead of login / Meine Kommunen / 403.
    refusal: Refusal | None = None
    # What the audit row of a refused signed-in user names (else the URL name).
    area: str = ""
    # A step of a login in progress (the user is not signed in yet): open to everyone; the
    # view sends whoever has no login in progress back to the login page.
    login_flow: bool = False

    def need(self, method: str) -> Need:
        return self.read if method.upper() in READ_METHODS else self.write


def both(need: Need, **kw: Any) -> Access:
    return Access(read=need, write=need, **kw)


NEVER = Never()


def perm(app_label: str, action: str, model: str) -> Perm:
    return Perm(f"{app_label}.{action}_{model}")


def view_or_change(app_label: str, model: str) -> Need:
    return perm(app_label, "view", model) | perm(app_label, "change", model)
