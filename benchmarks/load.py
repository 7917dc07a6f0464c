"""Load benchmark of the production stack: gunicorn (2 workers) + PostgreSQL + Redis on loopback.

    .venv/bin/python benchmarks/load.py --items 10000 --seconds 20

Prepares a PostgreSQL database (``portal_load`` unless --database) with the site structure and N
generated items (the search benchmark's generator), collects static files, starts gunicorn with
``portal.settings.production`` on 127.0.0.1, and drives it with ``wrk`` (Debian package ``wrk``)
over a mix of targets: a static file, cached guide pages (anonymous), uncached guide pages (a
session cookie bypasses the page cache), catalogue filter combinations, the search API, notice
and bulletin pages where they exist. Prints requests/s, p95 latency and errors per target, and
each target's rate as a ratio of the static file's rate in the same run; the last line is one
JSON object.

Generation inserts the item pages in bulk (benchmarks/search_bench.py's generate) and builds the real search
indexes once; --reuse runs against a database an earlier run prepared (no generation, no rebuild).

--fault postgres|redis stops that service for --fault-seconds in the middle of the run (use a
throw-away PostgreSQL cluster / Redis via --pg-port / --redis-port, never a shared one) and
reports what the site answered before, meanwhile and after. While it runs, a writer posts guide
feedback with a numbered marker every 0.2 s; afterwards every marker is counted in the database:
an acknowledged post must be there exactly once (nothing lost, nothing written twice).
--fault elasticsearch points ELASTICSEARCH_URL at a local port that accepts connections and never
answers, and drives the search API: it must keep answering from the embedded backend.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
FILTERS = ["", "?department={dept}", "?kind=即办件", "?online=1", "?q=身份证", "?q=营业执照&online=1",
           "?page=2", "?page=3", "?theme={theme}", "?q=社保"]
SEARCHES = ["身份证", "营业执照", "社保卡", "结婚登记", "yyzz", "公积金提取", "开饭店", "低保", "驾照", "户口"]

# wrk calls these once per thread; `done` prints the figures we need as one JSON line.
LUA = """
local paths = {%(paths)s}
local counter = 0
%(headers)s
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "p50_ms": %%.2f, "p95_ms": %%.2f, "errors": %%d, "non_2xx": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=20, help="duration of each target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8301)
    parser.add_argument("--database", default="portal_load")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--redis-port", type=int, default=6379)
    parser.add_argument("--redis-db", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fault", choices=["postgres", "redis", "elasticsearch"], help="take this service away mid-run")
    parser.add_argument("--fault-seconds", type=int, default=10)
    parser.add_argument("--generate-only", action="store_true",
                        help="prepare the database and stop (may run outside the benchmark lock, niced)")
    parser.add_argument("--reuse", action="store_true", help="use the database an earlier run prepared as it is")
    parser.add_argument("--es-port", type=int, default=9299, help="the silent Elasticsearch stand-in's port")
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def production_env(args):
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{args.pg_port}/{args.database}",
        "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/{args.redis_db}",
        "SECRET_KEY": env.get("LOAD_SECRET_KEY") or secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS ends at the proxy in production
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",
        # The fault run's writer stands for many visitors behind the proxy (feedback is rate-limited per IP).
        "TRUST_X_REAL_IP": "1",
    })
    if args.fault == "elasticsearch":
        env["ELASTICSEARCH_URL"] = f"http://127.0.0.1:{args.es_port}"
    env.update(local_service_settings())
    return env


def local_service_settings():
    """Settings production insists on that this loopback run fills with local values."""
    from cryptography.fernet import Fernet  # noqa: PLC0415 - only where the key is needed

    return {
        "SMS_BACKEND": os.environ.get("LOAD_SMS_BACKEND", "citizens.sms.HttpGatewayBackend"),
        # Nothing is texted during the run; the gateway only has to be configured to start.
        "SMS_GATEWAY_URL": os.environ.get("SMS_GATEWAY_URL", "http://127.0.0.1:9/sms"),
        "SMS_GATEWAY_USER": "load",
        "SMS_GATEWAY_PASSWORD": secrets.token_urlsafe(12),
        "SMS_GATEWAY_ALLOW_HTTP": "1",
        "PERSONAL_DATA_KEYS": os.environ.get("PERSONAL_DATA_KEYS", Fernet.generate_key().decode()),
        "PERSONAL_DATA_LOOKUP_KEY": os.environ.get("PERSONAL_DATA_LOOKUP_KEY", secrets.token_urlsafe(40)),
    }


def psql(args, sql, database="postgres"):
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(args.pg_port), "-U", "postgres", "-d", database,
                    "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


def prepare(args):
    """In a child process with production settings: schema, structure, items, index, static files."""
    listed = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(args.pg_port), "-U", "postgres", "-tAl"],
                            capture_output=True, text=True, check=True).stdout
    if args.database not in {line.split("|")[0] for line in listed.splitlines()}:
        psql(args, f'CREATE DATABASE "{args.database}"')
    started = time.perf_counter()
    extra = ["--reuse"] if args.reuse else []
    subprocess.run([PYTHON, __file__, "--prepare-only", "--items", str(args.items), *extra, *_passthrough(args)],
                   env=production_env(args), check=True, cwd=ROOT)
    return time.perf_counter() - started


def _passthrough(args):
    return ["--database", args.database, "--pg-port", str(args.pg_port), "--redis-port", str(args.redis_port),
            "--redis-db", str(args.redis_db)]


def prepare_in_process(args):
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from search_bench import generate

    from guides.models import ServiceItemPage
    from portal.site_structure import ensure_site_structure

    ensure_site_structure()
    if args.reuse:
        found = ServiceItemPage.objects.live().count()
        if found < args.items:
            raise SystemExit(f"--reuse：数据库只有 {found} 个事项，少于 --items {args.items}")
        print(f"items: {found} (reused)", flush=True)
    else:
        items, seconds = generate(args.items, seed=20260101)
        print(f"items: {items} (generated in {seconds:.1f} s)", flush=True)
        started = time.perf_counter()
        # The index the public site and the search API read (embedded; Elasticsearch when set).
        # Wagtail's own index serves only the admin's page search, which this load does not touch.
        call_command("rebuild_search_index", "--no-progress", "--embedded-only", verbosity=0)
        print(f"search indexes rebuilt in {time.perf_counter() - started:.1f} s", flush=True)
    call_command("collectstatic", "--noinput", verbosity=0)
    from django.core.cache import cache

    cache.clear()


def sample_urls(args, env):
    """Guide page paths, catalogue combinations, search API and other public pages to drive."""
    code = (
        "import json, django; django.setup()\n"
        "from guides.models import ServiceItemPage, Department, Theme\n"
        "from wagtail.models import Page\n"
        "items = list(ServiceItemPage.objects.live().order_by('?').values_list('url_path', flat=True)[:300])\n"
        "root = Page.objects.get(depth=2).url_path\n"
        "others = [p.url_path for p in Page.objects.live().filter(depth=3).exclude(url_path__contains='/guide/')]\n"
        "from bulletins.models import BulletinIndexPage, BulletinPage\n"
        "bulletins = [p.url_path for p in BulletinPage.objects.live()[:12]]\n"
        "bulletins += [p.url_path for p in BulletinIndexPage.objects.live()]\n"
        "print(json.dumps({'items': ['/' + p[len(root):] for p in items], 'others': ['/' + p[len(root):] for p in others],\n"
        "  'bulletins': ['/' + p[len(root):] for p in bulletins],\n"
        "  'dept': Department.objects.first().pk, 'theme': Theme.objects.first().slug,\n"
        "  'item_id': ServiceItemPage.objects.live().order_by('pk').values_list('pk', flat=True).first()}))\n"
    )
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    manifest = json.loads((ROOT / "var" / "staticfiles" / "staticfiles.json").read_text())
    static = "/static/" + manifest["paths"]["css/portal.css"]
    catalogue = ["/guide/" + f.format(dept=found["dept"], theme=found["theme"]) for f in FILTERS]
    search = [f"/api/search/?q={urllib.request.quote(q)}" for q in SEARCHES]
    bulletins = found["bulletins"]  # monthly bulletins and the 12-month overview
    return {"static": [static], "guide_cached": found["items"], "guide_uncached": found["items"][:100],
            "catalogue": catalogue, "search_api": search, "notices_and_columns": found["others"] or ["/"],
            "feedback_item": found["item_id"],
            **({"bulletins": bulletins} if bulletins else {})}


def start_gunicorn(args, env):
    log = open(ROOT / "var" / "load_gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([GUNICORN, "portal.wsgi", "-c", str(ROOT / "gunicorn.conf.py")],
                               env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    stop(process)
    raise SystemExit("gunicorn 未能启动，见 var/load_gunicorn.log")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def run_wrk(args, paths, seconds, cookie=None):
    # wrk's LuaJIT knows no \u escapes: send percent-encoded ASCII paths.
    quoted = ", ".join(json.dumps(urllib.parse.quote(p, safe="/?=&%")) for p in paths)
    headers = f'wrk.headers["Cookie"] = "{cookie}"' if cookie else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": quoted, "headers": headers})
    try:
        out = subprocess.run(["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s",
                              "--timeout", "10s", "-s", script.name, f"http://127.0.0.1:{args.port}"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    figures = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    figures["rps"] = round(figures["requests"] / (figures.pop("duration_us") / 1e6), 1)
    return figures


def warm(args, paths):
    """Request every path once (the page cache is filled by first visits), a few at a time."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(path):
        url = f"http://127.0.0.1:{args.port}{urllib.parse.quote(path, safe='/?=&%')}"
        try:
            with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
                response.read()
        except OSError:
            pass  # counted as an error by the measured run, not here

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(fetch, paths))


def drive(args, targets):
    results = {}
    for name, paths in targets.items():
        if name == "feedback_item":
            continue
        cookie = "sessionid=load-bypass" if name == "guide_uncached" else None
        if cookie is None:
            warm(args, paths)
        results[name] = run_wrk(args, paths, args.seconds, cookie)
        print(f"{name}: {results[name]}", flush=True)
    # The machine is shared: measure the static file again after the cached guide pages, so a
    # neighbour's burst during either run shows, and compare with the mean of the two.
    warm(args, targets["guide_cached"])
    results["static_again"] = run_wrk(args, targets["static"], args.seconds)
    results["guide_cached_again"] = run_wrk(args, targets["guide_cached"], args.seconds)
    print(f"static_again: {results['static_again']}\nguide_cached_again: {results['guide_cached_again']}", flush=True)
    static_rps = (results["static"]["rps"] + results["static_again"]["rps"]) / 2 or 1
    for figures in results.values():
        figures["ratio"] = round(figures["rps"] / static_rps, 3)
    return results


def fault_run(args, targets):
    """Drive pages (and a writer) while a service is down; report each phase."""
    if args.fault == "elasticsearch":
        return elasticsearch_fault(args, targets)
    cluster = os.environ.get("LOAD_PG_CLUSTER", "faults")
    control = {
        "postgres": (["pg_ctlcluster", "15", cluster, "stop", "-m", "fast"], ["pg_ctlcluster", "15", cluster, "start"]),
        # A throw-away Redis that keeps its data in an append-only file, as production's should.
        "redis": (["redis-cli", "-p", str(args.redis_port), "shutdown"],
                  ["redis-server", "--port", str(args.redis_port), "--daemonize", "yes", "--appendonly", "yes",
                   "--save", "", "--dir", os.environ.get("LOAD_REDIS_DIR", tempfile.gettempdir())]),
    }[args.fault]
    mixed = targets["guide_cached"][:50] + targets["catalogue"] + targets["guide_uncached"][:50]
    warm(args, mixed)  # anonymous pages in the cache, as on a site that has been up a while
    writer = FeedbackWriter(args, targets["feedback_item"])
    writer.start()
    phases = {"before": writer.phase("before", lambda: run_wrk(args, mixed, args.seconds))}
    queued = enqueue_jobs(args, 20) if args.fault == "redis" else None
    subprocess.run(control[0], check=False, capture_output=True)
    phases["during"] = writer.phase("during", lambda: run_wrk(args, mixed, args.fault_seconds))
    phases["during_error_page"] = sample_error_page(args, targets["guide_uncached"][0])
    phases["during_cached_page"] = sample_error_page(args, targets["guide_cached"][0], cookie=False)
    subprocess.run(control[1], check=True, capture_output=True)
    restarted = time.monotonic()
    phases["recovered_after_s"] = wait_until_ready(args) and round(time.monotonic() - restarted, 1)
    phases["after"] = writer.phase("after", lambda: run_wrk(args, mixed, args.seconds))
    writer.stop()
    if queued is not None:
        phases["queued_work"] = work_off(args, queued)
    return {**phases, "writes": writer.audit(args)}


def _django(args, code):
    out = subprocess.run([PYTHON, "-c", "import json, django; django.setup()\n" + code], env=production_env(args),
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def enqueue_jobs(args, count):
    """Queue work (no worker runs during the fault) before Redis goes away; returns the task ids."""
    return _django(args, "from portal.tasks import run_scheduled_job\n"
                         f"print(json.dumps([str(run_scheduled_job.enqueue('purge_expired_codes').id) for _ in range({count})]))")


def work_off(args, ids):
    """After Redis is back: a worker in burst mode runs what was queued; count the outcomes."""
    subprocess.run([PYTHON, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "--burst", "default"],
                   env=production_env(args), cwd=ROOT, capture_output=True, check=True)
    statuses = _django(args, "from collections import Counter\nfrom portal.tasks import run_scheduled_job\n"
                             f"ids = {ids!r}\n"
                             "print(json.dumps(Counter(str(run_scheduled_job.get_result(i).status) for i in ids)))")
    return {"queued_before_outage": len(ids), "statuses_after_worker": statuses}


def wait_until_ready(args, limit=60):
    for _ in range(limit * 2):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/readyz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


class FeedbackWriter(threading.Thread):
    """Posts numbered guide feedback every 0.2 s, each as another visitor (X-Real-IP), and keeps
    what the site answered to each; ``audit`` then counts every marker in the database."""

    def __init__(self, args, page_id):
        super().__init__(daemon=True)
        self.url = f"http://127.0.0.1:{args.port}/guide-feedback/{page_id}/"
        self.run_id = secrets.token_hex(4)
        self.answers = {}  # marker -> (phase, status)
        self.current = "before"
        self.stopped = threading.Event()

    def phase(self, name, work):
        self.current = name
        return work()

    def run(self):
        n = 0
        opener = urllib.request.build_opener(NoRedirect)
        while not self.stopped.is_set():
            n += 1
            marker, phase = f"load-{self.run_id}-{n:05d}", self.current  # the phase it was sent in
            body = urllib.parse.urlencode({"useful": "1", "comment": marker}).encode()
            request = urllib.request.Request(self.url, data=body, headers=  # noqa: S310 - loopback
                                             {"X-Real-IP": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"})
            try:
                with opener.open(request, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = None
            self.answers[marker] = (phase, status)
            self.stopped.wait(0.2)

    def stop(self):
        self.stopped.set()
        self.join(timeout=15)

    def audit(self, args):
        code = ("import json, django; django.setup()\n"
                "from collections import Counter\n"
                "from ratings.models import GuideFeedback\n"
                f"rows = GuideFeedback.objects.filter(comment__startswith='load-{self.run_id}-')\n"
                "print(json.dumps(Counter(rows.values_list('comment', flat=True))))\n")
        out = subprocess.run([PYTHON, "-c", code], env=production_env(args), cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
        stored = json.loads(out.strip().splitlines()[-1])
        report = {}
        for marker, (phase, status) in self.answers.items():
            figures = report.setdefault(phase, {"posted": 0, "acknowledged": 0, "refused": 0, "stored": 0,
                                                "lost": 0, "twice": 0, "stored_though_refused": 0, "statuses": {}})
            figures["statuses"][str(status)] = figures["statuses"].get(str(status), 0) + 1
            acknowledged = status == 302
            figures["posted"] += 1
            figures["acknowledged" if acknowledged else "refused"] += 1
            count = stored.get(marker, 0)
            figures["stored"] += count
            figures["lost"] += acknowledged and count == 0
            figures["twice"] += count > 1
            figures["stored_though_refused"] += not acknowledged and count > 0
        return report


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def elasticsearch_fault(args, targets):
    """ELASTICSEARCH_URL points at a port that accepts and never answers (start_silent_server)."""
    samples = {}
    # The first searches meet the silent cluster (3 s timeout), then each worker stops asking it
    # for 30 s; the first also loads the embedded index into that worker's memory.
    samples["first"] = search_sample(args, targets["search_api"][0])
    warm(args, targets["search_api"])
    warm(args, targets["guide_cached"])
    phases = {"search_api": run_wrk(args, targets["search_api"], args.seconds),
              "guide_cached": run_wrk(args, targets["guide_cached"], args.seconds)}
    for path in targets["search_api"][:3]:
        samples[path] = search_sample(args, path)
    phases["samples"] = samples
    return phases


def search_sample(args, path):
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{args.port}{urllib.parse.quote(path, safe='/?=&%')}",  # noqa: S310
                                timeout=60) as response:
        payload = json.loads(response.read())
    return {"status": response.status, "backend": payload.get("backend"), "count": payload.get("count"),
            "ms": round((time.perf_counter() - started) * 1000, 1)}


def start_silent_server(port):
    """An 'Elasticsearch' that accepts TCP connections and never answers: the worst kind of outage."""
    listener = socket.create_server(("127.0.0.1", port), backlog=512)
    held = []

    def accept():
        while True:
            connection, _ = listener.accept()
            held.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    return listener


def sample_error_page(args, path, cookie=True):
    """One request to ``path`` (as a signed-in visitor unless cookie=False, so the cache cannot answer)."""
    headers = {"Cookie": "sessionid=load-bypass"} if cookie else {}
    url = f"http://127.0.0.1:{args.port}{urllib.parse.quote(path, safe='/?=&%')}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as response:  # noqa: S310
            return {"status": response.status, "x_page_cache": response.headers.get("X-Page-Cache")}
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        return {"status": error.code, "chinese": "出错" in body or "暂时" in body or "服务" in body}
    except OSError as error:
        return {"status": None, "error": str(error)}


def main():
    args = parse_args()
    if args.prepare_only:
        prepare_in_process(args)
        return
    if not shutil.which("wrk"):
        raise SystemExit("需要 wrk：apt-get install wrk")
    prepare_seconds = prepare(args)
    if args.generate_only:
        print(json.dumps({"prepare_s": round(prepare_seconds, 1), "items": args.items, "database": args.database}))
        return
    env = production_env(args)
    targets = sample_urls(args, env)
    silent = start_silent_server(args.es_port) if args.fault == "elasticsearch" else None
    process = start_gunicorn(args, env)
    try:
        if args.fault:
            report = {"fault": args.fault, "phases": fault_run(args, targets)}
        else:
            report = {"targets": drive(args, targets)}
    finally:
        stop(process)
        if silent is not None:
            silent.close()
    report.update(items=args.items, workers=args.workers, connections=args.connections, seconds=args.seconds,
                  prepare_s=round(prepare_seconds, 1))
    if "targets" in report:
        report["ratio"] = {name: figures["ratio"] for name, figures in report["targets"].items()}
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
