"""Backup and restore: a populated instance round-trips through one archive, database and files."""

import tarfile

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from guides.models import Material, ServiceItemPage
from portal.backup import BackupError, create_backup, restore_backup
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    """Flushing and restoring inside a test's transaction renumbers content types; the rollback
    puts the old numbers back, so the process's cache must forget the ones in between."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def file_roots(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "private" / "cases" / "2026").mkdir(parents=True)
    (tmp_path / "private" / "cases" / "2026" / "id-card.pdf").write_bytes(b"%PDF-1.4 applicant upload")
    (tmp_path / "media" / "documents").mkdir(parents=True)
    (tmp_path / "media" / "documents" / "form.docx").write_bytes(b"blank form")
    return tmp_path


@pytest.fixture
def populated(structure):
    dept = factories.department("县民政局", "mzj")
    factories.service_item("婚姻登记", "XK-330521-0101", dept, materials=[("户口簿", True, ""), ("身份证", True, "")])
    factories.service_item("收养登记", "XK-330521-0102", dept)
    User.objects.create_user("editor", password="Zwfw-Demo-2026", first_name="编辑")


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", flat=True)),
        "items": sorted(ServiceItemPage.objects.values_list("item_code", "title", "live")),
        "materials": sorted(Material.objects.values_list("page__item_code", "name")),
        "users": sorted(User.objects.values_list("username", "first_name")),
    }


def settle_deferred_checks():
    """PostgreSQL refuses to TRUNCATE (flush) a table whose rows still have deferred foreign-key
    checks pending in the transaction, and this test writes and flushes inside one transaction
    (the test's). A real restore runs on a freshly migrated database with nothing pending. Run
    the pending checks now, then defer again for loaddata, which relies on deferral."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def wipe(file_roots):
    settle_deferred_checks()
    call_command("flush", "--no-input", verbosity=0)  # leaves what migrate creates, as a new instance has
    settle_deferred_checks()
    for path in sorted(file_roots.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_round_trip_of_a_populated_instance(populated, file_roots, tmp_path_factory):
    before = snapshot()
    archive = tmp_path_factory.mktemp("backup") / "portal.tar.gz"
    manifest = create_backup(archive)
    assert set(manifest["files"]) == {"private/cases/2026/id-card.pdf", "media/documents/form.docx"}

    wipe(file_roots)
    assert snapshot()["items"] == []
    restore_backup(archive)

    assert snapshot() == before
    assert (file_roots / "private" / "cases" / "2026" / "id-card.pdf").read_bytes() == b"%PDF-1.4 applicant upload"
    assert (file_roots / "media" / "documents" / "form.docx").read_bytes() == b"blank form"
    assert User.objects.get(username="editor").check_password("Zwfw-Demo-2026")


def test_restore_refuses_an_instance_that_has_data(populated, file_roots, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    create_backup(archive)
    with pytest.raises(BackupError, match="已有数据"):
        restore_backup(archive)


def test_a_crafted_archive_cannot_write_outside_the_file_roots(file_roots, tmp_path):
    import io
    import json

    call_command("flush", "--no-input", verbosity=0)
    archive = tmp_path / "evil.tar.gz"
    manifest = json.dumps({"format": 1, "database": "x", "files": {"private/../../etc/passwd": "x"}}).encode()
    with tarfile.open(archive, "w:gz") as tar:
        for name, raw in (("manifest.json", manifest), ("database.json", b"[]")):
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    with pytest.raises(BackupError):
        restore_backup(archive)


def test_restore_command_gives_a_chinese_error_for_a_file_that_is_not_a_backup(db, tmp_path):
    call_command("flush", "--no-input", verbosity=0)
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore_portal", str(bogus))
