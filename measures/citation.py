"""How to cite a measure: one set of citation data, rendered as the page's text and as BibTeX,
RIS and CSL-JSON downloads, so that every form says the same thing.

The publisher (and institutional author) is this knowledge base, not the lead ministry: the
ministry did not write the page. The main source is the first cited source with an
official reference: that reference (a Kamerstuk number) is what a reader needs to find the
policy itself."""

import datetime
import json
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.canonical import absolute_url


@dataclass(frozen=True)
class CitationData:
    code: str
    title: str
    publisher: str
    url: str
    updated: datetime.date
    accessed: datetime.date
    reference: str  # the main source's official reference; "" when it has none
    source_title: str
    announced: datetime.date | None = None  # the policy clock: when it was announced

    @property
    def key(self) -> str:
        return f"migratieagenda-{self.code}".replace(".", "-")

    @property
    def full_title(self) -> str:
        return f"{self.code} {self.title}"


def measure_citation(measure, request=None) -> CitationData:
    """The citation data of a measure (as shown on its page, `for_detail()` prefetches)."""
    # The main source: the first cited source that has an official reference (citations come
    # oldest first, and the oldest is often the coalition agreement, which has none).
    sources = [citation.source for citation in measure.citations.all()]
    source = next((s for s in sources if s.reference), sources[0] if sources else None)
    return CitationData(
        code=measure.code,
        title=measure.localized("title"),  # the page's language; Dutch where no English exists
        publisher=_("Kennisbank integrale migratieagenda"),
        url=absolute_url(measure.get_absolute_url(), request),
        updated=timezone.localdate(measure.updated_at),
        announced=getattr(measure, "announced_on", None),
        accessed=timezone.localdate(),
        reference=source.reference if source else "",
        source_title=source.title if source else "",
    )


def as_text(data: CitationData) -> str:
    """The citation as a reader copies it into a note."""
    parts = [f"{data.publisher}, “{data.full_title}”"]
    parts.append(_("maatregel %(code)s") % {"code": data.code})
    # Both clocks, each labelled: the policy's date and this knowledge base's record date.
    if data.announced:
        parts.append(
            _("aangekondigd op %(date)s") % {"date": formats.date_format(data.announced, "j F Y")}
        )
    parts.append(
        _("tekst bijgewerkt %(date)s") % {"date": formats.date_format(data.updated, "j F Y")}
    )
    if data.reference:
        parts.append(_("bron: %(reference)s") % {"reference": data.reference})
    accessed = _("geraadpleegd op %(date)s") % {"date": formats.date_format(data.accessed, "j F Y")}
    return f"{', '.join(parts)}. {data.url} ({accessed})."


def _bibtex_escape(text: str) -> str:
    for char in "\\{}":
        text = text.replace(char, f"\\{char}")
    for char in "&%$#_":
        text = text.replace(char, f"\\{char}")
    return text


def as_bibtex(data: CitationData) -> str:
    fields = [
        # Double braces: an institution as author, not a "last, first" name.
        ("author", f"{{{_bibtex_escape(data.publisher)}}}"),
        ("title", _bibtex_escape(data.full_title)),
        ("publisher", _bibtex_escape(data.publisher)),
        ("year", str(data.updated.year)),
        ("date", data.updated.isoformat()),
        ("url", data.url),
        ("urldate", data.accessed.isoformat()),
    ]
    if data.reference:
        fields.append(("note", _bibtex_escape(data.reference)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{data.key},\n{body}\n}}\n"


def as_ris(data: CitationData) -> str:
    lines = [
        ("TY", "ELEC"),
        ("AU", data.publisher),
        ("TI", data.full_title),
        ("PB", data.publisher),
        ("PY", str(data.updated.year)),
        ("DA", data.updated.strftime("%Y/%m/%d")),
        ("UR", data.url),
        ("Y2", data.accessed.strftime("%Y/%m/%d")),
    ]
    if data.reference:
        lines.append(("N1", data.reference))
    lines.append(("ER", ""))
    # RIS: a two-letter tag, two spaces, a hyphen and a space; CRLF line ends.
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def _date_parts(date: datetime.date) -> dict:
    return {"date-parts": [[date.year, date.month, date.day]]}


def as_csl_json(data: CitationData) -> str:
    item = {
        "id": data.key,
        "type": "webpage",
        "title": data.full_title,
        "author": [{"literal": data.publisher}],
        "publisher": data.publisher,
        "container-title": data.publisher,
        "number": data.code,
        "URL": data.url,
        "issued": _date_parts(data.updated),
        "accessed": _date_parts(data.accessed),
    }
    if data.reference:
        item["references"] = data.reference
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


FORMATS = {
    # extension: (renderer, media type)
    "bib": (as_bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (as_ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (as_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
