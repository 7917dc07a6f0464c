"""Requests filed and handled through the real services at fixed dates (the engine's replay clock)."""

import datetime

from django.utils import timezone

from casework import clock
from inforequests.services import file_request
from inforequests.workflow import workflow

PHONE = "13800001234"


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def request_data(**fields):
    data = {
        "requester_type": "person", "requester_name": "张三", "id_number": "", "contact_person": "",
        "phone": PHONE, "email": "", "address": "示范县人民大道 8 号", "description": "2024 年窗口服务规范",
        "document_hint": "", "delivery_form": "electronic", "delivery_method": "collect",
    }
    data.update(fields)
    return data


def filed(on, channel="online", **fields):
    with clock.replaying(at(on)):
        return file_request(request_data(**fields), channel=channel)


def act(request, on, actor, action, **data):
    with clock.replaying(at(on)):
        return workflow.perform(request, actor, action, **data)
