"""Who may call which URL, with which method, and what a refusal looks like: the one
declared permission matrix of the portal and the back office.

`accounts.middleware.PermissionMatrixMiddleware` checks every request against it
before the view runs (deny by default: a URL name without an entry is refused), and
`tests/access/test_permission_matrix.py` walks the URL resolver and requests every URL
as every role. The views keep their own object checks (`get_case_for_user`: another
municipality's case is a 404); the matrix is the first gate, not the only one.

An entry is an `Access`: a `Need` for reading (GET, HEAD, OPTIONS) and one for writing
(POST and the rest). A need is met by roles (`Roles`), by a model permission (`Perm`,
from `accounts/roles.py` through the groups) or by a combination. The admin's generated
pages (`admin:<app>_<model>_<kind>`) are derived below from the model permissions, one
line per kind; every other URL and every changelist action is listed by hand.

Refusals: nobody may use the method → 405; an entry may say 404 for everyone refused
(the statistics area does not show that it exists); otherwise anonymous visitors go to
the login, signed-up users not yet confirmed for a municipality go to "Meine Kommunen"
when the page is a municipal one, and everyone else gets 403.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from . import roles
from .permission_needs import (  # noqa: F401 - the vocabulary, re-exported for the middleware and tests
    ADVISERS,
    EVERYONE,
    GROUP_ROLES,
    MUNICIPAL,
    NEVER,
    NOBODY,
    READ_METHODS,
    SIGNED_IN,
    STAFF,
    STAFF_ROLES,
    STATISTICS,
    Access,
    AllOf,
    AnyOf,
    AppPerms,
    Everyone,
    Need,
    Never,
    Perm,
    Refusal,
    Role,
    Roles,
    SignedIn,
    Subject,
    both,
    perm,
    roles_,
    view_or_change,
)

# --- Explicit entries --------------------------------------------------------------

PUBLIC_PAGE = Access(read=EVERYONE)  # GET only: a POST is a 405
PUBLIC_FORM = both(EVERYONE)

PORTAL_PAGE = both(MUNICIPAL, area="municipal portal")
PORTAL_OBJECT = both(MUNICIPAL, scoped=True, area="municipal portal")
PORTAL_POST = Access(read=NOBODY, write=MUNICIPAL, scoped=True, area="municipal portal")
STATISTICS_PAGE = Access(read=STATISTICS, refusal=Refusal.NOT_FOUND, area="statistics")

PORTAL: dict[str, Access] = {
    "home": PUBLIC_PAGE,
    # Answered by core.middleware.HealthCheckMiddleware before any other middleware.
    "healthz": PUBLIC_FORM,
    "accessibility": PUBLIC_FORM,  # the feedback form on barriers
    "imprint": PUBLIC_PAGE,
    "privacy": PUBLIC_PAGE,
    "contacts-public": PUBLIC_PAGE,
    "atlas:list": PUBLIC_PAGE,
    "atlas:detail": PUBLIC_PAGE,
    "atlas:partner-search": PUBLIC_PAGE,
    "funding:programme-list": PUBLIC_PAGE,
    "funding:programme-detail": PUBLIC_PAGE,
    "funding:question": PUBLIC_FORM,
    "funding:question-sent": PUBLIC_PAGE,
    # Meine Kommunen: every signed-in user may ask to be confirmed for a municipality.
    "accounts:memberships": both(SIGNED_IN),
    # The municipal portal: users confirmed for a municipality, each only their own.
    "cooperations:my-cases": PORTAL_PAGE,
    "cooperations:case-detail": PORTAL_OBJECT,
    "cooperations:case-message": PORTAL_POST,
    "cooperations:case-document-upload": PORTAL_POST,
    "cooperations:document-download": PORTAL_OBJECT,
    # The lead municipality reports a year's savings (issue 16); the view answers 404 for others' cases.
    "savings:report": PORTAL_OBJECT,
    "cooperations:inquiry-start": PORTAL_PAGE,
    "cooperations:inquiry-step": PORTAL_OBJECT,
    "cooperations:inquiry-review": PORTAL_OBJECT,
    "cooperations:inquiry-done": PORTAL_OBJECT,
    "cooperations:inquiry-discard": PORTAL_OBJECT,  # GET asks first, the confirming POST deletes
    # A grant's payment request and proof of use (funding/grantee): the view lets only
    # the lead municipality act (a partner: 403, another municipality: 404).
    "grantee:payment-request": PORTAL_OBJECT,
    "grantee:proof-of-use": PORTAL_OBJECT,
    "budget_advice:request": PORTAL_PAGE,
    # The cost-sharing key and draft agreement of a case (issue 16): every partner reads,
    # the lead municipality computes (the view answers 403 to the other partners).
    "agreements:case-key": PORTAL_OBJECT,
    "agreements:case-draft-docx": Access(read=MUNICIPAL, scoped=True, area="municipal portal"),
    "agreements:case-draft-pdf": Access(read=MUNICIPAL, scoped=True, area="municipal portal"),
    # Statistics and the case file PDF: 404 for everyone else, the area does not show itself.
    "reports:dashboard": STATISTICS_PAGE,
    "reports:table-csv": STATISTICS_PAGE,
    "reports:report-create": Access(
        read=NOBODY, write=STATISTICS, refusal=Refusal.NOT_FOUND, area="statistics"
    ),
    "reports:report-status": STATISTICS_PAGE,
    "reports:report-download": STATISTICS_PAGE,
    "reports:case-file": Access(read=ADVISERS, refusal=Refusal.NOT_FOUND, area="case file"),
    # The dossier of a case for auditors and the archive (issue 16): as the case file.
    "dossier:case-zip": Access(read=ADVISERS, refusal=Refusal.NOT_FOUND, area="case file"),
    "favicon": PUBLIC_PAGE,
    "budget_advice:detail": PORTAL_OBJECT,  # the view answers 404 for another municipality's
    # The map of cooperations and the open data: public knowledge, read only (issue 17).
    "geo:atlas-map": PUBLIC_PAGE,
    "opendata:index": PUBLIC_PAGE,
    "opendata:dcat": PUBLIC_PAGE,
    "opendata:download": PUBLIC_PAGE,
    "opendata:statistics-download": PUBLIC_PAGE,
    **{
        f"api:{name}": PUBLIC_PAGE
        for name in (
            "api-root",
            "schema",
            "docs",
            "kooperation-list",
            "kooperation-detail",
            "foerderprogramm-list",
            "foerderprogramm-detail",
            "foerderprogramm-facetten",
            "kommune-list",
            "kommune-detail",
            "statistik-list",
            "statistik-detail",
        )
    },
    # Knowledge and events (issue 18): public pages and forms; a registration's confirm and
    # cancel links carry a signed single-use token, which the view checks.
    "knowledge:list": PUBLIC_PAGE,
    "knowledge:detail": PUBLIC_PAGE,
    "knowledge:download": PUBLIC_PAGE,
    "knowledge:selfcheck": PUBLIC_FORM,
    "knowledge:selfcheck-result": PUBLIC_PAGE,
    "knowledge:selfcheck-to-inquiry": Access(read=NOBODY, write=MUNICIPAL, area="municipal portal"),
    "events:list": PUBLIC_PAGE,
    "events:detail": PUBLIC_FORM,
    "events:registered": PUBLIC_PAGE,
    "events:calendar": PUBLIC_PAGE,
    "events:confirm": PUBLIC_FORM,
    "events:cancel": PUBLIC_FORM,
}

# django-allauth: signing in is open to everyone, the account pages to the signed-in.
LOGIN_STEP = both(EVERYONE, login_flow=True)
ACCOUNT: dict[str, Access] = {
    "account_login": PUBLIC_FORM,
    "account_logout": PUBLIC_FORM,
    "account_signup": PUBLIC_FORM,
    "account_reset_password": PUBLIC_FORM,
    "account_reset_password_from_key": PUBLIC_FORM,
    "account_inactive": PUBLIC_PAGE,
    "account_reset_password_done": PUBLIC_PAGE,
    "account_reset_password_from_key_done": PUBLIC_PAGE,
    # The code sent after sign-up or for a login by code, and the second factor.
    "account_email_verification_sent": LOGIN_STEP,
    "account_confirm_login_code": LOGIN_STEP,
    "mfa_authenticate": LOGIN_STEP,
    "account_reauthenticate": both(SIGNED_IN),
    "account_email": both(SIGNED_IN),
    "account_change_password": both(SIGNED_IN),
    "account_set_password": both(SIGNED_IN),
    "mfa_index": Access(read=SIGNED_IN),
    "mfa_reauthenticate": both(SIGNED_IN),
    "mfa_activate_totp": both(SIGNED_IN),
    "mfa_deactivate_totp": both(SIGNED_IN),
    "mfa_view_recovery_codes": Access(read=SIGNED_IN),
    "mfa_generate_recovery_codes": both(SIGNED_IN),
    "mfa_download_recovery_codes": both(SIGNED_IN),
    "usersessions_list": both(SIGNED_IN),
}

# A person's data under DSGVO Art. 15 holds the text of their case messages: only who
# may read people and case messages (KIKZ advisers, administration) may ask for it.
AUSKUNFT = perm("contacts", "view", "person") & perm("cooperations", "view", "message")

# The back office's own pages and the custom views of the model admins.
BACK_OFFICE: dict[str, Access] = {
    # Hands staff over to allauth's login (anyone else signed in: 403, as allauth answers).
    "admin:login": both(STAFF),
    "admin:logout": Access(read=NOBODY, write=STAFF),
    "admin:index": Access(read=STAFF),
    "admin:password_change": both(STAFF),
    "admin:password_change_done": Access(read=STAFF),
    "admin:jsi18n": Access(read=STAFF),
    # The view checks the view permission on the model searched.
    "admin:autocomplete": Access(read=STAFF),
    "admin:app_list": Access(read=AppPerms()),
    # No model has get_absolute_url: the admin links nowhere here.
    "admin:view_on_site": Access(read=NOBODY, refusal=Refusal.NOT_FOUND),
    # Unnamed: /admin/<app>/<model>/<id>/ redirects to the change page (which checks);
    # anything else under /admin/ is a 404 (CommonMiddleware still appends a slash).
    "admin:django.views.generic.base.RedirectView": Access(read=STAFF),
    "admin:django.contrib.admin.sites.catch_all_view": Access(read=NOBODY, refusal=Refusal.NOT_FOUND),
    # The Eingang (desk/views.py): cases for the case staff, requests for budget advice.
    "admin:cooperations_cooperation_triage": Access(
        read=view_or_change("cooperations", "cooperation") | perm("budget_advice", "change", "consultation")
    ),
    "admin:cooperations_cooperation_take_over": both(perm("cooperations", "change", "cooperation")),
    "admin:cooperations_cooperation_merge": both(perm("cooperations", "change", "cooperation")),
    "admin:cooperations_cooperation_question": both(perm("funding", "change", "funderquestion")),
    "admin:cooperations_cooperation_transition": both(perm("cooperations", "change", "cooperation")),
    "admin:cooperations_cooperation_message": both(perm("cooperations", "change", "cooperation")),
    "admin:contacts_municipality_register_upload": both(perm("contacts", "change", "municipality")),
    "admin:contacts_person_auskunft": Access(read=AUSKUNFT),
    "admin:auth_user_password_change": both(perm("accounts", "change", "user")),
    # A membership request decided in the Eingang (desk/views.py): POST only.
    "admin:cooperations_cooperation_membership": Access(
        read=NOBODY, write=perm("contacts", "change", "membership")
    ),
    "admin:contacts_municipality_register_preview": both(perm("contacts", "change", "municipality")),
    # A municipality's upload, opened by who may view documents (audited in the view).
    "admin:cooperations_document_download": Access(read=view_or_change("cooperations", "document")),
    "admin:knowledge_entry_new_version": both(perm("knowledge", "change", "entry")),
    # The adviser decides a municipality's payment request or proof of use (funding/grantee).
    "admin:funding_paymentrequest_decide": both(perm("funding", "change", "paymentrequest")),
    "admin:funding_proofofuse_decide": both(perm("funding", "change", "proofofuse")),
    # An event's participant lists hold personal data: who may view the registrations.
    "admin:events_event_csv": Access(read=perm("events", "view", "registration")),
    "admin:events_event_xlsx": Access(read=perm("events", "view", "registration")),
    "admin:events_event_pdf": Access(read=perm("events", "view", "registration")),
    "admin:events_event_attendance": both(perm("events", "change", "registration")),
    "admin:events_event_broadcast": both(perm("events", "change", "event")),
    # The advisers' page of a case's cost-sharing key and its draft agreement (issue 16).
    "agreements_office:case-key": Access(
        read=perm("agreements", "view", "costkey"), write=perm("agreements", "add", "costkey")
    ),
    "agreements_office:case-draft-docx": Access(read=perm("agreements", "view", "costkey")),
    "agreements_office:case-draft-pdf": Access(read=perm("agreements", "view", "costkey")),
    # The dossier export of a year's closed cases (dossier/admin.py): ordered, then downloaded (audited).
    "admin:dossier_dossierexport_order": both(perm("dossier", "add", "dossierexport")),
    "admin:dossier_dossierexport_download": Access(read=perm("dossier", "view", "dossierexport")),
}

# The actions of the changelists (POST `action=`), by model. `delete_selected` and the
# export action of django-import-export are derived in `action_need`.
ACTIONS: dict[str, dict[str, Need]] = {
    "contacts.municipality": {"record_merger": perm("contacts", "change", "municipality")},
    "contacts.person": {
        "anonymise": perm("contacts", "change", "person"),
        "export_personal_data": AUSKUNFT,
    },
    "contacts.membership": {
        "confirm": perm("contacts", "change", "membership"),
        "reject": perm("contacts", "change", "membership"),
    },
    "cooperations.cooperation": {
        "assign_adviser": perm("cooperations", "change", "cooperation"),
        "set_next_step": perm("cooperations", "change", "cooperation"),
    },
    # Ordering a report again creates one: the add permission, as for the statistics page's order.
    "reports.report": {"order_again": perm("reports", "add", "report")},
    "accounts.user": {"deactivate": perm("accounts", "change", "user")},
    "events.registration": {"cancel_selected": perm("events", "change", "registration")},
    # django-allauth's admin of e-mail addresses
    "account.emailaddress": {"make_verified": perm("account", "change", "emailaddress")},
}

# django-import-export checks these codes too (settings IMPORT_EXPORT_*_PERMISSION_CODE):
# an export needs the view permission of the model, an import add and change.
EXPORT_PERMISSION_CODE = "view"
IMPORT_PERMISSION_CODE = "change"


# --- The admin's generated pages, derived from the model permissions ----------------


def _export(app: str, model: str) -> Access:
    return both(perm(app, EXPORT_PERMISSION_CODE, model))


def _import(app: str, model: str) -> Access:
    return both(perm(app, "add", model) & perm(app, IMPORT_PERMISSION_CODE, model))


def _process_import(app: str, model: str) -> Access:  # the confirmation of an import: POST only
    return Access(read=NOBODY, write=perm(app, "add", model) & perm(app, IMPORT_PERMISSION_CODE, model))


# Records the back office shows but never edits: the services that write them are their
# only writers (backoffice.admins.ReadOnlyModelAdmin and the admins named here say so too).
# Their model permissions (e.g. the administration's on accounts) do not open these pages.
NOT_OFFERED: dict[str, frozenset[str]] = {
    "accounts.auditevent": frozenset({"add", "change", "delete"}),
    "contacts.registerimport": frozenset({"add", "change", "delete"}),
    "ikz_portal.outboxmail": frozenset({"add", "change", "delete"}),
    "cooperations.caseevent": frozenset({"add", "change", "delete"}),
    "cooperations.message": frozenset({"add", "change"}),  # messages go through message_send
    "cooperations.document": frozenset({"add"}),  # uploads through document_add
    "funding.disbursement": frozenset({"change"}),  # a payment is booked, not edited
    # Submitted by the lead municipality in the portal, decided on their decision page.
    "funding.paymentrequest": frozenset({"add", "change", "delete"}),
    "funding.proofofuse": frozenset({"add", "change", "delete"}),
    "reports.report": frozenset({"add", "change"}),  # ordered on the statistics page
    # The two template texts of the draft agreements come with the migration and stay.
    "agreements.agreementtemplate": frozenset({"add", "delete"}),
    "dossier.dossierexport": frozenset({"add", "change"}),  # ordered on its own page, built by the worker
    # Registrations come from the public form; the office cancels (an action), never adds,
    # and the retention job deletes them (events.services).
    "events.registration": frozenset({"add", "delete"}),
    # The lead municipality reports its savings in the portal (savings.services); kept, not edited.
    "savings.savingsreport": frozenset({"add", "change", "delete"}),
}


def _offered(label: str, kind: str, access: Access) -> Access:
    if kind not in NOT_OFFERED.get(label, ()):
        return access
    if kind == "change":  # still shown, never saved
        return Access(read=access.read, write=NEVER)
    return both(NEVER)


ADMIN_KINDS: dict[str, Any] = {
    # the list; its POST runs an action, which needs the action's own permission too
    "changelist": lambda app, model: both(view_or_change(app, model)),
    "add": lambda app, model: both(perm(app, "add", model)),
    "change": lambda app, model: Access(read=view_or_change(app, model), write=perm(app, "change", model)),
    "delete": lambda app, model: both(perm(app, "delete", model)),
    # the history is read, never restored (backoffice.admins.AuditedAdmin)
    "history": lambda app, model: Access(read=view_or_change(app, model), write=NEVER),
    "simple_history": lambda app, model: Access(read=view_or_change(app, model), write=NEVER),
    "export": _export,
    "import": _import,
    "process_import": _process_import,
}


def action_need(model_label: str, action: str) -> Need | None:
    app, model = model_label.split(".")
    if action == "delete_selected":
        return perm(app, "delete", model)
    if action == "export_admin_action":
        return perm(app, EXPORT_PERMISSION_CODE, model)
    return ACTIONS.get(model_label, {}).get(action)


def _admin_entries() -> tuple[dict[str, Access], dict[str, tuple[str, str]]]:
    """The entries of every registered model admin's generated URLs, and the pages whose
    POST may run an action: the changelist (field `action`) and, since Django 6.1, the
    change form (`CHANGE_FORM-action`). Custom URLs of a model admin are not derived:
    they stand above."""
    from django.contrib import admin

    entries: dict[str, Access] = {}
    actionable: dict[str, tuple[str, str]] = {}
    for model, model_admin in admin.site._registry.items():
        app, name = model._meta.app_label, str(model._meta.model_name)
        prefix = f"{app}_{name}_"
        for pattern in model_admin.get_urls():
            url_name = getattr(pattern, "name", None)
            if not url_name or not url_name.startswith(prefix):
                continue
            kind = url_name.removeprefix(prefix)
            if kind in ADMIN_KINDS:
                entries[f"admin:{url_name}"] = _offered(f"{app}.{name}", kind, ADMIN_KINDS[kind](app, name))
        actionable[f"admin:{prefix}changelist"] = (f"{app}.{name}", "action")
        actionable[f"admin:{prefix}change"] = (f"{app}.{name}", "CHANGE_FORM-action")
    return entries, actionable


@functools.cache
def matrix() -> tuple[dict[str, Access], dict[str, tuple[str, str]]]:
    """Every entry by URL name (view name for unnamed patterns), built once the admin's
    registry is complete; and the model and POST field of the pages that run actions."""
    derived, actionable = _admin_entries()
    return {**derived, **PORTAL, **ACCOUNT, **BACK_OFFICE}, actionable


# --- Deciding ----------------------------------------------------------------------


def decide(
    view_name: str,
    method: str,
    who: Subject,
    kwargs: Mapping[str, Any] | None = None,
    actions: Iterable[str] = (),
) -> Refusal | None:
    """None if `who` may call the URL with the method, else the refusal."""
    kwargs = kwargs or {}
    entries, actionable = matrix()
    access = entries.get(view_name)
    if access is None:  # deny by default: a URL nobody declared
        return Refusal.FORBIDDEN
    need = access.need(method)
    if need == NOBODY:
        other = access.read if need is access.write else access.write
        return Refusal.METHOD if other != NOBODY else (access.refusal or Refusal.NOT_FOUND)
    actions = [a for a in actions if a]
    if view_name in actionable and actions and method.upper() not in READ_METHODS:
        action_needs = [action_need(actionable[view_name][0], a) for a in actions]
        if any(n is None for n in action_needs):  # an action nobody declared
            return access.refusal or Refusal.FORBIDDEN
        # Django runs an action before its own change check: the page's read need and the action's.
        need = AllOf((access.read, *[n for n in action_needs if n is not None]))
    if need.met(who, kwargs):
        return None
    if access.refusal is not None:
        return access.refusal
    if not who.is_authenticated:
        return Refusal.LOGIN
    if need.met(RoleSubject(Role.MUNICIPAL), kwargs) and who.has_role(Role.UNCONFIRMED):
        return Refusal.MEMBERSHIPS
    return Refusal.FORBIDDEN


class RoleSubject:
    """A role as the matrix sees it: its permissions are the ones roles.py gives its group."""

    def __init__(self, role: Role) -> None:
        self.role = role

    @property
    def is_authenticated(self) -> bool:
        return self.role != Role.ANONYMOUS

    def has_role(self, role: Role) -> bool:
        return role == self.role

    def _grants(self, app_label: str) -> Mapping[str, tuple[str, ...]]:
        if self.role not in GROUP_ROLES:
            return {}
        return roles.ROLE_PERMISSIONS.get(str(self.role), {}).get(app_label, {})

    def has_perm(self, perm: str) -> bool:
        if self.role == Role.SUPERUSER:
            return True
        app_label, codename = perm.split(".", 1)
        action, model = codename.split("_", 1)
        models = self._grants(app_label)
        return action in models.get(model, models.get("*", ()))

    def has_module_perms(self, app_label: str) -> bool:
        return self.role == Role.SUPERUSER or any(self._grants(app_label).values())
