"""Use-case reads: what pages, the API, the admin and the feeds show, each a function here.

- `measures`: the public list and detail, the list's facets, status breakdowns, the policy
  timeline, and what a measure's own page groups (links, ministries by role);
- `pillars`: the home page's overview and a pillar's page;
- `ministries`: the ministry list with counts and a ministry's page;
- `sources`: sources with the number of public measures citing them;
- `versioning`: the content version behind ETags, Last-Modified and cache keys.

The package exports every one of them (`from measures.selectors import measure_facets`); the
modules sort them by what they read. `as_of` reads live in measures/history.py, the search in
measures/search.py, and the shared FilterSet in measures/filters.py.
"""

from measures.selectors.measures import (
    TOTAL,
    Facet,
    FacetOption,
    LinkGroup,
    StatusCount,
    measure_detail_public,
    measure_facet_counts,
    measure_facet_counts_per_version,
    measure_facets,
    measure_link_groups,
    measure_list_filtered,
    measure_list_public,
    measure_responsibilities_by_role,
    policy_steps_public,
    policy_timeline,
    status_breakdown,
)
from measures.selectors.ministries import (
    PillarGroup,
    RoleGroup,
    ministry_detail_public,
    ministry_list_with_counts,
    ministry_measures_by_role,
    ministry_status_breakdowns,
)
from measures.selectors.pillars import (
    PillarOverview,
    PillarSummary,
    pillar_first_measures,
    pillar_list_with_counts,
    pillar_measures_public,
    pillar_ministries_involved,
    pillar_overview,
    pillar_summary,
    pillar_timeline,
)
from measures.selectors.sources import source_list_with_counts
from measures.selectors.versioning import ContentVersion, content_version

__all__ = [
    "TOTAL",
    "ContentVersion",
    "Facet",
    "FacetOption",
    "LinkGroup",
    "PillarGroup",
    "PillarOverview",
    "PillarSummary",
    "RoleGroup",
    "StatusCount",
    "content_version",
    "measure_detail_public",
    "measure_facet_counts",
    "measure_facet_counts_per_version",
    "measure_facets",
    "measure_link_groups",
    "measure_list_filtered",
    "measure_list_public",
    "measure_responsibilities_by_role",
    "ministry_detail_public",
    "ministry_list_with_counts",
    "ministry_measures_by_role",
    "ministry_status_breakdowns",
    "pillar_first_measures",
    "pillar_list_with_counts",
    "pillar_measures_public",
    "pillar_ministries_involved",
    "pillar_overview",
    "pillar_summary",
    "pillar_timeline",
    "policy_steps_public",
    "policy_timeline",
    "source_list_with_counts",
    "status_breakdown",
]
