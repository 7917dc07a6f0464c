"""CSP without inline script, no-store on personal pages, Chinese error pages in the site
layout, early refusal of oversized requests, capped free text (issue 9)."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.citizens.factories import citizen

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|<style", re.IGNORECASE)


def test_public_pages_send_a_strict_csp(client, structure):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_no_public_template_has_inline_script_style_or_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "/admin/" in str(path):  # the Wagtail admin is outside the strict policy
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'<script type="application/(ld\+)?json"', "", text)
        offenders += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in INLINE.finditer(text)]
    assert offenders == []


def test_pages_with_personal_data_are_not_stored(client, structure):
    client.force_login(citizen())
    for url in ("/account/", "/my/cases/"):
        assert client.get(url).headers["Cache-Control"] == "private, no-store"
    assert client.get("/").headers["Cache-Control"] == "private, no-store"  # signed in: every page
    anonymous = Client()
    assert anonymous.get("/cases/lookup/").headers["Cache-Control"] == "private, no-store"
    assert "no-store" not in anonymous.get("/").headers.get("Cache-Control", "")


def test_404_and_403_are_chinese_in_the_site_layout(client, structure):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    assert 'class="site-header' in missing.content.decode()


def test_csrf_failure_is_a_chinese_403():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/account/login/", {"phone": "13812341234"})
    body = response.content.decode()
    assert response.status_code == 403 and "页面已过期" in body and "CSRF" not in body


def test_400_and_500_pages_are_chinese():
    from django.template.loader import render_to_string

    assert "无法处理这个请求" in render_to_string("400.html")
    assert "服务暂时出现故障" in render_to_string("500.html")


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_bad_host_gets_the_chinese_400(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400 and "无法处理这个请求" in response.content.decode()


def test_oversized_request_is_refused_before_reading(client, settings):
    settings.MAX_REQUEST_BYTES = 1024
    response = client.generic("POST", "/account/login/", b"x" * 2048, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413 and "提交的内容过大" in response.content.decode()


def test_application_description_is_capped():
    from online_apply.forms import DESCRIPTION_MAX_LENGTH, ApplicantForm

    form = ApplicantForm({"applicant_type": "个人", "description": "字" * (DESCRIPTION_MAX_LENGTH + 1)})
    form.is_valid()
    assert "description" in form.errors
