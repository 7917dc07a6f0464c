"""A publish, unpublish, move or delete in one process is found by another process's very
next search, without that process rebuilding its index (issue 8: fresh within a second,
incremental). Two real OS processes share a database of their own: a file on SQLite, a
fresh database on PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

WORKER = Path(__file__).with_name("freshness_worker.py")


class Worker:
    def __init__(self, database_url):
        env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )

    def __call__(self, *command):
        self.process.stdin.write(" ".join(command) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert "error" not in answer, answer["error"]
        return answer["ok"]

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def shared_database_url(tmp_path):
    """A database both workers use; the test runner's own lives inside a transaction."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    import psycopg

    name = f"{db['NAME']}_fresh"
    admin = dict(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None)
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def web_and_editor(shared_database_url):
    web, editor = Worker(shared_database_url), Worker(shared_database_url)
    assert editor("setup") == "ok"
    yield web, editor
    web.close()
    editor.close()


def codes(hits):
    return [hit["code"] for hit in hits]


def test_changes_reach_another_process_at_its_next_search(web_and_editor):
    web, editor = web_and_editor
    editor("publish", "XK-330521-0003", "普通护照签发")
    assert codes(web("search", "护照")) == ["XK-330521-0003"]  # first search: the one full build
    builds = web("builds")

    editor("publish", "XK-330521-0004", "往来港澳通行证签发")
    assert codes(web("search", "港澳通行证")) == ["XK-330521-0004"]
    assert web("wagtail", "港澳") == ["往来港澳通行证签发"]  # Wagtail's own search, same moment

    editor("retitle", "XK-330521-0003", "普通护照换发")
    assert [h["title"] for h in web("search", "护照")] == ["普通护照换发"]

    editor("move", "XK-330521-0003")
    assert "/moved/" in web("search", "护照换发")[0]["url"]

    editor("unpublish", "XK-330521-0004")
    assert web("search", "港澳通行证") == []

    editor("delete", "XK-330521-0003")
    assert web("search", "护照") == []

    assert web("builds") == builds, "a change made the other process rebuild its whole index"
