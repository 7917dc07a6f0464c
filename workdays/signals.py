"""Keep workdays.calendar's in-memory copy current when an administrator edits the calendar."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .calendar import clear_cache
from .models import CalendarDay


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def calendar_changed(sender, **kwargs):
    clear_cache()
