"""Settings read the environment and refuse an insecure production start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def run_check(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "migratieagenda.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_refuses_to_start_and_names_the_variable():
    result = run_check({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_with_a_secret_key_passes_the_deployment_checks():
    result = run_check(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "migratieagenda.example",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr


def test_dutch_is_the_default_language_and_english_the_second(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]
    assert settings.TIME_ZONE == "Europe/Amsterdam"


@pytest.mark.django_db
def test_the_database_is_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"


def test_an_editors_session_lasts_a_working_day_and_ends_with_the_browser():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def _settings_written_more_than_once(source: str) -> list[str]:
    """Settings (UPPERCASE names) that the module assigns twice, or changes after defining them
    (an item assigned, a list or dict altered in place)."""
    import ast
    from collections import Counter

    tree = ast.parse(source)
    assigned = Counter()
    altered = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                assigned[target.id] += 1
            elif isinstance(target, ast.Subscript):
                altered.append(ast.unparse(target))
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            altered.append(node.target.id)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"append", "extend", "insert", "update", "setdefault", "pop"}
        ):
            owner = node.func.value
            while isinstance(owner, ast.Subscript):
                owner = owner.value
            if isinstance(owner, ast.Name) and owner.id.isupper():
                altered.append(ast.unparse(node.func))
    return sorted(name for name, count in assigned.items() if count > 1) + altered


def test_each_setting_is_defined_once_in_one_literal():
    source = (BASE_DIR / "migratieagenda" / "settings.py").read_text(encoding="utf-8")
    assert _settings_written_more_than_once(source) == []


def test_the_check_for_settings_written_twice_finds_each_way_of_doing_it():
    twice = 'A = 1\nif B:\n    A = 2\nC = {}\nC["x"] = 1\nD = []\nD.insert(0, "m")\nE = {}\nE["k"].setdefault("o", {})\n'
    assert _settings_written_more_than_once(twice) == [
        "A",
        "C['x']",
        "D.insert",
        "E['k'].setdefault",
    ]
