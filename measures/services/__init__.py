"""The one write path for measures and their parts (see measures.services.measures)."""

from measures.services.measure_data import measure_create, measure_update
from measures.services.measures import (
    LEAD_REQUIRED,
    PUBLICATION_FIELDS,
    SYSTEM,
    PublicationDenied,
    StaleMeasure,
    can_publish,
    lead_ministry_problem,
    measure_correct,
    measure_delete,
    measure_responsibilities_replace,
    measure_save,
    measure_set_published,
    measure_set_status,
    status_reason_problem,
)

__all__ = [
    "LEAD_REQUIRED",
    "PUBLICATION_FIELDS",
    "SYSTEM",
    "PublicationDenied",
    "StaleMeasure",
    "can_publish",
    "lead_ministry_problem",
    "measure_correct",
    "measure_create",
    "measure_delete",
    "measure_responsibilities_replace",
    "measure_save",
    "measure_set_published",
    "measure_set_status",
    "measure_update",
    "status_reason_problem",
]
