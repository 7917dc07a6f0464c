"""Upload rules: content-checked types, size limits, sanitised names, nothing saved on rejection."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from casework.models import CaseMaterial
from online_apply import uploads
from tests import factories

from . import citizen_factories
from .citizen_factories import (
    ELF_BYTES,
    HTML_BYTES,
    PDF_BYTES,
    PE_BYTES,
    applicant_data,
    citizen,
    pdf,
    stored_files,
)

# The shared fixture, bound to a name here so pytest finds it in this module.
private_root = citizen_factories.private_root
pytestmark = pytest.mark.django_db


@pytest.fixture
def item(structure):
    return factories.service_item(materials=(("申请表", True, ""), ("户口簿", True, ""), ("其他证明", False, "有则提供")))


@pytest.fixture
def case(client, item):
    client.force_login(citizen())
    client.post(reverse("online_apply:start", args=[item.item_code]), applicant_data())
    return item.cases.get()


def upload(client, case, name, upload_file):
    material = case.item.materials.get(name=name)
    return client.post(reverse("online_apply:step", args=[case.pk, 2]), {f"file_m{material.pk}": upload_file})


def big_temp_file(tmp_path, size, head=b"%PDF-1.4\n", tail=b"\n%%EOF\n"):
    """A sparse file of `size` bytes (no real disk use), wrapped as Django's streamed upload."""
    path = tmp_path / "big.pdf"
    with path.open("wb") as f:
        f.write(head)
        f.seek(size - len(tail))
        f.write(tail)
    temp = TemporaryUploadedFile("big.pdf", "application/pdf", size, None)
    with path.open("rb") as src:
        while chunk := src.read(1024 * 1024):
            temp.write(chunk)
    temp.seek(0)
    return temp


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (ELF_BYTES, "setup.pdf"),
        (PE_BYTES, "invoice.pdf"),
        (HTML_BYTES, "page.pdf"),
        (b"%PDF-1.4\nno trailer here", "truncated.pdf"),
        (b"GIF89a" + b"\x00" * 50, "photo.png"),
    ],
)
def test_content_not_extension_decides(client, case, private_root, content, name):
    response = upload(client, case, "申请表", SimpleUploadedFile(name, content))
    assert response.status_code == 400
    html = response.content.decode()
    assert "只接受 PDF、JPG、PNG" in html or "PDF 文件不完整" in html
    assert not CaseMaterial.objects.exists() and stored_files(private_root) == []


def test_empty_file_rejected(client, case, private_root):
    response = upload(client, case, "申请表", SimpleUploadedFile("empty.pdf", b""))
    assert response.status_code == 400 and "文件为空" in response.content.decode()
    assert not CaseMaterial.objects.exists() and stored_files(private_root) == []


def test_oversize_file_rejected(case, private_root, tmp_path):
    material = case.item.materials.get(name="申请表")
    slot = uploads.Slot.for_material(material)
    rows, errors = uploads.accept_uploads(case, {slot: big_temp_file(tmp_path, uploads.MAX_FILE_BYTES + 1)})
    assert rows == [] and "超过单个文件" in errors[slot.key]
    assert not CaseMaterial.objects.exists() and stored_files(private_root) == []


def test_file_of_exactly_20mb_is_streamed_and_hashed(case, private_root, tmp_path):
    import hashlib

    material = case.item.materials.get(name="申请表")
    temp = big_temp_file(tmp_path, uploads.MAX_FILE_BYTES)
    expected = hashlib.sha256(open(temp.temporary_file_path(), "rb").read()).hexdigest()
    rows, errors = uploads.accept_uploads(case, {uploads.Slot.for_material(material): temp})
    assert errors == {}
    assert rows[0].size == uploads.MAX_FILE_BYTES and rows[0].sha256 == expected


def test_traversal_name_stored_under_uuid_and_sanitised(client, case, private_root):
    response = upload(client, case, "申请表", SimpleUploadedFile("../../etc/passwd\x07\u202e.pdf", PDF_BYTES))
    assert response.status_code == 302
    row = CaseMaterial.objects.get()
    assert row.original_name == "passwd.pdf"
    stored = stored_files(private_root)
    assert len(stored) == 1 and stored[0].is_relative_to(private_root)
    assert len(stored[0].stem) == 32 and stored[0].suffix == ".pdf" and "passwd" not in row.file.name
    assert not (private_root.parent / "etc").exists()


def test_extension_comes_from_detected_type(client, case, private_root):
    from .citizen_factories import PNG_BYTES

    upload(client, case, "申请表", SimpleUploadedFile("scan.pdf", PNG_BYTES))
    row = CaseMaterial.objects.get()
    assert row.content_type == "image/png" and row.file.name.endswith(".png")


def test_one_bad_file_saves_none_of_the_batch(client, case, item, private_root):
    first, second = item.materials.get(name="申请表"), item.materials.get(name="户口簿")
    response = client.post(
        reverse("online_apply:step", args=[case.pk, 2]),
        {f"file_m{first.pk}": pdf(), f"file_m{second.pk}": SimpleUploadedFile("x.pdf", ELF_BYTES)},
    )
    assert response.status_code == 400
    assert not CaseMaterial.objects.exists() and stored_files(private_root) == []


def test_draft_replacement_removes_old_file(client, case, private_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, case, "申请表", pdf("v1.pdf"))
        upload(client, case, "申请表", pdf("v2.pdf"))
    assert list(CaseMaterial.objects.values_list("original_name", flat=True)) == ["v2.pdf"]
    assert len(stored_files(private_root)) == 1


def test_case_limit_of_100mb(case, item, private_root, tmp_path, monkeypatch):
    # Existing current files count towards the limit: pretend two 45 MB files are already there.
    for name in ("申请表", "户口簿"):
        CaseMaterial.objects.create(
            case=case, material=item.materials.get(name=name), material_name=name, file="cases/x.pdf",
            original_name="x.pdf", content_type="application/pdf", size=45 * 1024 * 1024, sha256="0" * 64,
        )
    slot = uploads.Slot.for_material(item.materials.get(name="其他证明"))
    rows, errors = uploads.accept_uploads(case, {slot: big_temp_file(tmp_path, 15 * 1024 * 1024)})
    assert rows == [] and "合计不能超过 100.0" in errors[slot.key]
    assert CaseMaterial.objects.count() == 2 and stored_files(private_root) == []
    # Replacing one of the slots frees its share: the same file fits in its place.
    slot = uploads.Slot.for_material(item.materials.get(name="申请表"))
    rows, errors = uploads.accept_uploads(case, {slot: big_temp_file(tmp_path, 15 * 1024 * 1024)})
    assert errors == {} and len(rows) == 1


def test_display_name_rules():
    assert uploads.display_name("C:\\Users\\张三\\身份证.jpg") == "身份证.jpg"
    assert uploads.display_name("..") == "未命名文件"
    assert uploads.display_name("a\r\nb.pdf") == "ab.pdf"
    long = uploads.display_name("长" * 300 + ".pdf")
    assert len(long) <= uploads.DISPLAY_NAME_MAX and long.endswith(".pdf")


def test_clamav_configured_but_unreachable_fails_closed(settings, case, private_root, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-such-clamd.sock")
    slot = uploads.Slot.for_material(case.item.materials.get(name="申请表"))
    rows, errors = uploads.accept_uploads(case, {slot: pdf()})
    assert rows == [] and "病毒扫描服务暂时不可用" in errors[slot.key]
    assert stored_files(private_root) == []


def test_no_upload_once_submitted(case, private_root):
    from casework.models import Case, CaseStatus

    # As if the applicant submitted from another tab after the upload page was checked.
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.SUBMITTED)
    slot = uploads.Slot.for_material(case.item.materials.get(name="申请表"))
    rows, errors = uploads.accept_uploads(case, {slot: pdf()})
    assert rows == [] and "不能再更换材料" in errors[slot.key]
    assert not CaseMaterial.objects.exists() and stored_files(private_root) == []
