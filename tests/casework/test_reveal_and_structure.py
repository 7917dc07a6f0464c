"""Staff see a masked phone; one click reveals it and is recorded. And the dependency rules:
guides never imports the site shell, page models never import views."""

import ast
from pathlib import Path

import pytest

from casework import services
from casework.models import PhoneReveal
from citizens.masking import mask_phone
from tests import factories
from tests.online_apply import builders as b

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(db, tmp_path):
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    case = b.draft_case(b.item(dept=dept))
    services.submit(case, case.applicant)
    return {"case": case, "staff": b.staff("window_zjj", dept), "other": b.staff("window_x", factories.department("县公安局", "gaj"))}


def test_phone_is_masked_until_revealed_and_the_reveal_is_audited(env, client):
    case, staff = env["case"], env["staff"]
    client.force_login(staff)
    url = f"/admin/cases/{case.pk}/"
    page = client.get(url).content.decode()
    assert mask_phone(case.applicant_phone) in page and case.applicant_phone not in page
    assert not PhoneReveal.objects.exists()

    response = client.post(f"{url}reveal-phone/")
    assert response.status_code == 302
    reveal = PhoneReveal.objects.get()
    assert reveal.case == case and reveal.user == staff
    page = client.get(url).content.decode()
    assert f'href="tel:{case.applicant_phone}"' in page and "电话号码查看记录" in page
    # Shown once: the next view is masked again (another click, another record).
    assert f"tel:{case.applicant_phone}" not in client.get(url).content.decode()


def test_reveal_is_post_only_and_scoped_to_the_department(env, client):
    case = env["case"]
    client.force_login(env["staff"])
    client.get(f"/admin/cases/{case.pk}/reveal-phone/")
    assert not PhoneReveal.objects.exists()
    client.force_login(env["other"])
    assert client.post(f"/admin/cases/{case.pk}/reveal-phone/").status_code == 404
    assert not PhoneReveal.objects.exists()


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_guides_does_not_import_the_site_shell():
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "guides").rglob("*.py")
        if any(m == "portal" or m.startswith("portal.") for m in _imports(p))
    ]
    assert offenders == []


def test_models_do_not_import_views():
    model_files = [p for app in ("guides", "portal", "casework", "online_apply") for p in (ROOT / app).glob("models*/**/*.py")]
    model_files += [p for app in ("guides", "portal", "casework", "online_apply") for p in (ROOT / app).glob("models.py")]
    offenders = [
        str(p.relative_to(ROOT)) for p in model_files
        if any(m.endswith(".views") or ".views." in m or m == "views" for m in _imports(p))
    ]
    assert model_files and offenders == []


def test_casework_does_not_import_the_online_channel():
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "casework").rglob("*.py")
        if any(m == "online_apply" or m.startswith("online_apply.") for m in _imports(p))
    ]
    assert offenders == []


def test_code_comments_cite_the_projects_own_domain_document():
    cited = [
        str(p.relative_to(ROOT)) for app in ("casework", "online_apply", "guides", "portal", "citizens", "workdays", "search")
        for p in (ROOT / app).rglob("*.py") if "DOMAIN.md" in p.read_text(encoding="utf-8")
    ]
    assert cited == [] and (ROOT / "docs" / "domain.md").exists()
