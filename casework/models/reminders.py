"""A log of deadline reminders, so running the reminder command twice a day sends nothing new."""

from django.db import models

from .cases import Case


class DeadlineReminder(models.Model):
    """One reminder about one case to one recipient on one day (临近时限提醒 / 超期督办)."""

    KIND_DUE_SOON = "due_soon"
    KIND_OVERDUE = "overdue"
    KIND_CHOICES = [(KIND_DUE_SOON, "临近时限提醒"), (KIND_OVERDUE, "超期督办")]

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("提醒类型", max_length=10, choices=KIND_CHOICES)
    recipient = models.CharField("收件人", max_length=254)
    sent_on = models.DateField("发送日期")

    class Meta:
        db_table = "online_apply_deadlinereminder"
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "recipient", "sent_on"], name="one_reminder_per_day")
        ]
        verbose_name = "时限提醒记录"
        verbose_name_plural = "时限提醒记录"

    def __str__(self):
        return f"{self.case} {self.get_kind_display()} → {self.recipient}（{self.sent_on}）"
