"""Upload benchmark: 50 online applications, each with a 20 MB PDF, through real HTTP.

Starts `manage.py runserver --noreload --nothreading` on a free local port against a temporary
SQLite database and private-upload directory, creates a demo item and citizen, then for each
application posts step 1 (applicant details), step 2 (a 20 MB multipart upload streamed from
disk with http.client) and step 3 (declaration → submit). It measures upload throughput and
the server's peak RSS growth (VmHWM from /proc) after a warm-up application: if uploads are
streamed to disk, 50 × 20 MB must not grow the server by more than a few MB (target < 30 MB).

    .venv/bin/python benchmarks/upload_bench.py [--count 50] [--size-mb 20]

The last printed line is one JSON object.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from citizens.models import CitizenProfile
from tests import factories
item = factories.service_item(title="居民身份证补领", code="XK-330521-0001", materials=(("居民身份证申领登记表", True, ""),))
user = get_user_model().objects.create_user("bench", password="bench-password-123")
CitizenProfile.objects.create(user=user, phone="13812341234", real_name="张三", id_number="11010519491231002X")
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print("BENCH", item.item_code, item.materials.get().pk, session.session_key)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_pdf(path, size):
    """A sparse PDF-shaped file of exactly `size` bytes (header, zeros, %%EOF)."""
    tail = b"\n%%EOF\n"
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4\n")
        f.seek(size - len(tail))
        f.write(tail)


def proc_status(pid, key):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(key)


class Client:
    """Minimal cookie-carrying HTTP client on http.client (one connection per request)."""

    def __init__(self, port, session_key):
        self.port = port
        self.cookies = {"sessionid": session_key}

    def _headers(self, extra=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": f"127.0.0.1:{self.port}"}
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        headers.update(extra or {})
        return headers

    def _finish(self, conn):
        response = conn.getresponse()
        body = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, response.getheader("Location", ""), body

    def get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request("GET", path, headers=self._headers())
        return self._finish(conn)

    def post_form(self, path, data):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        conn.request("POST", path, body=body, headers=self._headers({"Content-Type": "application/x-www-form-urlencoded"}))
        return self._finish(conn)

    def post_file(self, path, field, file_path, filename):
        """multipart/form-data, the file streamed from disk in 1 MB chunks."""
        boundary = uuid.uuid4().hex
        csrf = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{self.cookies.get("csrftoken", "")}\r\n'
        ).encode()
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = len(csrf) + len(head) + os.path.getsize(file_path) + len(tail)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        conn.putrequest("POST", path, skip_host=True)
        for key, value in self._headers(
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(length)}
        ).items():
            conn.putheader(key, value)
        conn.endheaders()
        conn.send(csrf + head)
        with open(file_path, "rb") as f:
            while chunk := f.read(1024 * 1024):
                conn.send(chunk)
        conn.send(tail)
        return self._finish(conn)


def apply_once(client, item_code, material_pk, file_path):
    """One full application; returns the seconds spent on the upload request."""
    status, location, _ = client.get(f"/apply/{item_code}/")
    assert status == 200, status
    data = {"applicant_type": "自然人", "applicant_name": "张三", "applicant_id_number": "11010519491231002X",
            "applicant_phone": "13812341234"}
    status, location, body = client.post_form(f"/apply/{item_code}/", data)
    assert status == 302, body[:500]
    case_pk = re.search(r"/apply/case/(\d+)/step/2/", location).group(1)
    started = time.perf_counter()
    status, location, body = client.post_file(f"/apply/case/{case_pk}/step/2/", f"file_m{material_pk}", file_path, "申请表.pdf")
    elapsed = time.perf_counter() - started
    assert status == 302 and location.endswith("/step/3/"), (status, body[:500])
    status, location, _ = client.post_form(f"/apply/case/{case_pk}/step/3/", {"declaration": "on"})
    assert status == 302 and "/receipt/" in location, (status, location)
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--size-mb", type=int, default=20)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    work = Path(tempfile.mkdtemp(prefix="upload-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    }
    server = None
    try:
        run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], **run)
        setup = subprocess.run([PYTHON, "manage.py", "shell", "-c", SETUP], **run).stdout
        _, item_code, material_pk, session_key = re.search(r"BENCH .*", setup).group().split()
        pdf_path = work / "upload.pdf"
        make_pdf(pdf_path, size)

        port = free_port()
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = Client(port, session_key)
        for _ in range(100):
            try:
                client.get("/cases/lookup/")
                break
            except OSError:
                time.sleep(0.2)
        # Warm-up: one application (small file) loads every module and template first.
        small = work / "small.pdf"
        make_pdf(small, 64 * 1024)
        apply_once(client, item_code, material_pk, small)
        baseline_rss = proc_status(server.pid, "VmRSS")
        baseline_hwm = proc_status(server.pid, "VmHWM")

        upload_seconds, started = [], time.perf_counter()
        for _ in range(args.count):
            upload_seconds.append(apply_once(client, item_code, material_pk, pdf_path))
        wall = time.perf_counter() - started
        peak = proc_status(server.pid, "VmHWM")
        total_mb = args.count * size / 1024 / 1024
        upload_total = sum(upload_seconds)
        result = {
            "applications": args.count,
            "file_mb": args.size_mb,
            "uploaded_mb": round(total_mb, 1),
            "upload_seconds": round(upload_total, 2),
            "throughput_mb_s": round(total_mb / upload_total, 1),
            "upload_requests_per_s": round(args.count / upload_total, 2),
            "applications_per_s": round(args.count / wall, 2),
            "median_upload_ms": round(sorted(upload_seconds)[len(upload_seconds) // 2] * 1000, 1),
            "server_rss_after_warmup_mb": round(baseline_rss / 2**20, 1),
            "server_peak_rss_mb": round(peak / 2**20, 1),
            "peak_rss_growth_mb": round((peak - baseline_rss) / 2**20, 1),
            "server_hwm_after_warmup_mb": round(baseline_hwm / 2**20, 1),
            "target_growth_mb": 30,
        }
        result["within_target"] = result["peak_rss_growth_mb"] < 30
        print(f"{args.count} 份申请 × {args.size_mb} MB：{result['throughput_mb_s']} MB/s，"
              f"服务器峰值内存增长 {result['peak_rss_growth_mb']} MB")
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
