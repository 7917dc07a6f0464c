"""Two window staff acting on one case at once: exactly one wins."""

import threading

import pytest
from django.db import connection, connections

from casework import services
from casework.models import CaseStatus
from casework.services import CaseActionError
from tests import factories

from . import builders as b


@pytest.mark.django_db(transaction=True)
def test_accept_vs_reject_on_two_connections(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 只有库级写锁，不支持 select_for_update 的行锁语义。")
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    case = b.draft_case(b.item(dept=dept))
    services.submit(case, case.applicant)
    first, second = b.staff("w1", dept), b.staff("w2", dept)
    services.pre_approve(case, first)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(fn):
        try:
            barrier.wait()
            fn()
            outcomes.append("ok")
        except CaseActionError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(lambda: services.accept(case.__class__.objects.get(pk=case.pk), first),)),
        threading.Thread(target=act, args=(lambda: services.reject(case.__class__.objects.get(pk=case.pk), second, "不符合条件"),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    loser = next(o for o in outcomes if o != "ok")
    assert "不能" in loser or "已被他人处理" in loser
    case.refresh_from_db()
    assert case.status in (CaseStatus.ACCEPTED, CaseStatus.REJECTED)
    assert case.transitions.filter(action__in=["accept", "reject"]).count() == 1


def test_version_mismatch_refused_on_any_database(db, tmp_path):
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县住建局", "zjj")
    case = b.draft_case(b.item(dept=dept))
    services.submit(case, case.applicant)
    staff = b.staff("w1", dept)
    services.pre_approve(case, staff)
    rendered_version = case.version
    services.accept(case, staff, expected_version=rendered_version)
    with pytest.raises(CaseActionError, match="该办件已被他人处理，请刷新后重试。"):
        services.reject(case, staff, "不符合条件", expected_version=rendered_version)
    assert case.transitions.filter(action="reject").count() == 0
