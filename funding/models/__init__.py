"""The models of the funding app, in three modules: the catalogue of programmes,
guidelines and the Förderlotse's questions (`catalogue`), the grants and their payments
(`grants`), and the municipality's payment requests and proofs of use (`claims`).
Everything is importable from here."""

from .catalogue import (
    GUIDELINE_DATES,
    AidKind,
    Eligibility,
    FunderLevel,
    FunderQuestion,
    FundingArea,
    FundingGuideline,
    Programme,
)
from .claims import ClaimStatus, PaymentRequest, ProofOfUse, ProofReminder
from .grants import (
    APPROVED_ABOVE_APPLIED,
    APPROVED_AMOUNT_MISSING,
    BUDGET_YEAR_RANGE,
    NEGATIVE_AMOUNT,
    POSITIVE_AMOUNT,
    Disbursement,
    Grant,
    GrantQuerySet,
)

__all__ = [
    "APPROVED_ABOVE_APPLIED",
    "APPROVED_AMOUNT_MISSING",
    "BUDGET_YEAR_RANGE",
    "GUIDELINE_DATES",
    "NEGATIVE_AMOUNT",
    "POSITIVE_AMOUNT",
    "AidKind",
    "ClaimStatus",
    "Disbursement",
    "Eligibility",
    "FunderLevel",
    "FunderQuestion",
    "FundingArea",
    "FundingGuideline",
    "Grant",
    "GrantQuerySet",
    "PaymentRequest",
    "Programme",
    "ProofOfUse",
    "ProofReminder",
]
