"""The booking as an iCalendar event (.ics) with a reminder, via the icalendar package.

The times carry TZID=Asia/Shanghai, so the calendar holds the matching VTIMEZONE (RFC 5545
3.6.5 requires one for every TZID used; without it some calendar apps read the times as
floating or refuse the file)."""

import datetime

from django.utils import timezone
from icalendar import Alarm, Calendar, Event


def booking_calendar(booking, url, domain):
    slot = booking.slot
    calendar = Calendar()
    calendar.add("prodid", f"-//{domain}//预约办理//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"booking-{booking.code}@{domain}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(slot.starts_at))
    event.add("dtend", timezone.localtime(slot.ends_at))
    event.add("summary", f"预约办理：{booking.item.title}")
    event.add("location", f"{slot.hall.name}（{slot.hall.address}）")
    event.add("description", f"预约码：{booking.code}\n请按时到大厅凭预约码签到取号。\n预约详情：{url}")
    event.add("url", url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"预约办理：{booking.item.title}")
    alarm.add("trigger", -datetime.timedelta(hours=1))
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
