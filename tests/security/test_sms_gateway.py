"""The HTTP SMS gateway backend against a local fake gateway; start-up validation (issue 9)."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from citizens import sms

PORTS = range(8150, 8160)  # this engineer's port range; a free one is picked


class FakeGateway(BaseHTTPRequestHandler):
    answers = []  # HTTP statuses to give, in order (200 once they run out)
    received = []
    delay = 0.0

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers["Content-Length"])
        FakeGateway.received.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
        if FakeGateway.delay:
            threading.Event().wait(FakeGateway.delay)
        status = FakeGateway.answers.pop(0) if FakeGateway.answers else 200
        try:
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b'{"ok": true}')
        except BrokenPipeError:  # the client timed out first (the timeout test)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    FakeGateway.answers, FakeGateway.received, FakeGateway.delay = [], [], 0.0
    for port in PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), FakeGateway)
            break
        except OSError:
            continue
    else:
        pytest.fail("端口 8150–8159 均被占用，无法启动模拟短信网关。")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/send"
    with override_settings(
        SMS_BACKEND="citizens.sms.HttpGatewayBackend", SMS_GATEWAY_URL=url, SMS_GATEWAY_USER="portal",
        SMS_GATEWAY_PASSWORD="s3cret", SMS_GATEWAY_TIMEOUT=0.5, SMS_GATEWAY_RETRIES=2, DEBUG=True,
    ):
        yield FakeGateway
    server.shutdown()
    server.server_close()


def test_sends_json_with_credentials(gateway):
    sms.get_backend().send("13812341234", "【示范县】验证码 123456")
    auth, body = gateway.received[0]
    assert auth == "Basic " + base64.b64encode(b"portal:s3cret").decode()
    assert body["phone"] == "13812341234" and body["text"] == "【示范县】验证码 123456"


def test_retries_server_errors_then_succeeds(gateway):
    gateway.answers = [503, 502]
    sms.get_backend().send("13812341234", "x")
    assert len(gateway.received) == 3


def test_gives_up_after_the_retries(gateway):
    gateway.answers = [503, 503, 503, 503]
    with pytest.raises(sms.SmsSendError):
        sms.get_backend().send("13812341234", "x")
    assert len(gateway.received) == 3


def test_refusal_is_not_retried(gateway):
    gateway.answers = [401]
    with pytest.raises(sms.SmsSendError):
        sms.get_backend().send("13812341234", "x")
    assert len(gateway.received) == 1


def test_timeout_is_an_error_not_a_hang(gateway):
    gateway.delay = 2.0
    with override_settings(SMS_GATEWAY_RETRIES=0), pytest.raises(sms.SmsSendError):
        sms.get_backend().send("13812341234", "x")


@pytest.mark.django_db
def test_failed_gateway_gives_a_chinese_message_and_keeps_no_code(gateway, client):
    from citizens.models import OneTimeCode

    gateway.answers = [500, 500, 500]
    response = client.post("/account/register/", {"action": "send_code", "phone": "13812341234"})
    assert response.status_code == 200
    assert not OneTimeCode.objects.exists()


@pytest.mark.parametrize("overrides, message", [
    ({"SMS_BACKEND": "citizens.sms.NoSuchBackend"}, "无法导入"),
    ({"SMS_BACKEND": "citizens.sms.BaseBackend"}, "不是可发送短信的后端"),
    ({"SMS_BACKEND": "citizens.sms.FileBackend", "SMS_REQUIRE_GATEWAY": True}, "不得使用"),
    ({"SMS_BACKEND": "citizens.sms.HttpGatewayBackend", "SMS_GATEWAY_URL": ""}, "SMS_GATEWAY_URL"),
    ({"SMS_BACKEND": "citizens.sms.HttpGatewayBackend", "SMS_GATEWAY_URL": "https://sms.example/", "SMS_GATEWAY_USER": ""},
     "SMS_GATEWAY_USER"),
    ({"SMS_BACKEND": "citizens.sms.HttpGatewayBackend", "SMS_GATEWAY_URL": "http://sms.example/",
      "SMS_GATEWAY_USER": "u", "SMS_GATEWAY_PASSWORD": "p", "DEBUG": False}, "https://"),
])
def test_start_up_validation_refuses_a_backend_that_cannot_send(overrides, message):
    with override_settings(**overrides), pytest.raises(ImproperlyConfigured, match=message):
        sms.validate_backend()
