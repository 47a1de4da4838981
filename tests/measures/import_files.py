"""Spreadsheet import files for the import tests: the columns, two good rows, a dataset.

The rows name the pillars, route stages and ministries of the `reference_data` fixture.
"""

import tablib

HEADERS = [
    "code",
    "slug",
    "title",
    "summary",
    "pillar",
    "other_pillars",
    "route_stages",
    "lead_ministry",
    "co_ministries",
    "status",
    "is_published",
]


def good_rows():
    return [
        [
            "4.20",
            "terugkeer-afspraken",
            "Terugkeerafspraken",
            "Afspraken met landen.",
            4,
            "1,2",
            "terugkeer,herkomst",
            "JenV",
            "BZ",
            "announced",
            1,
        ],
        [
            "4.21",
            "snellere-procedures",
            "Snellere procedures",
            "Sneller beslissen.",
            4,
            "",
            "",
            "jenv",
            "",
            "in_progress",
            0,
        ],
    ]


def dataset(rows, headers=HEADERS):
    return tablib.Dataset(*rows, headers=headers)
