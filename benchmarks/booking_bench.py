"""Booking benchmark: concurrent citizens booking over HTTP through gunicorn on PostgreSQL.

Creates a fresh PostgreSQL database (default wt_reservations_bench on 127.0.0.1), migrates it,
sets up one item in one hall with a booking group (capacity 5 per 30-minute slot) and one
citizen per client, starts gunicorn on a loopback port, and lets CLIENTS threads book for
DURATION seconds: each booking is the real two-request flow (GET the confirm page for its
CSRF cookie and one-time token, POST it). Clients aim at a handful of "hot" slots so that many
requests race for the last places. Afterwards the database is checked: `overbooked` counts
slots holding more active bookings than their capacity or whose counter disagrees with the
bookings (must be 0), `lost` counts 302 answers without a booking row (must be 0). A client
that aims again at a slot it already holds gets the clear 409 “您已预约了该时段” (counted as
`already_booked_answers`, not as an error); `error_kinds` names every other answer.

    .venv/bin/python benchmarks/booking_bench.py [--clients 16] [--duration 30] [--workers 3]
        [--database-url postgres://…/NAME] [--port PORT]

The database named in --database-url is dropped and recreated. Without --port gunicorn takes the
first free port in 8161–8179.

Loopback only; it stops by itself. The last printed line is one JSON object.
"""

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from portal.site_structure import ensure_site_structure
from reservations.models import BookingGroup, BookingSettings
from reservations.slots import bookable_days, slots_on
from tests.halls import builders as hb
from tests.reservations import builders as rb

ensure_site_structure()
item, hall, window, group = rb.setup(capacity=5, slot_minutes=30)
rules = BookingSettings.current()
rules.daily_item_limit = 30000  # the bench measures the slot counter, not the abuse rules
rules.save()
keys = [c.key for d, _ in bookable_days(hall, item, group) for c in slots_on(hall, item, group, d)]
sessions = []
for n in range({clients}):
    user = rb.citizen(n + 1)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print("BENCH " + item.item_code + " " + ",".join(keys) + " " + ",".join(sessions))
"""

CHECK = """
from django.db.models import Count, F, Q
from reservations.models import Booking, Slot
rows = Slot.objects.annotate(active=Count("bookings", filter=Q(bookings__status="booked")))
overbooked = rows.filter(Q(active__gt=F("capacity")) | Q(booked__gt=F("capacity")) | ~Q(active=F("booked"))).count()
print("CHECK", overbooked, Booking.objects.filter(status="booked").count(), Slot.objects.filter(booked=F("capacity")).count())
"""


def free_port(wanted=0):
    for port in [wanted] if wanted else range(8161, 8180):  # this engineer's port range
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"端口 {wanted} 已被占用" if wanted else "8161–8179 端口均被占用")


def psql(database_url, sql):
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin_url, "-q", "-c", sql], check=True, stdout=subprocess.DEVNULL)


def wait_until_serving(port, limit=180):
    """Until every worker has booted: the master binds the port long before they answer."""
    give_up = time.monotonic() + limit
    answered = 0
    while answered < 6:
        if time.monotonic() > give_up:
            raise RuntimeError("gunicorn 未能在限定时间内启动")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/hall/main/board.json")
            answered += conn.getresponse().status == 200
            conn.close()
        except OSError:
            time.sleep(0.5)


class Client(threading.Thread):
    """One citizen booking again and again until the deadline."""

    def __init__(self, port, item_code, session, keys, deadline, rng):
        super().__init__(daemon=True)
        self.port, self.item_code, self.session, self.keys = port, item_code, session, keys
        self.deadline, self.rng = deadline, rng
        self.latencies, self.booked, self.full, self.errors, self.codes = [], 0, 0, 0, []
        self.already, self.error_kinds = 0, Counter()

    def request(self, conn, method, path, body=None, csrf=""):
        headers = {"Cookie": f"sessionid={self.session}; csrftoken={csrf}", "Host": "127.0.0.1"}
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": csrf,
                            "Referer": f"http://127.0.0.1:{self.port}/"})
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response, response.read()

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        confirm = f"/reserve/{self.item_code}/confirm/"
        while time.monotonic() < self.deadline:
            # Most clients chase the first few (hot) slots; some spread over the horizon.
            key = self.rng.choice(self.keys[:8] if self.rng.random() < 0.7 else self.keys)
            try:
                response, page = self.request(conn, "GET", confirm + "?" + urlencode({"slot": key}))
                token = re.search(rb'name="token" value="([^"]+)"', page)
                csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
                if not (token and csrf and cookie):
                    self.full += b"form-errors" in page
                    continue
                body = urlencode({"slot": key, "token": token.group(1).decode(), "csrfmiddlewaretoken": csrf.group(1).decode()})
                started = time.perf_counter()
                response, page = self.request(conn, "POST", confirm, body, cookie.group(1))
                self.latencies.append(time.perf_counter() - started)
                if response.status == 302:
                    self.booked += 1
                    self.codes.append(response.getheader("Location"))
                elif response.status == 409 and "该时段已约满".encode() in page:
                    self.full += 1
                elif response.status == 409 and "您已预约了该时段".encode() in page:
                    self.already += 1
                else:
                    self.errors += 1
                    self.error_kinds[str(response.status)] += 1
            except (OSError, http.client.HTTPException) as error:
                self.errors += 1
                self.error_kinds[type(error).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/wt_reservations_bench")
    parser.add_argument("--port", type=int, default=0, help="gunicorn 的端口（默认取 8161–8179 中空闲的）")
    args = parser.parse_args()

    name = args.database_url.rsplit("/", 1)[1]
    psql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
    psql(args.database_url, f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "portal.settings.test",
           "DB_CONN_MAX_AGE": "60", "REDIS_URL": ""}
    run = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.PIPE, "text": True}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], **run)
    setup = subprocess.run([PYTHON, "manage.py", "shell", "-c", SETUP.replace("{clients}", str(args.clients))], **run).stdout
    _, item_code, keys, sessions = next(line for line in setup.splitlines() if line.startswith("BENCH ")).split(" ")
    keys, sessions = keys.split(","), sessions.split(",")

    port = free_port(args.port)
    server = subprocess.Popen(
        [GUNICORN, "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--timeout", "60"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_serving(port)
        deadline = time.monotonic() + args.duration
        clients = [Client(port, item_code, s, keys, deadline, random.Random(n)) for n, s in enumerate(sessions)]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    check = subprocess.run([PYTHON, "manage.py", "shell", "-c", CHECK], **run).stdout
    _, overbooked, active, full_slots = next(line for line in check.splitlines() if line.startswith("CHECK ")).split(" ")
    latencies = sorted(latency for c in clients for latency in c.latencies)
    booked = sum(c.booked for c in clients)
    result = {
        "benchmark": "booking_bench",
        "clients": args.clients,
        "gunicorn_workers": args.workers,
        "duration_s": round(elapsed, 1),
        "bookings": booked,
        "bookings_per_s": round(booked / elapsed, 1),
        "booking_posts": len(latencies),
        "slot_full_answers": sum(c.full for c in clients),
        "already_booked_answers": sum(c.already for c in clients),
        "errors": sum(c.errors for c in clients),
        "error_kinds": dict(sum((c.error_kinds for c in clients), Counter())),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None,
        "slots_filled": int(full_slots),
        "overbooked": int(overbooked),
        "lost": booked - int(active),
    }
    print(f"预约 {booked} 个（{result['bookings_per_s']}/s），约满拒绝 {result['slot_full_answers']} 次，"
          f"p95 {result['p95_ms']} ms，超约 {result['overbooked']}，丢失 {result['lost']}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
