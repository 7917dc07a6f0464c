"""Under real concurrency on PostgreSQL: a capacity-5 slot takes exactly 5 of 50 bookings,
and concurrent check-ins get distinct queue numbers."""

import threading

import pytest
from django.db import connection, connections

from queueing import services as queue
from queueing.models import Ticket
from reservations import services
from reservations.models import Booking, Slot

from . import builders as b

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count, work):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker(n):
        try:
            barrier.wait()
            outcomes.append(("ok", work(n)))
        except (services.BookingError, queue.QueueError) as error:
            outcomes.append(("refused", error.message))
        except Exception as error:  # noqa: BLE001 - any other failure is reported by the assertions
            outcomes.append(("error", repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 只允许一个写入者，测不出并发下的行锁与约束。")


def test_fifty_concurrent_bookings_for_five_places(structure):
    require_postgres()
    item, hall, _, _ = b.setup(capacity=5)
    citizens = [b.citizen(n + 1) for n in range(50)]
    key = b.key(hall, b.MONDAY, 9)
    now = b.at(b.MONDAY, 8)
    outcomes = run_together(50, lambda n: services.book(citizens[n], item, key, f"tok-{n}", now=now)[0].code)
    assert [o for o in outcomes if o[0] == "error"] == []
    assert sum(1 for o in outcomes if o[0] == "ok") == 5
    refused = [o[1] for o in outcomes if o[0] == "refused"]
    assert len(refused) == 45 and all("该时段已约满" in message for message in refused)
    assert Slot.objects.get().booked == 5 and Booking.objects.count() == 5


def test_same_form_submitted_twenty_times_at_once_books_once(structure):
    require_postgres()
    item, hall, _, _ = b.setup(capacity=5)
    user = b.citizen()
    key = b.key(hall, b.MONDAY, 9)
    outcomes = run_together(20, lambda n: services.book(user, item, key, "one-token", now=b.at(b.MONDAY, 8))[0].code)
    assert {o[0] for o in outcomes} == {"ok"} and len({o[1] for o in outcomes}) == 1
    assert Booking.objects.count() == 1 and Slot.objects.get().booked == 1


def test_concurrent_check_ins_get_unique_numbers(structure):
    require_postgres()
    item, hall, _, _ = b.setup(capacity=30)
    outcomes = run_together(30, lambda n: queue.walk_in(hall, item, now=b.at(b.MONDAY, 9, 30)).number)
    assert [o for o in outcomes if o[0] != "ok"] == []
    assert sorted(o[1] for o in outcomes) == list(range(1, 31))
    assert Ticket.objects.count() == 30
