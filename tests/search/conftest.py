import pytest

from tests import factories


@pytest.fixture(autouse=True)
def fresh_search_index():
    """Each test's database rolls back, and so can the version counters: forget the
    in-process index so no test sees another's documents."""
    from search.backends.embedded import EmbeddedBackend

    EmbeddedBackend.reset()
    yield
    EmbeddedBackend.reset()


@pytest.fixture
def catalogue(structure):
    """A small catalogue with explicit values for everything the tests assert on."""
    police = factories.department("县公安局", "gaj")
    market = factories.department("县市场监督管理局", "scjgj")
    household = factories.theme("户籍办理", "huji")
    business = factories.theme("开办企业", "kaiban")
    items = {
        "id_first": factories.service_item(
            "居民身份证首次申领", "QR-330521-0001", dept=police, themes=[household],
            materials=(("居民户口簿", True, ""),), is_online=False, processing_kind="承诺件",
            promised_limit_days=15, legal_limit_days=60,
        ),
        "id_lost": factories.service_item(
            "居民身份证补领", "QR-330521-0003", dept=police, themes=[household],
            conditions="居民身份证丢失或损坏的。", is_online=True,
        ),
        "licence": factories.service_item(
            "个体工商户设立登记", "XK-330521-0007", dept=market, themes=[business],
            materials=(("个体工商户登记申请书", True, ""), ("居民身份证", True, "")),
            result_name="营业执照", serves_legal_persons=True, is_online=True,
            item_type="行政许可", legal_bases=(("《促进个体工商户发展条例》", "第八条"),),
        ),
        "food": factories.service_item(
            "食品经营许可（新办）", "XK-330521-0013", dept=market, themes=[business],
            materials=(("食品经营许可申请书", True, ""), ("营业执照", True, "")),
            result_name="食品经营许可证", serves_individuals=False, serves_legal_persons=True,
            is_online=False, item_type="行政许可", processing_kind="承诺件", promised_limit_days=10,
            legal_limit_days=20, legal_bases=(("《中华人民共和国食品安全法》", "第三十五条"),),
        ),
    }
    return items
