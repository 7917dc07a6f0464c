"""Backup and restore of a whole portal instance (docs/deployment.md, 备份与恢复).

One archive holds the database (Django's serialised data with the original primary keys, content
types included, so it restores on SQLite or PostgreSQL alike), the applicants' private uploads and the editors' public media, and a
manifest with a checksum per file. Restoring refuses an instance that already holds data: it is
for bringing a lost machine back, not for merging two sites.

Derived tables (search indexes, sessions, the task queue) are left out and rebuilt after restore.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction

FORMAT_VERSION = 1
# Derived or transient data: rebuilt (search indexes) or meaningless on another machine.
EXCLUDED = [
    "sessions",
    "wagtailsearch.indexentry",
    "django_tasks_database",
    "axes",
    "search.searchdocument",
    "search.indexstate",
    "django_rq",
]


class BackupError(Exception):
    """The archive cannot be restored here; the message says why, in Chinese."""


def _file_roots():
    return {"private": Path(settings.PRIVATE_MEDIA_ROOT), "media": Path(settings.MEDIA_ROOT)}


def _installed(label):
    try:
        (apps.get_model(label) if "." in label else apps.get_app_config(label))
    except LookupError:
        return False
    return True


def _excluded():
    """Labels to leave out that exist here (an app that is not installed has nothing to dump)."""
    return [label for label in EXCLUDED + list(getattr(settings, "BACKUP_EXCLUDE", [])) if _installed(label)]


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(archive_path):
    """Write the archive; returns the manifest (counts and checksums)."""
    archive_path = Path(archive_path)
    with tempfile.TemporaryDirectory() as workdir:
        data_file = Path(workdir) / "database.json"
        call_command(
            "dumpdata", "--indent", "0",
            *[f"--exclude={label}" for label in _excluded()], output=str(data_file), verbosity=0,
        )
        manifest = {"format": FORMAT_VERSION, "database": _sha256(data_file), "files": {}}
        with tarfile.open(archive_path, "w:gz") as tar:
            tar.add(data_file, arcname="database.json")
            for prefix, root in _file_roots().items():
                if not root.exists():
                    continue
                for path in sorted(p for p in root.rglob("*") if p.is_file()):
                    name = f"{prefix}/{path.relative_to(root).as_posix()}"
                    manifest["files"][name] = _sha256(path)
                    tar.add(path, arcname=name)
            raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return manifest


def instance_is_empty():
    """Only what `migrate` creates: Wagtail's root and welcome pages, no accounts."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    return not get_user_model().objects.exists() and Page.objects.count() <= 2


def _safe_member_target(name, roots):
    """Where an archived file goes; refuses absolute paths and '..' (a crafted archive)."""
    parts = PurePosixPath(name).parts
    if not parts or parts[0] not in roots or ".." in parts or PurePosixPath(name).is_absolute():
        raise BackupError(f"备份文件中的路径不合法：{name}")
    return roots[parts[0]].joinpath(*parts[1:])


def _read_manifest(tar):
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError, TypeError) as error:
        raise BackupError("备份文件缺少有效的 manifest.json，可能不是本系统生成的备份。") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"备份格式版本 {manifest.get('format')} 与本系统（{FORMAT_VERSION}）不符。")
    return manifest


def _split_content_types(data_file, workdir):
    """The dump as two fixtures: content types and permissions, then everything else."""
    rows = json.loads(data_file.read_text(encoding="utf-8"))
    first_models = {"contenttypes.contenttype", "auth.permission"}
    parts = []
    for name, selected in (("types", [r for r in rows if r["model"] in first_models]),
                           ("rest", [r for r in rows if r["model"] not in first_models])):
        part = workdir / f"{name}.json"
        part.write_text(json.dumps(selected, ensure_ascii=False), encoding="utf-8")
        parts.append(part)
    return parts


def restore_backup(archive_path):
    """Restore into an empty, migrated instance: all of it or (on any error) none of the data."""
    if not instance_is_empty():
        raise BackupError("目标实例已有数据（账户或页面），拒绝恢复。请在全新迁移的空数据库上恢复。")
    try:
        tar = tarfile.open(archive_path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"无法读取备份文件：{error}") from error
    with tar, tempfile.TemporaryDirectory() as workdir:
        manifest = _read_manifest(tar)
        roots = _file_roots()
        data_file = Path(workdir) / "database.json"
        data_file.write_bytes(tar.extractfile("database.json").read())
        if _sha256(data_file) != manifest["database"]:
            raise BackupError("数据库部分校验失败，备份文件已损坏。")
        targets = {name: _safe_member_target(name, roots) for name in manifest["files"]}
        with transaction.atomic():
            # The rows `migrate` created (content types, root page, default site) give way to the
            # backup's, which keep their primary keys: every reference in the data stays valid.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            # Content types first: signal handlers that run while the rest loads (search and
            # reference indexing) look them up and would otherwise create them under new keys.
            for part in _split_content_types(data_file, Path(workdir)):
                call_command("loaddata", str(part), verbosity=0)
        # The process's content-type cache still holds the ids `migrate` had given.
        ContentType.objects.clear_cache()
        for name, target in targets.items():
            member = tar.extractfile(name)
            if member is None:
                raise BackupError(f"备份文件缺少文件：{name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(member.read())
            if _sha256(target) != manifest["files"][name]:
                raise BackupError(f"文件校验失败：{name}")
    return manifest
