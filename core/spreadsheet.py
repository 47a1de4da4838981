"""Cells a spreadsheet would run as a formula, made inert for every CSV and XLSX export.

OWASP's advice against CSV injection: a text that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading single quote, which spreadsheets show as text and do not
evaluate. Only texts change; numbers (a negative one included) and JSON never pass through here.
An import takes the quote off again (``restore_formula_text``), so export then import changes
nothing.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def neutralised_row(row) -> list:
    return [neutralise_formula(value) for value in row]


def restore_formula_text(value):
    """The value as it was before ``neutralise_formula``: the inverse, for imports."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
