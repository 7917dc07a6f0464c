"""Each response carries a request id; log lines of that request carry the same id as JSON."""

import json
import logging

import pytest

from portal.request_log import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_every_response_has_a_request_id_and_a_sane_incoming_one_is_kept(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234567890")["X-Request-ID"] == "lb-1234567890"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")["X-Request-ID"]
    assert "<" not in forged and len(forged) == 32


def test_log_lines_inside_a_request_carry_its_id_as_json(client, monkeypatch):
    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Capture()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("portal.health")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    from portal import health

    original = health._check_database

    def logged_check():
        logger.info("检查数据库")
        original()

    monkeypatch.setitem(health.CHECKS, "database", logged_check)
    try:
        response = client.get("/readyz", HTTP_X_REQUEST_ID="trace-abcdef12")
    finally:
        logger.removeHandler(handler)
    entry = json.loads(lines[0])
    assert entry["request_id"] == response["X-Request-ID"] == "trace-abcdef12"
    assert entry["message"] == "检查数据库" and entry["level"] == "INFO"
