"""The summary sentences at the top of /verbanden/, each with links to the measures behind it."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _join(items: list[SafeString]) -> SafeString:
    """'a', 'a en b', 'a, b en c' (each item already escaped)."""
    if len(items) <= 1:
        return format_html_join("", "{}", ((item,) for item in items))
    head = format_html_join(", ", "{}", ((item,) for item in items[:-1]))
    return format_html("{} {} {}", head, _("en"), items[-1])


def _link(url: str, text) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, text)


def summary_sentences(summary) -> list[tuple[str, SafeString]]:
    """(key, sentence) answering: which pillars share most, which ministry works on most
    pillars, which stage of the route has fewest measures, what measures depend on."""
    sentences = []

    if summary.top_pairs:
        pairs = []
        for index, cell in enumerate(summary.top_pairs):
            label = _("pijler %(a)s en %(b)s") % {
                "a": cell.pillar_a.number,
                "b": cell.pillar_b.number,
            }
            pairs.append(_link(cell.url, label[:1].upper() + label[1:] if index == 0 else label))
        text = ngettext(
            "{pairs} delen de meeste maatregelen ({count}).",
            "{pairs} delen elk de meeste maatregelen ({count}).",
            len(pairs),
        )
        sentence = format_html(text, pairs=_join(pairs), count=summary.top_pairs[0].count)
    else:
        sentence = _("Geen twee pijlers delen een maatregel in deze selectie.")
    sentences.append(("pillar-pair", sentence))

    if summary.top_ministries:
        names = [
            format_html(
                '<a href="{}"><abbr title="{}">{}</abbr></a>',
                url,
                ministry.display_name,
                ministry.abbreviation,
            )
            for ministry, _count, url in summary.top_ministries
        ]
        text = ngettext(
            "{names} werkt aan de meeste pijlers: {count} van de {total}.",
            "{names} werken elk aan de meeste pijlers: {count} van de {total}.",
            len(names),
        )
        sentence = format_html(
            text,
            names=_join(names),
            count=summary.top_ministries[0][1],
            total=summary.pillar_total,
        )
    else:
        sentence = _("Geen ministerie werkt aan maatregelen in deze selectie.")
    sentences.append(("ministry", sentence))

    if summary.quietest_stages:
        names = [_link(c.url, c.term.display_name) for c in summary.quietest_stages]
        text = ngettext(
            "De fase van de route met de minste maatregelen is {names} ({count}).",
            "De fasen van de route met de minste maatregelen zijn {names} (elk {count}).",
            len(names),
        )
        sentence = format_html(text, names=_join(names), count=summary.quietest_stages[0].count)
        sentences.append(("route-stage", sentence))

    if summary.dependent_count:
        text = ngettext(
            "{count} maatregel hangt af van een andere maatregel.",
            "{count} maatregelen hangen af van andere maatregelen.",
            summary.dependent_count,
        )
        parts = [format_html(text, count=summary.dependent_count)]
        # Name the measures with the most dependencies, unless that is a long list of ties.
        if len(summary.most_dependent) <= 3:
            for node, targets in summary.most_dependent:
                text = ngettext(
                    "Maatregel {code} hangt af van {count} andere maatregel: {links}.",
                    "Maatregel {code} hangt af van de meeste andere maatregelen ({count}): {links}.",
                    len(targets),
                )
                parts.append(
                    format_html(
                        text,
                        code=_link(node.url, node.code),
                        count=len(targets),
                        links=_join([_link(t.url, t.code) for t in targets]),
                    )
                )
        parts.append(_link("#afhankelijkheden", _("Waar elke maatregel van afhangt")))
        sentence = format_html_join(" ", "{}", ((part,) for part in parts))
    else:
        sentence = _("Geen maatregel in deze selectie hangt af van een andere.")
    sentences.append(("depends-on", sentence))
    return sentences
