"""The cross-link explorer (issue 7): matrices, route view and measure graph at /verbanden/."""
