"""Funding in the back office: programmes (import/export), guidelines (the rules as
data), grants with the rule check and the standard amount proposed, disbursements
only through funding.services.disbursement_create."""

from . import catalogue, grants, questions
from .grants import render_check

__all__ = ["catalogue", "grants", "questions", "render_check"]
