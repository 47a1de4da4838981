"""`make lighthouse`: Lighthouse's accessibility, best-practices and SEO scores of the home page,
a measure page and the measures list, served as production serves them.

A throwaway database with the shipped agenda (load_agenda), hashed static files
(collectstatic) and gunicorn with the production settings on 127.0.0.1, plain HTTP (as
`make serve`). Lighthouse (pinned in the Makefile, installed into .tools/lighthouse/) drives
Debian's Chromium headless. Prints every score, and each audit that lost points; fails when
a score is below LIGHTHOUSE_MINIMUM (0.95).

Over plain http on 127.0.0.1 Lighthouse counts the site as secure (localhost), so the HTTPS
audits pass, and it marks `redirects-http` (HTTP to HTTPS) as not applicable: in production
SECURE_SSL_REDIRECT and HSTS cover them (`manage.py check --deploy`).

    .venv/bin/python bench/lighthouse.py
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    HOST,
    PEERS,
    ROOT,
    Processes,
    app_env,
    collect_static,
    create_database,
    drop_database,
    fetch,
    free_port,
    log,
    manage,
    prepare_database,
    server_url,
    start_gunicorn,
    stop_on_signals,
)

LIGHTHOUSE = ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CATEGORIES = ("accessibility", "best-practices", "seo")
MINIMUM = float(os.environ.get("LIGHTHOUSE_MINIMUM", "0.95"))
DATABASE = "migratieagenda_lighthouse"
PAGES = {
    "home": "/",
    "measure": "/maatregelen/nieuw-inburgeringsstelsel-wet-inburgering-2021/",
    "list": "/maatregelen/",
    "measure (English)": "/en/maatregelen/nieuw-inburgeringsstelsel-wet-inburgering-2021/",
}


def audit(url: str, report: Path) -> dict:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=300,
    )
    return json.loads(report.read_text())


def lost_points(result: dict) -> list[str]:
    """The audits that count towards a category's score and did not pass fully."""
    lines = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            found = result["audits"][ref["id"]]
            if ref["weight"] and found["score"] is not None and found["score"] < 1:
                lines.append(f"    {category}: {ref['id']} ({found['score']}) {found['title']}")
    return lines


def not_applicable(result: dict) -> set[str]:
    """Best-practices and SEO audits that do not apply here (accessibility's are many and only
    mean that a page has no such element)."""
    return {
        ref["id"]
        for category in ("best-practices", "seo")
        for ref in result["categories"][category]["auditRefs"]
        if result["audits"][ref["id"]]["scoreDisplayMode"] == "notApplicable"
    }


def main() -> int:
    if not LIGHTHOUSE.exists():
        log(f"{LIGHTHOUSE} is missing: run `make lighthouse` (it installs the pinned version)")
        return 2
    stop_on_signals()
    PEERS.mkdir(parents=True, exist_ok=True)
    base = server_url()
    url = create_database(base, DATABASE)
    failed = False
    try:
        env = app_env(
            url, DJANGO_SETTINGS_MODULE="migratieagenda.settings", DJANGO_SECURE_COOKIES="0"
        )
        prepare_database(env)
        manage(env, "load_agenda")
        collect_static(env)
        with (
            Processes(PEERS / "logs") as processes,
            tempfile.TemporaryDirectory(prefix="lighthouse-") as reports,
        ):
            port = free_port()
            start_gunicorn(processes, "gunicorn-lighthouse", env, port)
            origin = f"http://{HOST}:{port}"
            log(f"{'page':<20}" + "".join(f"{c:>16}" for c in CATEGORIES))
            inapplicable = set()
            for name, path in PAGES.items():
                if (status := fetch(origin + path).status) != 200:
                    log(f"FAIL {path} answered {status}")
                    return 1
                result = audit(origin + path, Path(reports) / "report.json")
                scores = [result["categories"][c]["score"] for c in CATEGORIES]
                failed |= any(score is None or score < MINIMUM for score in scores)
                log(f"{name:<20}" + "".join(f"{score:>16.2f}" for score in scores))
                for line in lost_points(result):
                    log(line)
                inapplicable |= not_applicable(result)
            log(
                "best practices and SEO not applicable here: "
                + (", ".join(sorted(inapplicable)) or "none")
            )
    finally:
        drop_database(base, DATABASE)
    if failed:
        log(f"FAIL: a score is below {MINIMUM}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
