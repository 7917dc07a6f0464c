"""A material may take several files (front and back of an ID card), each checked as one."""

import pytest
from django.urls import reverse

from casework.models import CaseMaterial

from . import citizen_factories
from .citizen_factories import HTML_BYTES, pdf, png, stored_files
from .test_uploads import case, item  # noqa: F401 - the shared fixtures

private_root = citizen_factories.private_root
pytestmark = pytest.mark.django_db


def _post(client, case, name, files):  # noqa: F811
    material = case.item.materials.get(name=name)
    return client.post(reverse("online_apply:step", args=[case.pk, 2]), {f"file_m{material.pk}": files})


def test_front_and_back_are_both_kept(client, case, private_root):  # noqa: F811
    response = _post(client, case, "户口簿", [png("首页.png"), png("本人页.png")])
    assert response.status_code == 302
    rows = CaseMaterial.objects.filter(case=case, material_name="户口簿", superseded=False)
    assert sorted(rows.values_list("original_name", flat=True)) == ["本人页.png", "首页.png"]
    page = client.get(reverse("online_apply:step", args=[case.pk, 2])).content.decode()
    assert "首页.png" in page and "本人页.png" in page


def test_one_bad_file_among_several_saves_none(client, case, private_root):  # noqa: F811
    response = _post(client, case, "户口簿", [png("首页.png"), pdf("伪装.pdf", HTML_BYTES)])
    assert response.status_code == 400
    assert "“伪装.pdf”" in response.content.decode()
    assert not CaseMaterial.objects.filter(case=case).exists()
    assert stored_files(private_root) == []


def test_a_new_selection_replaces_the_whole_set(client, case, private_root):  # noqa: F811
    _post(client, case, "户口簿", [png("首页.png"), png("本人页.png")])
    _post(client, case, "户口簿", [pdf("户口簿全本.pdf")])
    current = CaseMaterial.objects.filter(case=case, material_name="户口簿")
    assert list(current.values_list("original_name", flat=True)) == ["户口簿全本.pdf"]


def test_more_than_ten_files_is_refused(client, case, private_root):  # noqa: F811
    response = _post(client, case, "户口簿", [png(f"{i}.png") for i in range(11)])
    assert response.status_code == 400 and "最多上传 10 个文件" in response.content.decode()
    assert not CaseMaterial.objects.filter(case=case).exists()
