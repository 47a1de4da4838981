# The editorial roles (groups Redacteuren and Hoofdredacteuren) and their members.
from tests.editorial.conftest import (  # noqa: F401
    chief_client,
    chief_editor,
    editor,
    editor_client,
    editorial_groups,
)
