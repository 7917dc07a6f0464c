"""Builders for online_apply tests (cases, staff, supervisors). Explicit values, never random."""

import hashlib

from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from casework.models import Case, CaseMaterial, CaseStatus, StaffAssignment, StopReason
from casework.storage import private_storage
from portal.roles import GROUP_SUPERVISORS, GROUP_WINDOW_STAFF
from portal.workflow_setup import ensure_role_group
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def use_tmp_private_storage(tmp_path):
    """Point the private storage at a temporary folder for one test."""
    private_storage._location = str(tmp_path)
    for attr in ("base_location", "location"):
        private_storage.__dict__.pop(attr, None)


def applicant(username="13800000001", name="张三"):
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": name})
    return user


def staff(username, dept, window="A01"):
    user = User.objects.create_user(username, password="x-Strong-pass-1", first_name=username, email=f"{username}@example.gov.cn")
    user.groups.add(ensure_role_group(GROUP_WINDOW_STAFF))
    StaffAssignment.objects.create(user=user, department=dept, window=window)
    return User.objects.get(pk=user.pk)  # fresh permission cache


def supervisor(username="sup"):
    user = User.objects.create_user(username, password="x-Strong-pass-1", first_name="督查员", email="sup@example.gov.cn")
    user.groups.add(ensure_role_group(GROUP_SUPERVISORS))
    return User.objects.get(pk=user.pk)


def item(code="XK-330521-0101", kind="承诺件", days=5, dept=None, title="建筑工程施工许可", materials=None):
    materials = materials or (("申请表", True, ""), ("身份证明", True, ""))
    return factories.service_item(
        title=title, code=code, dept=dept, processing_kind=kind, promised_limit_days=days,
        legal_limit_days=max(days, 1) * 2 if days else None, materials=materials,
    )


def draft_case(service_item, user=None, declaration=True, upload=True):
    user = user or applicant()
    case = Case.objects.create(
        item=service_item, department=service_item.department, processing_kind=service_item.processing_kind,
        promised_limit_days=service_item.promised_limit_days, applicant=user, applicant_name="张三",
        applicant_id_number="330521199001011237", applicant_phone="13800000001", declaration_accepted=declaration,
    )
    if upload:
        for material in service_item.materials.all():
            upload_file(case, material)
    return case


def upload_file(case, material, content=PDF):
    name = material if isinstance(material, str) else material.name
    cm = CaseMaterial(
        case=case, material=None if isinstance(material, str) else material, material_name=name,
        original_name="scan.pdf", content_type="application/pdf", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    cm.file.save("scan.pdf", ContentFile(content), save=False)
    cm.save()
    return cm


def stop_reason(name="现场踏勘", max_days=5):
    return StopReason.objects.get_or_create(name=name, defaults={"max_working_days": max_days})[0]


def set_status(case, status, **fields):
    """Put a case into a state directly (test setup only; production goes through services)."""
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


__all__ = ["CaseStatus"]
