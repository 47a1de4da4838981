"""The Rijkshuisstijl Community CSS the site uses: the pinned version, with its licence, and
only the button's rules (tools/vendor_css.py copies them; `make vendor-css`)."""

import re
from pathlib import Path

from django.conf import settings

from tools.vendor_css import extract

ROOT = Path(settings.BASE_DIR)
VENDORED = ROOT / "static" / "vendor" / "rijkshuisstijl-community"


def test_the_vendored_button_is_the_pinned_version_with_its_licence():
    pinned = re.search(r"^RHC_CSS_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    css = (VENDORED / "button.css").read_text()
    assert css.startswith(f"/* @rijkshuisstijl-community/components-css {pinned.group(1)}, EUPL")
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (VENDORED / "LICENSE.md").read_text()


def test_only_the_rules_of_the_classes_the_templates_use_are_vendored():
    css = (VENDORED / "button.css").read_text()
    assert len(css.encode()) < 20_000  # the whole stylesheet is some 350 kB
    vendored = set(re.findall(r"\.(utrecht-[a-z-]+)", css))
    used = {
        name
        for template in (ROOT / "templates").rglob("*.html")
        for classes in re.findall(r'class="([^"]*)"', template.read_text())
        for name in classes.split()
        if name.startswith("utrecht-")
    }
    assert used == {"utrecht-button", "utrecht-button--primary-action"}
    assert used <= vendored
    assert {name.split("--")[0] for name in vendored} == {"utrecht-button"}


def test_the_copy_keeps_the_chosen_rules_also_inside_media_queries_and_nothing_else():
    source = (
        ".utrecht-button{color:red}.utrecht-textbox{color:blue}"
        "@media (forced-colors: active){.utrecht-button{color:ButtonText}.x{color:red}}"
        "@media print{.utrecht-table{color:red}}"
        ".utrecht-button--primary-action{--a: var(--b, var(--c))}"
    )
    assert extract(source) == (
        ".utrecht-button{color:red}\n"
        "@media (forced-colors: active){.utrecht-button{color:ButtonText}}\n"
        ".utrecht-button--primary-action{--a: var(--b, var(--c))}\n"
    )
