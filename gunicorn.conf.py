"""gunicorn settings for the portal (docs/deployment.md). Every value can be overridden from the
environment, so the same file serves one small machine and a machine behind a load balancer."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Threads let a worker keep serving cached pages while another thread waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Uploads are streamed to disk by Django; 60 s covers a 20 MB file on a slow county link.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Worker recycling is off by default: a recycled worker drops the keep-alive connections it holds,
# which the load run saw as read errors (benchmarks/load.py, 2,000 requests per worker lasted
# seconds). Set GUNICORN_MAX_REQUESTS (e.g. 50000) only if a slow memory leak is ever observed,
# and have the proxy retry idempotent requests on an upstream error.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Load the app (jieba's dictionary, settings) once and share it between workers.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
accesslog = "-"
errorlog = "-"
# The request id ties an access-log line to the application's JSON log lines.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
