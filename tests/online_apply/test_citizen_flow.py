"""The citizen's path through online pre-application, end to end through the test client."""

import re

import pytest
from django.urls import reverse

from casework import services
from casework.models import Case, CaseMaterial, CaseStatus
from citizens import sms
from citizens.masking import mask_phone
from tests import factories

from . import citizen_factories
from .citizen_factories import applicant_data, citizen, pdf, png, stored_files

# The shared fixture, bound to a name here so pytest finds it in this module.
private_root = citizen_factories.private_root
pytestmark = pytest.mark.django_db


@pytest.fixture
def item(structure):
    return factories.service_item(
        title="居民身份证补领",
        code="XK-330521-0001",
        materials=(("居民身份证申领登记表", True, ""), ("户口簿", True, ""), ("结婚证", False, "已婚的提供")),
        processing_kind="承诺件",
        promised_limit_days=5,
        legal_limit_days=20,
    )


@pytest.fixture
def applicant(client):
    user = citizen()
    client.force_login(user)
    return user


def material(item, name):
    return item.materials.get(name=name)


def field(item, name):
    return f"file_m{material(item, name).pk}"


def start_case(client, item, **overrides):
    response = client.post(reverse("online_apply:start", args=[item.item_code]), applicant_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.latest("created_at")


def test_start_prefills_from_profile(client, applicant, item):
    response = client.get(reverse("online_apply:start", args=[item.item_code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="张三"' in html and 'value="13812341234"' in html
    assert Case.objects.count() == 0  # nothing is created by looking


def test_full_flow_draft_resume_upload_submit_receipt(client, applicant, item, private_root):
    # Step 1 saved as a draft, then resumed from 我的办件.
    response = client.post(
        reverse("online_apply:start", args=[item.item_code]), {**applicant_data(), "save_draft": "1"}
    )
    assert response.url == reverse("online_apply:my_cases")
    case = Case.objects.get()
    assert case.status == CaseStatus.DRAFT and case.draft_step == 2
    assert case.processing_kind == "承诺件" and case.promised_limit_days == 5
    my_cases = client.get(reverse("online_apply:my_cases")).content.decode()
    resume_url = reverse("online_apply:step", args=[case.pk, 2])
    assert resume_url in my_cases and "继续填写" in my_cases

    # Step 2: upload both required materials.
    response = client.post(
        resume_url, {field(item, "居民身份证申领登记表"): pdf(), field(item, "户口簿"): png()}
    )
    assert response.status_code == 302
    assert response.url == reverse("online_apply:step", args=[case.pk, 3])
    rows = CaseMaterial.objects.filter(case=case)
    assert {r.content_type for r in rows} == {"application/pdf", "image/png"}
    assert len(stored_files(private_root)) == 2

    # Step 3: the conditional material is explained, not demanded; declaration required.
    page = client.get(reverse("online_apply:step", args=[case.pk, 3])).content.decode()
    assert "申请承诺" in page
    response = client.post(reverse("online_apply:step", args=[case.pk, 3]), {})
    assert response.status_code == 400 and "请勾选申请承诺" in response.content.decode()
    response = client.post(reverse("online_apply:step", args=[case.pk, 3]), {"declaration": "on"})
    case.refresh_from_db()
    assert response.url == reverse("online_apply:receipt", args=[case.pk])
    assert case.status == CaseStatus.SUBMITTED
    assert re.fullmatch(r"YS\d{8}-\d{6}", case.receipt_number)

    receipt = client.get(response.url).content.decode()
    assert case.receipt_number in receipt
    assert mask_phone(case.applicant_phone) in receipt and case.applicant_phone not in receipt
    assert "<svg" in receipt and "扫码查询办件进度" in receipt
    assert f"/cases/lookup/?receipt={case.receipt_number}" in receipt

    # Once submitted, the wizard is closed and the case shows its timeline.
    response = client.get(reverse("online_apply:step", args=[case.pk, 1]))
    assert response.url == reverse("online_apply:case_detail", args=[case.pk])
    detail = client.get(response.url).content.decode()
    assert "草稿 → 待预审" in detail


def test_conditional_material_shows_condition(client, applicant, item):
    case = start_case(client, item)
    page = client.get(reverse("online_apply:step", args=[case.pk, 2])).content.decode()
    assert "提交条件：已婚的提供" in page and "按情况提交" in page


def test_required_materials_enforced_at_submit(client, applicant, item, private_root):
    case = start_case(client, item)
    client.post(reverse("online_apply:step", args=[case.pk, 2]), {field(item, "居民身份证申领登记表"): pdf()})
    response = client.post(reverse("online_apply:step", args=[case.pk, 3]), {"declaration": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "户口簿" in html and "尚未上传" in html
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and case.receipt_number is None


def test_cannot_skip_ahead(client, applicant, item):
    case = start_case(client, item)
    response = client.get(reverse("online_apply:step", args=[case.pk, 3]))
    assert response.url == reverse("online_apply:step", args=[case.pk, 2])


def test_legal_person_needs_org_name_and_valid_credit_code(client, applicant, structure):
    item = factories.service_item(code="XK-330521-0002", title="食品经营许可", serves_legal_persons=True)
    url = reverse("online_apply:start", args=[item.item_code])
    response = client.post(url, applicant_data(applicant_type="法人", organisation_code="91350100M000100Y40"))
    html = response.content.decode()
    assert response.status_code == 200 and "请填写单位名称" in html and "校验位不正确" in html
    assert Case.objects.count() == 0
    client.post(url, applicant_data(applicant_type="法人", organisation_name="示范县某某餐饮有限公司", organisation_code="91350100M000100Y43"))
    case = Case.objects.get()
    assert case.organisation_code == "91350100M000100Y43"


def test_bad_id_number_is_refused_with_message(client, applicant, item):
    response = client.post(reverse("online_apply:start", args=[item.item_code]), applicant_data(applicant_id_number="110105194912310021"))
    assert "校验位不正确" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"is_online": False}, "暂不支持网上申办"), ({"status": "暂停"}, "暂不受理申请")],
)
def test_offline_or_suspended_item_creates_nothing(client, applicant, structure, fields, message):
    item = factories.service_item(code="XK-330521-0009", **fields)
    url = reverse("online_apply:start", args=[item.item_code])
    for response in (client.get(url), client.post(url, applicant_data())):
        assert response.status_code == 200 and message in response.content.decode()
    assert Case.objects.count() == 0


def test_correction_reupload_exactly_flagged_then_resubmit(client, applicant, item, private_root, django_user_model):
    case = start_case(client, item)
    client.post(reverse("online_apply:step", args=[case.pk, 2]), {field(item, "居民身份证申领登记表"): pdf(), field(item, "户口簿"): png()})
    client.post(reverse("online_apply:step", args=[case.pk, 3]), {"declaration": "on"})
    supervisor = django_user_model.objects.create_superuser("dc", password="x-very-long-pass")
    services.request_corrections(case, supervisor, [(material(item, "户口簿"), "户口簿首页不清晰，请重新扫描。")])
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTION

    detail_url = reverse("online_apply:case_detail", args=[case.pk])
    html = client.get(detail_url).content.decode()
    assert "户口簿首页不清晰" in html
    flagged = [f for f in re.findall(r'name="(file_[^"]+)"', html)]
    assert len(flagged) == 1  # only the flagged material is offered
    response = client.post(detail_url, {})
    assert response.status_code == 400 and "请重新上传“户口簿”" in response.content.decode()

    response = client.post(detail_url, {flagged[0]: png("新户口簿.png")})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    hukou = CaseMaterial.objects.filter(case=case, material_name="户口簿")
    assert hukou.filter(superseded=True).count() == 1 and hukou.get(superseded=False).original_name == "新户口簿.png"
    assert "待补正 → 待预审" in client.get(detail_url).content.decode()


def test_lookup_with_one_time_code(client, item, private_root):
    owner = citizen()
    client.force_login(owner)
    case = start_case(client, item)
    client.post(reverse("online_apply:step", args=[case.pk, 2]), {field(item, "居民身份证申领登记表"): pdf(), field(item, "户口簿"): png()})
    client.post(reverse("online_apply:step", args=[case.pk, 3]), {"declaration": "on"})
    case.refresh_from_db()
    client.logout()
    sms.outbox.clear()

    # Unknown receipt number: the same answer, and no SMS.
    response = client.post(reverse("online_apply:lookup"), {"receipt_number": "YS20000101-000001", "phone": "13812341234"}, follow=True)
    assert "如收件编号与手机号码匹配" in response.content.decode()
    assert sms.outbox == []
    response = client.post(reverse("online_apply:lookup_verify"), {"code": "123456"})
    assert "验证码不正确或已失效" in response.content.decode()

    response = client.post(reverse("online_apply:lookup"), {"receipt_number": case.receipt_number.lower(), "phone": "13812341234"}, follow=True)
    assert "如收件编号与手机号码匹配" in response.content.decode()
    code = re.search(r"\d{6}", sms.outbox[-1].text).group()
    response = client.post(reverse("online_apply:lookup_verify"), {"code": code}, follow=True)
    html = response.content.decode()
    assert case.receipt_number in html and "待预审" in html
    assert "138****1234" in html and "张*" in html and "11*************02X" in html
    assert "13812341234" not in html and "11010519491231002X" not in html


def test_lookup_is_rate_limited(client, item):
    url = reverse("online_apply:lookup")
    statuses = [
        client.post(url, {"receipt_number": "YS20000101-000009", "phone": "13812341234"}).status_code for _ in range(7)
    ]
    assert statuses[:5] == [302] * 5 and statuses[-1] == 429
