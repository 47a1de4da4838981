"""What is public at a moment: the one rule, for one measure and as a query.

A measure is public at moment T when it is published and its embargo (if any) has ended by T.
Nothing is ever shown earlier than it is public today: a moment in the future is read as now
(`public_moment`), so a question about "later today" or "as of today" cannot lift an embargo.

Everything that decides visibility uses these functions: the QuerySet's `published()`, the
history (`as_of`), the change log and its feeds, search, the explorer and the graph. They work
on measures and on their historical records alike (both have `is_published` and
`embargo_until`).
"""

import datetime

from django.db.models import Q
from django.utils import timezone


def public_moment(at: datetime.datetime | None = None) -> datetime.datetime:
    """The moment to judge at: `at`, but never later than now."""
    now = timezone.now()
    return now if at is None or at > now else at


def is_public(measure, at: datetime.datetime | None = None) -> bool:
    """Whether this measure (or historical record of one) is public at `at` (default: now)."""
    if measure is None or not measure.is_published:
        return False
    embargo = measure.embargo_until
    return embargo is None or embargo <= public_moment(at)


def public_later(measure, at: datetime.datetime | None = None) -> datetime.datetime | None:
    """When a published measure that is still under embargo at `at` becomes public (its
    embargo's end); None when it is public at `at` already, or not published at all."""
    if measure is None or not measure.is_published or is_public(measure, at):
        return None
    return measure.embargo_until


def public_q(at: datetime.datetime | None = None, prefix: str = "") -> Q:
    """`is_public` as a filter; `prefix` ("measure__") for a query across a relation."""
    return Q(**{f"{prefix}is_published": True}) & (
        Q(**{f"{prefix}embargo_until__isnull": True})
        | Q(**{f"{prefix}embargo_until__lte": public_moment(at)})
    )
