"""Copies the few rules the site uses from the Rijkshuisstijl Community's components CSS
(`@rijkshuisstijl-community/components-css`, EUPL-1.2) into static/vendor/, with its licence.

`make vendor-css` unpacks the pinned package into .tools/ and runs this; the site never fetches
anything at run time. Only the button (base, states and primary action) is taken: the whole
stylesheet is 350 kB, and the components' look comes from design tokens (CSS custom
properties) that static/css/site.css sets to the site's own colours.

    python tools/vendor_css.py .tools/rhc/package static/vendor/rijkshuisstijl-community
"""

import json
import shutil
import sys
from pathlib import Path

# Selectors taken whole (a rule is kept when its selector list is exactly one of these).
SELECTORS = [
    ".utrecht-button",
    ".utrecht-button:disabled,.utrecht-button--disabled",
    ".utrecht-button--focus-visible",
    ".utrecht-button--focus:not(.utrecht-button--disabled)",
    ".utrecht-button:focus-visible",
    ".utrecht-button:focus:not(:disabled,[aria-disabled=true],.utrecht-button--disabled)",
    ".utrecht-button--hover:not(:disabled,.utrecht-button--disabled),"
    ".utrecht-button:hover:not(:disabled,[aria-disabled=true],.utrecht-button--disabled)",
    ".utrecht-button:active:not(:disabled,[aria-disabled=true],.utrecht-button--disabled),"
    ".utrecht-button--active",
    ".utrecht-button--primary-action",
]


def blocks(css: str):
    """(prelude, body) of each top-level rule or at-rule of a minified stylesheet."""
    start = 0
    while (brace := css.find("{", start)) >= 0:
        depth, end = 1, brace + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        yield css[start:brace].strip(), css[brace + 1 : end - 1]
        start = end


def extract(css: str) -> str:
    kept = []
    for prelude, body in blocks(css):
        if prelude in SELECTORS:
            kept.append(f"{prelude}{{{body}}}")
        elif prelude.startswith("@media"):
            inner = [f"{p}{{{b}}}" for p, b in blocks(body) if p in SELECTORS]
            if inner:
                kept.append(f"{prelude}{{{''.join(inner)}}}")
    return "\n".join(kept) + "\n"


def main(package: Path, target: Path) -> None:
    version = json.loads((package / "package.json").read_text())["version"]
    rules = extract((package / "dist" / "index.css").read_text(encoding="utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    header = (
        f"/* @rijkshuisstijl-community/components-css {version}, EUPL-1.2 (LICENSE.md beside"
        " this file): the button only, copied by tools/vendor_css.py. Do not edit. */\n"
    )
    (target / "button.css").write_text(header + rules, encoding="utf-8")
    shutil.copyfile(package / "LICENSE.md", target / "LICENSE.md")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
