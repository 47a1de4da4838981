"""A measure's code: how people cite it ("4.3"), and how it sorts (4.10 after 4.9).

The pattern is enforced by the `measure_code_format` constraint, which is built from
`CODE_REGEX`; every other check (forms, API, import, search) uses `is_measure_code`. The order
is `code_sort_key` in Python and `code_order_expression()` in SQL (the generated column
`Measure.code_order`, which lists and the database sort by).
"""

import re

from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

# A pillar number (1–6), a dot, a sequence number of one to three digits.
CODE_REGEX = r"^[1-6]\.[0-9]{1,3}$"
CODE_PATTERN = re.compile(CODE_REGEX)
CODE_MESSAGE = _("Een code is een pijlernummer, een punt en een volgnummer, zoals 4.3.")


def is_measure_code(value) -> bool:
    return bool(CODE_PATTERN.match(str(value or "").strip()))


def code_sort_key(code: str) -> tuple[int, int]:
    """(pillar, number), as the generated column `code_order` sorts: 4.9 before 4.10."""
    pillar, _dot, number = str(code).partition(".")
    if pillar.isdigit() and number.isdigit():
        return (int(pillar), int(number))
    return (99, 0)


def _code_number(position: int):
    return Cast(
        models.Func(
            models.F("code"), models.Value("."), models.Value(position), function="split_part"
        ),
        models.IntegerField(),
    )


def code_order_expression():
    """`code_sort_key` as SQL: pillar × 1000 + number, NULL for a code of another shape."""
    return models.Case(
        models.When(
            code__regex=r"^[0-9]+\.[0-9]+$",
            then=_code_number(1) * 1000 + _code_number(2),
        ),
        default=None,
    )
