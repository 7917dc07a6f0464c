"""Monthly bulletin benchmark: one month's full bulletin over N cases spread across 24 months.

    .venv/bin/python benchmarks/bulletin_bench.py --cases 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bulletin_bench .venv/bin/python benchmarks/bulletin_bench.py --cases 1000000
    DATABASE_URL=... .venv/bin/python benchmarks/bulletin_bench.py --cases 1000000 --reuse

Uses a private database (/tmp/bulletin_bench_<N>.sqlite3 unless DATABASE_URL is set; an existing
one is emptied of cases first), migrates it, creates 20 departments with 3 items each, then
generates N cases by bulk inserts (not the services, so that generation stays quick): every
kind of case, online and window, clock stops, corrections, rejections, overdue closes and open
overdue cases, plus ratings of ~30 % of closed cases with their 差评 rectifications and
letters (1 per 40 cases). Then it times build_snapshot() for the latest complete month: the
full bulletin (this month, last month and the same month last year; total, departments,
windows, items; rankings). Target ≤ 5 s at 1,000,000 cases. The last line is one JSON object.

--reuse keeps the cases, ratings and letters a previous run generated (generating 1,000,000 takes
about 25 minutes on PostgreSQL): when the database already holds at least N cases it neither
empties nor generates, migrates only (new indexes), refreshes the planner statistics and times the
bulletin; the counts reported are then those found in the database ("reused": true). With fewer
than N cases it empties and generates as usual.
"""

import argparse
import json
import os
import random
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BATCH = 20_000
DEPARTMENTS = 20
ITEMS_PER_DEPARTMENT = 3
KINDS = (("即办件", 0), ("承诺件", 5), ("承诺件", 10), ("承诺件", 20), ("联办件", 15), ("报批件", 20), ("答复件", 5))


def setup_django(n):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:////tmp/bulletin_bench_{n}.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def catalogue():
    """20 departments × 3 items (pages created once; reused by later runs on the same database)."""
    from guides.models import ServiceItemPage
    from portal.site_structure import ensure_site_structure
    from tests import factories

    ensure_site_structure()
    if ServiceItemPage.objects.count() >= DEPARTMENTS * ITEMS_PER_DEPARTMENT:
        return list(ServiceItemPage.objects.order_by("pk")[: DEPARTMENTS * ITEMS_PER_DEPARTMENT])
    items = []
    for d in range(DEPARTMENTS):
        dept = factories.department(name=f"基准部门{d:02d}", code=f"bench{d:02d}", sort_order=d)
        for i in range(ITEMS_PER_DEPARTMENT):
            kind, days = KINDS[(d * ITEMS_PER_DEPARTMENT + i) % len(KINDS)]
            items.append(factories.service_item(
                title=f"基准事项{d:02d}-{i}", code=f"XK-330521-{d * 10 + i + 9000:04d}", dept=dept, processing_kind=kind,
                promised_limit_days=days, legal_limit_days=max(days, 1) * 2 if days else None, steps=(), legal_bases=(),
            ))
    return items


class Calendar:
    """Working days as a list, so the generator can compute deadlines by index."""

    def __init__(self, first, last):
        from bulletins import numbering
        from bulletins.models import WorkdayNumber

        numbering.ensure_current(until=last)
        rows = WorkdayNumber.objects.filter(date__range=(first - timedelta(days=40), last + timedelta(days=400)))
        self.ordinal = dict(rows.values_list("date", "ordinal"))
        by_ordinal = {}
        for day, n in sorted(self.ordinal.items()):
            by_ordinal.setdefault(n, day)
        self.day_of = by_ordinal

    def add(self, day, n):
        """add_working_days: the n-th working day after `day` (n=0: day itself or the next)."""
        base = self.ordinal[day]
        if n == 0:
            return day if self.day_of.get(base) == day else self.day_of[base + 1]
        return self.day_of[base + n]


def insert(model, rows):
    """Bulk insert of plain rows: every concrete column, default where the row gives none."""
    from django.db import connection

    if not rows:
        return
    # The primary key only when the rows give it (else the database numbers them).
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in rows[0]]
    columns = [f.column for f in fields]
    defaults = {f.attname: (None if f.null else f.get_default()) for f in fields}
    for f in fields:  # JSON columns take their text form
        if f.get_internal_type() == "JSONField" and defaults[f.attname] is not None:
            defaults[f.attname] = json.dumps(defaults[f.attname])
    table = connection.ops.quote_name(model._meta.db_table)
    values = [[row.get(f.attname, defaults[f.attname]) for f in fields] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cols = ", ".join(connection.ops.quote_name(c) for c in columns)
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for v in values:
                    copy.write_row(v)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cols = ", ".join(connection.ops.quote_name(c) for c in columns)
            # Table and column names come from the model's metadata, quoted; values are parameters.
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", values)  # noqa: S608


def aware(day, hour, minute=0):
    from django.utils import timezone

    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def generate(n, items, first, last, seed=20261201):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from casework.models import Case, CaseTransition, ClockStop, StopReason
    from halls.models import Hall, Window
    from letters.models import Letter
    from ratings.models import Rating, Rectification

    rng = random.Random(seed)
    visits = HallVisits(first, last)
    hall, _ = Hall.objects.get_or_create(code="bench", defaults={"name": "基准大厅", "address": "示范县人民大道 1 号"})
    windows = {}
    for item in items:
        if item.department_id not in windows:
            windows[item.department_id] = Window.objects.get_or_create(
                hall=hall, number=f"W{len(windows):02d}", defaults={"name": "综合受理", "department_id": item.department_id})[0]
    cal = Calendar(first, last)
    applicant, _ = get_user_model().objects.get_or_create(username="bench-applicant")
    reason, _ = StopReason.objects.get_or_create(name="现场踏勘", defaults={"max_working_days": 10})
    visits.prepare(hall, cal)
    span = (last - first).days + 1
    case_id = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = {"rating": (Rating.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1}
    counts = {"cases": 0, "ratings": 0, "letters": 0, "stops": 0, "bookings": 0, "tickets": 0}
    for start in range(0, n, BATCH):
        cases, transitions, stops, ratings, rectifications, letters = [], [], [], [], [], []
        for _ in range(min(BATCH, n - start)):
            item = rng.choice(items)
            submitted = first + timedelta(days=rng.randrange(span))
            row = {
                "id": case_id, "item_id": item.pk, "department_id": item.department_id,
                "processing_kind": item.processing_kind, "promised_limit_days": item.promised_limit_days,
                "applicant_id": applicant.pk, "applicant_type": "自然人", "applicant_name": "张三",
                "applicant_id_number": "330521199001011237", "applicant_phone": "13800000001",
                "declaration_accepted": True, "channel": "online" if rng.random() < 0.45 else "window", "draft_step": 1,
                "version": 1, "item_code": item.item_code, "window_id": windows[item.department_id].pk,
                "created_at": aware(submitted, 9), "submitted_at": aware(submitted, 9, 30), "submitted_on": submitted,
                "correction_rounds": 1 if rng.random() < 0.15 else 0, "stopped_working_days": 0,
            }
            roll = rng.random()
            if roll < 0.03:
                row["status"] = "rejected"
                transitions.append({"case_id": case_id, "action": "reject", "from_status": "submitted", "to_status": "rejected",
                                    "actor_name": "窗口", "at": aware(submitted, 11), "note": ""})
            else:
                accepted = cal.add(submitted, 0 if row["processing_kind"] == "即办件" else rng.randint(0, 2))
                row.update(accepted_at=aware(accepted, 10), acceptance_date=accepted, pre_reviewed_at=aware(submitted, 10))
                limit = row["promised_limit_days"]
                if limit and rng.random() < 0.1:
                    stop_start = cal.add(accepted, 1)
                    stop_days = rng.randint(1, 8)
                    stops.append({"case_id": case_id, "reason_id": reason.pk, "approved_by": "分管主任", "started_on": stop_start,
                                  "ended_on": cal.add(stop_start, stop_days), "working_days": stop_days, "note": ""})
                    row["stopped_working_days"] = stop_days
                due = cal.add(accepted, limit + row["stopped_working_days"])
                row["due_date"] = due
                late = rng.random() < 0.02
                used = limit + rng.randint(1, 3) if late else rng.randint(0, limit)
                closed = cal.add(accepted, used + row["stopped_working_days"])
                if closed <= last and rng.random() < 0.97:
                    row.update(status="closed", closed_at=aware(closed, 15), closed_on=closed, closed_late=closed > due,
                               working_days_used=cal.ordinal[closed] - cal.ordinal[accepted] - row["stopped_working_days"])
                    if rng.random() < 0.3:
                        ratings.append(_rating(ids, rng, row, closed, cal, rectifications))
                else:
                    row["status"] = "accepted"
            cases.append(row)
            if rng.random() < 1 / 40:
                letters.append(_letter(case_id, rng, row, submitted, cal))
            visits.visit(rng, row, submitted, applicant.pk)
            case_id += 1
        with transaction.atomic():
            insert(Case, cases)
            insert(CaseTransition, transitions)
            insert(ClockStop, stops)
            insert(Rating, ratings)
            insert(Rectification, rectifications)
            insert(Letter, letters)
            counts["bookings"] += len(visits.bookings)
            counts["tickets"] += len(visits.tickets)
            visits.flush()
        counts["cases"] += len(cases)
        counts["ratings"] += len(ratings)
        counts["letters"] += len(letters)
        counts["stops"] += len(stops)
    visits.count_booked_places()
    return counts


class HallVisits:
    """Bookings and queue tickets beside the cases: a walk-in ticket for every window case on its
    submission day; for 35 % of online cases a booking of a slot 1–5 days later (5 % cancelled,
    8 % no-shows, the rest checked in with a booked ticket). Waits of 1–40 minutes."""

    STARTS = [(h, m) for h in (9, 10, 11, 14, 15, 16, 17) for m in (0, 30)]

    def __init__(self, first, last):
        self.first, self.last = first, last
        self.bookings, self.tickets = [], []
        self.numbers = {}
        from queueing.models import Ticket
        from reservations.models import Booking

        self.next_booking = (Booking.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.next_ticket = (Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def prepare(self, hall, cal):
        """One booking group and every slot of every working day (inserted once, in bulk)."""
        from reservations.models import BookingGroup, Slot

        self.hall, self.cal = hall, cal
        group, _ = BookingGroup.objects.get_or_create(name="基准预约组", defaults={"capacity": 500})
        slot_id = (Slot.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.slots, rows = {}, []
        day = self.first
        while day <= self.last + timedelta(days=10):
            if cal.add(day, 0) == day:
                for h, m in self.STARTS:
                    end = h * 60 + m + 30  # times as text: both COPY and the SQLite driver take "HH:MM:SS"
                    rows.append({"id": slot_id, "hall_id": hall.pk, "group_id": group.pk, "date": day, "start": f"{h:02d}:{m:02d}:00",
                                 "end": f"{end // 60:02d}:{end % 60:02d}:00", "capacity": 500, "booked": 0})
                    self.slots[day, h, m] = slot_id
                    slot_id += 1
            day += timedelta(days=1)
        insert(Slot, rows)

    def visit(self, rng, case, submitted, citizen_id):
        if case["channel"] == "window":
            self._ticket(rng, case, submitted, "walk_in", None)
        elif rng.random() < 0.35:
            day = self.cal.add(submitted, rng.randint(1, 5))
            if day <= self.last:
                self._booking(rng, case, day, citizen_id)

    def _booking(self, rng, case, day, citizen_id):
        h, m = rng.choice(self.STARTS)
        bid = self.next_booking
        self.next_booking += 1
        roll = rng.random()
        status = "cancelled" if roll < 0.05 else "no_show" if roll < 0.13 else "checked_in"
        checked_in = aware(day, h, m) - timedelta(minutes=rng.randint(0, 20)) if status == "checked_in" else None
        self.bookings.append({
            "id": bid, "code": f"B{bid:09d}", "citizen_id": citizen_id, "item_id": case["item_id"], "slot_id": self.slots[day, h, m],
            "case_id": case["id"], "priority": True, "status": status, "phone": "", "request_token": f"bench-{bid}",
            "created_at": aware(day, 8) - timedelta(days=2), "cancelled_at": aware(day, 8) if status == "cancelled" else None,
            "checked_in_at": checked_in, "reschedule_count": 0,
        })
        if checked_in:
            self._ticket(rng, case, day, "booked", bid, issued=checked_in)

    def _ticket(self, rng, case, day, kind, booking_id, issued=None):
        number = self.numbers[day] = self.numbers.get(day, 0) + 1
        tid = self.next_ticket
        self.next_ticket += 1
        issued = issued or aware(day, rng.choice((9, 10, 11, 14, 15, 16)), rng.randint(0, 59))
        wait = rng.randint(60, 2400)
        called = issued + timedelta(seconds=wait)
        self.tickets.append({
            "id": tid, "code": f"T{tid:011d}", "hall_id": self.hall.pk, "date": day, "number": number,
            "display_number": f"{'Y' if booking_id else 'A'}{number % 100000:05d}", "kind": kind, "priority": 1 if booking_id else 0,
            "item_id": case["item_id"], "department_id": case["department_id"], "booking_id": booking_id, "case_id": case["id"],
            "status": "served", "window_id": case["window_id"], "issued_at": issued, "first_called_at": called,
            "called_at": called, "call_count": 1, "finished_at": called + timedelta(minutes=10), "wait_seconds": wait, "note": "",
        })

    def flush(self):
        from queueing.models import Ticket
        from reservations.models import Booking

        insert(Booking, self.bookings)
        insert(Ticket, self.tickets)
        self.bookings, self.tickets = [], []

    def count_booked_places(self):
        """Slot.booked = the places its bookings hold (cancelled ones released theirs)."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE reservations_slot SET booked = (SELECT COUNT(*) FROM reservations_booking b"
                " WHERE b.slot_id = reservations_slot.id AND b.status <> 'cancelled') WHERE hall_id = %s", [self.hall.pk])


def _rating(ids, rng, case, closed, cal, rectifications):
    grade = rng.choices((5, 4, 3, 2, 1), weights=(60, 25, 10, 3, 2))[0]
    rid = ids["rating"]
    ids["rating"] += 1
    row = {"id": rid, "channel": "online", "case_id": case["id"], "department_id": case["department_id"],
           "item_id": case["item_id"], "window": "", "overall": grade,
           "created_at": aware(closed, 16), "status": "counted", "comment": "", "rater_name": "", "rater_phone": "",
           "set_aside_reason": ""}
    if grade <= 2:
        due = cal.add(closed, 15)
        done = cal.add(closed, rng.randint(3, 18))
        rectifications.append({"rating_id": rid, "department_id": case["department_id"], "opened_on": closed, "due_date": due,
                               "status": "rectified", "rectified_at": aware(done, 11), "callback_note": "", "measures": "",
                               "outcome": "", "callback_result": ""})
    return row


def _letter(case_id, rng, case, received, cal):
    kind = rng.choice(("complaint", "consultation", "suggestion"))
    due = cal.add(received, 15)
    replied = cal.add(received, rng.randint(2, 18))
    return {"tracking_number": f"XJB{case_id:010d}", "letter_type": kind, "channel": "online", "subject": "来信",
            "content": "来信内容", "redacted_subject": "来信", "redacted_content": "来信内容", "received_at": aware(received, 9),
            "received_on": received, "due_date": due, "department_id": case["department_id"], "status": "replied",
            "first_replied_on": replied, "replied_at": aware(replied, 10), "answered_on_time": replied <= due,
            "reply_working_days": 0, "finding": "substantiated" if kind == "complaint" and rng.random() < 0.3 else "",
            "content_hash": f"{case_id:064d}", "version": 1, "hotline_ticket": "", "writer_name": "", "phone": "",
            "address": "", "reply": "", "redacted_reply": "", "feedback": "", "feedback_note": "", "review_conclusion": ""}


def empty_tables():
    from casework.models import Case, CaseTransition, ClockStop
    from letters.models import Letter
    from queueing.models import Ticket
    from ratings.models import Rating, Rectification
    from reservations.models import Booking, Slot

    for model in (Ticket, Booking, Slot, Rectification, Rating, Letter, ClockStop, CaseTransition, Case):
        model.objects.all()._raw_delete(model.objects.db)


def existing_counts():
    """What an earlier run left in the database (for --reuse)."""
    from casework.models import Case, ClockStop
    from letters.models import Letter
    from queueing.models import Ticket
    from ratings.models import Rating
    from reservations.models import Booking

    return {"cases": Case.objects.count(), "ratings": Rating.objects.count(), "letters": Letter.objects.count(),
            "stops": ClockStop.objects.count(), "bookings": Booking.objects.count(), "tickets": Ticket.objects.count()}


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="keep the cases already generated when there are at least N")
    parser.add_argument("--generate-only", action="store_true",
                        help="generate (or keep, with --reuse) the data and stop: run it niced outside the bench lock, "
                             "then time with --reuse under the lock")
    args = parser.parse_args()
    setup_django(args.cases)
    from django.db import connection
    from django.utils import timezone

    from bulletins.metrics.periods import Month
    from bulletins.metrics.snapshot import build_snapshot

    month = Month.current().previous()
    first, last = month.minus(23).first_day, month.last_day
    items = catalogue()
    t0 = time.perf_counter()
    reused = args.reuse and existing_counts()["cases"] >= args.cases
    if reused:
        counts = existing_counts()
    else:
        empty_tables()
        counts = generate(args.cases, items, first, last)
    with connection.cursor() as cursor:
        # Fresh planner statistics and (PostgreSQL) the visibility map, as autovacuum leaves a
        # production database after bulk inserts: the month's queries are index-only scans of
        # covering indexes, which skip the table only for pages the map marks all-visible.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    generation = time.perf_counter() - t0
    rss_after_generation = peak_rss_mb()
    if args.generate_only:
        print(json.dumps({"benchmark": "bulletin", "database": connection.vendor, "generated_only": True, **counts,
                          "generation_seconds": round(generation, 1)}, ensure_ascii=False))
        return
    timings = []
    for _ in range(2):
        t1 = time.perf_counter()
        snapshot = build_snapshot(month, today=timezone.localdate())
        timings.append(round(time.perf_counter() - t1, 3))
    total = snapshot["total"]["current"]
    how = "reused (not generated); VACUUM ANALYZE / ANALYZE" if reused else "generated"
    print(f"{connection.vendor}: {counts['cases']:,} cases {how} in {generation:.1f} s; "
          f"bulletin for {month} (3 months × total/departments/windows/items): {timings} s; "
          f"closed {total['closed']:,}, on-time {total['on_time_rate']}%, satisfaction {total.get('satisfaction_rate')}%")
    print(json.dumps({
        "benchmark": "bulletin", "database": connection.vendor, "cases": counts["cases"], "ratings": counts["ratings"],
        "letters": counts["letters"], "clock_stops": counts["stops"],
        "bookings": counts["bookings"], "tickets": counts["tickets"], "month": str(month), "reused": reused,
        "generation_seconds": round(generation, 1), "bulletin_seconds": timings[0], "bulletin_seconds_warm": timings[1],
        "target_seconds": 5, "closed_in_month": total["closed"], "departments": len(snapshot["departments"]),
        "items": len(snapshot["items"]), "windows": len(snapshot["windows"]),
        "peak_rss_mb_after_generation": rss_after_generation, "peak_rss_mb": peak_rss_mb(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
