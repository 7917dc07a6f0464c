"""Explicit builders for test data: every value a test asserts on is passed in, never random."""

from guides.models import Department, FeeItem, LegalBasis, Material, ProcessStep, ServiceItemPage, Theme
from portal.site_structure import ensure_site_structure


def department(name="县公安局", code="gaj", **fields):
    return Department.objects.get_or_create(name=name, defaults={"code": code, **fields})[0]


def theme(name="户籍办理", slug=None, **fields):
    return Theme.objects.get_or_create(name=name, defaults={"slug": slug or name, **fields})[0]


def service_item(
    title="居民身份证补领",
    code="XK-330521-0001",
    dept=None,
    themes=(),
    materials=(("居民身份证申领登记表", True, ""),),
    fees=(),
    fee_basis="",
    legal_bases=(("《中华人民共和国居民身份证法》", "第十一条"),),
    steps=("申请", "受理", "办结"),
    publish=True,
    **fields,
):
    """Create a published ServiceItemPage under the catalogue.

    materials: (name, required, condition) triples; fees: (name, amount, unit) triples.
    """
    catalog = ensure_site_structure().catalog
    defaults = {
        "item_type": "行政确认",
        "processing_kind": "即办件",
        "promised_limit_days": 0,
        "legal_limit_days": None,
        "visits": 1,
        "is_online": True,
        "is_reservable": True,
        "location": "县政务服务中心一楼A区",
        "window": "A01号窗口",
        "hours": "工作日 9:00-12:00，14:00-18:00",
        "phone": "0573-87121234",
        "complaint_phone": "0573-12345",
        "conditions": "本县户籍居民。",
        "result_name": "居民身份证",
    }
    defaults.update(fields)
    page = ServiceItemPage(
        title=title,
        item_code=code,
        department=dept or department(),
        is_charged=bool(fees),
        fee_basis=fee_basis,
        **defaults,
    )
    page.themes = list(themes)
    page.materials = [Material(name=n, required=r, condition=c, sort_order=i) for i, (n, r, c) in enumerate(materials)]
    page.fee_items = [FeeItem(name=n, amount=a, unit=u, sort_order=i) for i, (n, a, u) in enumerate(fees)]
    page.legal_bases = [LegalBasis(law_name=law, article=art, sort_order=i) for i, (law, art) in enumerate(legal_bases)]
    page.steps = [ProcessStep(title=s, sort_order=i) for i, s in enumerate(steps)]
    catalog.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.live = False
        page.save(update_fields=["live"])
    return ServiceItemPage.objects.get(pk=page.pk)
