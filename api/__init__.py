"""What every view of the REST API shares: errors, rendering, paging, conditional requests,
throttling and permissions. Settings (REST_FRAMEWORK) make these the defaults, so API views
added later (graph/, the editors' change feed) behave the same way."""
