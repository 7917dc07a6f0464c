"""Double submission makes one draft; orphaned files are swept; abandoned drafts are deleted
with their files after the retention period (issue 9)."""

import os
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from casework.models import Case, CaseMaterial
from casework.storage import private_storage
from tests import factories
from tests.online_apply import builders as b
from tests.online_apply.citizen_factories import applicant_data, citizen

QUIET = open(os.devnull, "w")  # noqa: SIM115


@pytest.fixture
def item(structure):
    return factories.service_item(
        title="居民身份证补领", code="XK-330521-0001", materials=(("登记表", True, ""),),
        processing_kind="承诺件", promised_limit_days=5, legal_limit_days=20,
    )


@pytest.mark.django_db
def test_the_same_form_sent_twice_makes_one_draft(client, item):
    client.force_login(citizen())
    url = reverse("online_apply:start", args=[item.item_code])
    token = client.get(url).context["submission_token"]
    first = client.post(url, {**applicant_data(), "submission_token": token})
    second = client.post(url, {**applicant_data(), "submission_token": token})
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_click_makes_one_draft_and_no_error(item):
    user = citizen()
    url = reverse("online_apply:start", args=[item.item_code])
    browser = Client()
    browser.force_login(user)
    token = browser.get(url).context["submission_token"]
    statuses, barrier = [], threading.Barrier(2)

    def click():
        one = Client()
        one.cookies = browser.cookies
        try:
            barrier.wait()
            statuses.append(one.post(url, {**applicant_data(), "submission_token": token}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_orphaned_files_older_than_a_day_are_swept(tmp_path, item):
    b.use_tmp_private_storage(tmp_path)
    case = b.draft_case(item, user=citizen())
    kept = CaseMaterial.objects.get(case=case).file.name
    orphan_old = private_storage.save("cases/2025/01/orphan-old.pdf", b.ContentFile(b.PDF))
    orphan_new = private_storage.save("cases/2025/01/orphan-new.pdf", b.ContentFile(b.PDF))
    day_ago = time.time() - 25 * 3600
    for name in (kept, orphan_old):
        os.utime(tmp_path / name, (day_ago, day_ago))
    call_command("sweep_orphan_uploads", stdout=QUIET)
    assert (tmp_path / kept).exists() and (tmp_path / orphan_new).exists()
    assert not (tmp_path / orphan_old).exists()


@pytest.mark.django_db(transaction=True)
def test_abandoned_drafts_are_deleted_with_their_files(tmp_path, item, settings):
    settings.DRAFT_RETENTION_DAYS = 30
    b.use_tmp_private_storage(tmp_path)
    user = citizen()
    old, recent = b.draft_case(item, user=user), b.draft_case(item, user=user)
    old_file = CaseMaterial.objects.get(case=old).file.name
    long_ago = timezone.now() - timedelta(days=31)
    Case.objects.filter(pk=old.pk).update(created_at=long_ago)
    CaseMaterial.objects.filter(case=old).update(uploaded_at=long_ago)
    Case.objects.filter(pk=recent.pk).update(created_at=long_ago)  # but a file came in yesterday
    call_command("purge_abandoned_drafts", stdout=QUIET)
    assert list(Case.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not (tmp_path / old_file).exists()
    assert AuditEvent.objects.filter(action="data.deleted").exists()
