"""Builders for the citizen-side online_apply tests: citizens, files, a private-storage root."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from citizens.models import CitizenProfile

# Valid GB 11643 numbers (check digits correct).
ID_ZHANG = "11010519491231002X"
ID_LI = "110101199003077774"

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def citizen(username="zhangsan", phone="13812341234", real_name="张三", id_number=ID_ZHANG):
    user = get_user_model().objects.create_user(username=username, password="correct-horse-battery")
    CitizenProfile.objects.create(user=user, phone=phone, real_name=real_name, id_number=id_number)
    return user


def pdf(name="申请表.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="照片.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def applicant_data(**overrides):
    data = {
        "applicant_type": "自然人",
        "applicant_name": "张三",
        "applicant_id_number": ID_ZHANG,
        "applicant_phone": "13812341234",
        "address": "示范县城关镇人民路1号",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def private_root(tmp_path, monkeypatch):
    """Point the private upload storage at a temporary directory for one test."""
    from casework.storage import private_storage

    root = tmp_path / "private"
    root.mkdir()

    def clear():
        for name in ("base_location", "location"):
            private_storage.__dict__.pop(name, None)

    monkeypatch.setattr(private_storage, "_location", str(root))
    clear()
    yield root
    monkeypatch.undo()
    clear()


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())
