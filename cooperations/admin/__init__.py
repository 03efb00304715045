"""The case desk of the back office, one module per concern: the case list and page
with its status buttons and bulk actions (`case`), how it saves (`saving`), its list
filters (`filters`), the rows of the case page (`inlines`), the forms of its intermediate pages (`forms`), and
the lists of a case's activities, messages, documents and history (`rows`). The
Eingang and the start page are the `desk` package. Every write goes through
cooperations.services (and funding.services)."""

from . import case, rows

__all__ = ["case", "rows"]
