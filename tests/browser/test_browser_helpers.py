"""The shared browser helpers catch what they are meant to catch (so a passing page test means
something)."""

import pytest

from tests.browser.conftest import assert_no_sideways_scroll, axe_violations

pytestmark = pytest.mark.browser


def test_axe_reports_wcag_violations(page):
    page.set_content('<html><body><img src="x.png"><a href="/"></a></body></html>')
    rules = {violation["id"] for violation in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "link-name"} <= rules


def test_sideways_scroll_is_detected_at_phone_width(phone_page):
    phone_page.set_content('<html lang="nl"><body><pre>' + "x" * 400 + "</pre></body></html>")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_no_sideways_scroll(phone_page)
