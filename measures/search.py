"""The Dutch full-text search engine for measures: from what a person types to a tsquery.

The document side lives in PostgreSQL (migration 0003_measure_search_vector): a stored
`Measure.search_vector`, kept current by triggers, of folded text (lower case, accents removed
by `migratieagenda_fold`) indexed twice: Dutch-stemmed and unstemmed ('simple').

The query side is here. User text is never handed to PostgreSQL as tsquery syntax: it is cut
into words (letters and digits) in Python, and each word becomes

    plainto_tsquery('dutch', fold(word))  ||  to_tsquery('simple', '''' || fold(word) || ''':*')

so a word matches by its Dutch stem ('terugkeren' → 'terugker' finds 'terugkeer',
'asielzoekers' finds 'asielzoeker') or as the beginning of a word ('inburg' finds
'inburgering'); a word ending in -s also by the stem of its singular ('procedures' finds
'procedure', which the Dutch stemmer alone misses). The words are ANDed; Dutch stop words
('van', 'de') are left out unless there is nothing else. Quotes, &, |, !, :, * and parentheses
are not letters, so they only separate words; since every word consists of letters and digits,
quoting it as a tsquery lexeme is safe. The whole query is a scalar subquery, computed once per
statement.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchQueryField
from django.db.models import BooleanField, Func, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# ts_headline's highlight markers: control characters, not HTML, so that the text can be
# escaped as a whole before the markers become <mark> elements (see highlight_snippet).
SNIPPET_START = "\x01"
SNIPPET_STOP = "\x02"

# A word: a run of letters and digits (Unicode-aware; the underscore is not a letter).
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE_S = re.compile(r"(?<=[^\W_])['’]s\b")


def search_words(text: str | None) -> list[str]:
    """The words of a search text, in order, without duplicates; [] when it has none."""
    if not text:
        return []
    # NFC first, so that 'coördinatie' typed with a combining diaeresis stays one word.
    text = unicodedata.normalize("NFC", text)
    # Marks left over (letters without a precomposed form) carry no meaning for the search.
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    # Dutch plurals and possessives with an apostrophe: "foto's", "Nederland’s" are one word.
    text = _APOSTROPHE_S.sub("", text)
    words = []
    for word in _WORD.findall(text):
        if word.lower() not in (w.lower() for w in words):
            words.append(word)
    return words


class Fold(Func):
    """migratieagenda_fold(text): lower case without accents, the same as the document's."""

    function = "migratieagenda_fold"
    output_field = TextField()


class _PrefixText(Func):
    """The tsquery text `'word':*` for one folded word (the word has letters and digits only)."""

    template = "'''' || %(expressions)s || ''':*'"
    output_field = TextField()


class _TsAnd(Func):
    """tsquery AND of its arguments; an empty tsquery (a stop word's) drops out."""

    arg_joiner = " && "
    template = "(%(expressions)s)"
    output_field = SearchQueryField()


class _UnlessStopWord(Func):
    """The word's query, or the empty tsquery when the word is a Dutch stop word.

    'terugkeer van asielzoekers' must not require a word starting with 'van': PostgreSQL's
    Dutch configuration knows the stop words ('van', 'de', 'het'), so it decides.
    """

    output_field = SearchQueryField()

    def as_sql(self, compiler, connection, **extra_context):
        stem, term = self.get_source_expressions()
        stem_sql, stem_params = compiler.compile(stem)
        term_sql, term_params = compiler.compile(term)
        sql = f"(CASE WHEN numnode({stem_sql}) = 0 THEN ''::tsquery ELSE {term_sql} END)"
        return sql, [*stem_params, *term_params]


class _UnlessEmpty(Func):
    """The first query unless it is empty (only stop words were typed), else the second."""

    output_field = SearchQueryField()

    def as_sql(self, compiler, connection, **extra_context):
        query, fallback = self.get_source_expressions()
        query_sql, query_params = compiler.compile(query)
        fallback_sql, fallback_params = compiler.compile(fallback)
        sql = f"COALESCE(NULLIF({query_sql}, ''::tsquery), {fallback_sql})"
        return sql, [*query_params, *fallback_params]


class _Once(Func):
    """A scalar subquery: PostgreSQL computes the query once per statement (an InitPlan), not
    once per row it checks, and can still use it as the GIN index's search key."""

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class Matches(Func):
    """`search_vector @@ query`, as a boolean expression to filter on."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def measure_search_query(words: list[str], *, once: bool = True):
    """The tsquery expression for a list of words (from search_words); None for no words.

    `once=False` leaves out the scalar subquery: every function in the expression is immutable,
    so PostgreSQL folds it into a constant while planning and can then estimate from the
    column's statistics how many rows match (behind the subquery it guesses a few). That lets
    it read a common word's first matches in code order from the code index and stop, where it
    would otherwise collect every match through the GIN index. Counting every match is the
    opposite case (the index's bitmap spares reading each search document), hence the default.
    """
    if not words:
        return None
    terms, prefixes = [], []
    for word in words:
        folded = Fold(Value(word))
        stem = SearchQuery(folded, config="dutch", search_type="plain")
        prefix = SearchQuery(_PrefixText(folded), config="simple", search_type="raw")
        term = stem | prefix
        if len(word) >= 5 and word[-1] in "sS":
            # The Dutch stemmer keeps the -s of plurals after a vowel ('procedures',
            # 'marechaussees'); the stem of the singular finds 'procedure'.
            term |= SearchQuery(Fold(Value(word[:-1])), config="dutch", search_type="plain")
        terms.append(_UnlessStopWord(stem, term))
        prefixes.append(prefix)
    # Only stop words ('de', 'van het'): then they are what the person looks for, as prefixes.
    query = _UnlessEmpty(_TsAnd(*terms), _TsAnd(*prefixes))
    return _Once(query) if once else query


class Headline(Func):
    """migratieagenda_headline(summary, query): the text with the matched words between the
    SNIPPET_START and SNIPPET_STOP markers, accents as written (see the migration)."""

    function = "migratieagenda_headline"
    output_field = TextField()


def highlight_snippet(text: str | None) -> SafeString:
    """Escape a snippet, then turn its highlight markers into <mark> elements.

    The order matters: escaping first makes a '<script>' in a title or summary plain text,
    while the markers (control characters that escaping leaves alone) become trusted HTML.
    """
    if not text:
        return mark_safe("")
    escaped = str(escape(text))
    html = []
    open_mark = False
    for char in escaped:
        if char == SNIPPET_START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif char == SNIPPET_STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif char not in (SNIPPET_START, SNIPPET_STOP):
            html.append(char)
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))  # safe: escaped above, only <mark> added


def strip_snippet_markers(text: str | None) -> str:
    """The snippet as plain text (for JSON or CSV): the markers removed."""
    return (text or "").replace(SNIPPET_START, "").replace(SNIPPET_STOP, "")
