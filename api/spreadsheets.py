"""Spreadsheet representations of API lists: XLSX, and CSV for a Dutch-locale Excel.

Both take the rows the CSV writer gets, so a spreadsheet always has the CSV's columns. Text
stays text in XLSX (a code such as 4.10 must not become the number 4.1), and text that starts
with ``=`` is never turned into a formula.
"""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rest_framework.renderers import BaseRenderer

from api.errors import invalid_parameter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ?delimiter= on CSV: Excel in a Dutch locale splits on ";" (the comma is the decimal mark).
CSV_DELIMITERS = {"comma": ",", "semicolon": ";"}
DELIMITER_PARAMETER = "delimiter"


def csv_delimiter(request) -> str:
    """The field separator asked for with ``?delimiter=``; a 400 naming it when unknown.

    Like ``page_size`` for CSV, it is accepted with every format and shapes only the one it
    belongs to (JSON and XLSX have no separator): OpenAPI cannot state "only with format=csv".
    """
    value = request.query_params.get(DELIMITER_PARAMETER, "comma")
    if value not in CSV_DELIMITERS:
        allowed = ", ".join(CSV_DELIMITERS)
        raise invalid_parameter(
            DELIMITER_PARAMETER, f"Unknown delimiter '{value}'. Allowed: {allowed}."
        )
    return CSV_DELIMITERS[value]


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=None)
    if value is None or value == "":
        return cell
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # openpyxl reads a leading "=" as a formula; a cell of ours is always plain text.
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def xlsx_bytes(header, rows, *, title: str = "data") -> bytes:
    """One worksheet: the header row, then the rows, text kept as text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class XlsxRenderer(BaseRenderer):
    """Selected by ``format=xlsx`` or ``Accept: <XLSX_MEDIA_TYPE>``.

    Like the CSV renderer, it takes part in content negotiation; the views build the workbook
    from their CSV rows (``xlsx_bytes``), and a plain list of flat dicts renders here.
    """

    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        header = list(rows[0]) if rows else []
        return xlsx_bytes(header, [[row.get(name) for name in header] for row in rows])
