"""The content version: a fingerprint of the public content that costs one indexed read."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import get_language

from core.cache import versioned_memo


@dataclass(frozen=True)
class ContentVersion:
    """A fingerprint of the public content; changes whenever any of it does."""

    key: str
    last_modified: datetime.datetime | None


# One indexed read: the counter every content write bumps in its own transaction (core's
# ContentVersion, kept by statement triggers), and the latest embargo that has ended, since an
# embargo's end changes what is public without any write (index measure_embargo_until).
CONTENT_VERSION_SQL = """
SELECT v.version, v.changed_at,
       (SELECT max(embargo_until) FROM measures_measure
         WHERE embargo_until <= now() AND is_published)
  FROM core_contentversion v WHERE v.id = 1
"""


def content_version() -> ContentVersion:
    """The content version behind ETags, Last-Modified and cache keys: one query, O(1)."""
    with connection.cursor() as cursor:
        cursor.execute(CONTENT_VERSION_SQL)
        return content_version_from_row(cursor.fetchone())


def content_version_from_row(row) -> ContentVersion:
    """The version from CONTENT_VERSION_SQL's row (which another statement may also select)."""
    if row is None or row[0] is None:
        # A database without the core migration's row: nothing to version yet.
        return ContentVersion(key="0", last_modified=None)
    version, changed_at, embargo_ended = row
    last_modified = max(moment for moment in (changed_at, embargo_ended) if moment is not None)
    return ContentVersion(
        key=f"{version}:{embargo_ended.isoformat() if embargo_ended else '-'}",
        last_modified=last_modified,
    )


def kept_per_version(kind: str, parts, compute):
    """``compute()``, computed once per content version, language and `parts` (the strings
    naming what else it depends on) and kept in the versioned cache (core.cache.versioned_memo).

    For summaries whose cost grows with the agenda (a list's facets, the home overview, a
    pillar's figures): a content write or an ended embargo changes the version, so the next
    request computes them afresh. The language is part of the key: summaries hold labels.
    """
    return versioned_memo(kind, content_version(), [get_language() or "", *parts], compute)
