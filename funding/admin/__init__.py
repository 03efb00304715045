"""Funding in the back office: programmes (import/export), guidelines (the rules as
data), grants with the rule check and the standard amount proposed, disbursements
only through funding.services.disbursement_create."""

from ..grantee import admin as grantee
from . import catalogue, grants, questions
from .grants import render_check

__all__ = ["catalogue", "grantee", "grants", "questions", "render_check"]
