"""The grant box of the municipality's case page: one grant's payment requests and
proofs of use out of what funding.grantee.selectors.grant_claims read for the case."""

from __future__ import annotations

from typing import Any

from django import template

from funding.grantee.selectors import GrantClaims
from funding.models import Grant

register = template.Library()


@register.simple_tag
def grant_claims_of(claims: GrantClaims | None, grant: Grant) -> dict[str, Any]:
    return claims.for_grant(grant) if claims is not None else {}
