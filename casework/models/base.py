"""Abstract building blocks for any matter with a deadline (docs/domain.md "办件引擎").

A matter type (办件, 信件, 依申请公开…) is a concrete model built from these, plus a
`casework.registry.Workflow` that lists its actions. The engine only relies on what is here:
`status` and `version` on the matter, an immutable transition log, numbered notices and pauses.
"""

from django.conf import settings
from django.db import models

from casework import clock


class Matter(models.Model):
    """Something that moves through statuses under one workflow. Subclasses declare `status`
    (with their own choices) and implement `deadline_terms()`."""

    # Bumped on every transition; a stale form (rendered from an older version) is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def deadline_terms(self):
        """The matter's `casework.deadlines.DeadlineTerms`, or None when no deadline runs."""
        raise NotImplementedError


class ExtendableDeadline(models.Model):
    """A deadline in working days from a start date that may be extended ONCE with a recorded
    approval (依申请公开: 20 working days, extendable by 20). Used with Matter; the engine's
    `extend_deadline()` fills the extension fields and refuses a second extension."""

    deadline_start = models.DateField("起算日期", null=True, blank=True, editable=False)
    limit_working_days = models.PositiveIntegerField("办理时限（工作日）", default=0, editable=False)
    paused_working_days = models.PositiveIntegerField("累计中止工作日", default=0, editable=False)
    extension_working_days = models.PositiveIntegerField("延长（工作日）", default=0, editable=False)
    extension_approved_by = models.CharField("延长批准人", max_length=50, blank=True, editable=False)
    extension_reason = models.TextField("延长理由", blank=True, editable=False)
    extended_at = models.DateTimeField("延长时间", null=True, blank=True, editable=False)
    due_date = models.DateField("办理期限", null=True, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def deadline_terms(self):
        from casework.deadlines import DeadlineTerms

        if self.deadline_start is None:
            return None
        return DeadlineTerms(
            start=self.deadline_start, limit=self.limit_working_days,
            paused=self.paused_working_days, extension=self.extension_working_days,
        )


class TransitionLog(models.Model):
    """An immutable record of one step: who, when (server time), from → to, note.
    A concrete subclass adds the ForeignKey to its matter."""

    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=16, blank=True)
    to_status = models.CharField("新状态", max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("操作人姓名", max_length=100)
    at = models.DateTimeField("时间", default=clock.now, editable=False)
    note = models.TextField("说明", blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("流转记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("流转记录不可删除。")


class NumberedNotice(models.Model):
    """A numbered, dated written notice whose text is frozen when issued. `kind` is a code
    registered with `casework.notices.register_kind` (label, number prefix, template)."""

    kind = models.CharField("文书类型", max_length=24)
    number = models.CharField("文书编号", max_length=40, unique=True)
    issued_at = models.DateTimeField("出具时间", default=clock.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="出具人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.JSONField("文书内容", default=dict)

    class Meta:
        abstract = True
        ordering = ["issued_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def get_kind_display(self):
        from casework.notices import notice_kind

        return notice_kind(self.kind).label


class Pause(models.Model):
    """A period in which a matter's clock does not run, with its approver. ClockStop (停止计时
    of a 办件, for a listed reason with a maximum) is one; a request for more detail that pauses
    an information request is another. `working_days` is filled when the pause ends."""

    note = models.TextField("说明", blank=True)
    approved_by = models.CharField("批准人", max_length=50, blank=True)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    working_days = models.PositiveIntegerField("暂停工作日", default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["started_on", "pk"]

    def end(self, on):
        """Close the pause on date `on`; returns the working days it lasted (start day excluded
        as in `casework.deadlines.working_days_between`)."""
        from casework.deadlines import working_days_between

        self.ended_on = on
        self.working_days = working_days_between(self.started_on, on)
        self.save(update_fields=["ended_on", "working_days"])
        return self.working_days
