import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_item_page_renders_and_is_reachable_by_code(client):
    item = factories.service_item(title="居民身份证补领", code="XK-330521-0001")
    response = client.get("/item/XK-330521-0001/")
    assert response.status_code == 302
    assert response["Location"] == item.url
    assert "居民身份证补领" in client.get(item.url).content.decode()
