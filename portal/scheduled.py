"""The periodic jobs, in one table (docs/domain.md, 生产部署: 后台任务与定时作业).

One scheduler (cron on exactly one machine) only *enqueues* these; a worker runs them as background
tasks (portal.tasks.run_scheduled_job), so a slow job never holds the scheduler, a failure is kept
as a TaskFailure for supervisors, and any worker machine can take the work. Each job is an existing
management command, still runnable by hand; every one is safe to run twice (reminders are logged
once per day and recipient, sweeps delete only what is due, the bulletin draft is refreshed).
``manage.py enqueue_job --crontab`` prints the crontab from this table, so the two never differ.
"""

from dataclasses import dataclass

from django.conf import settings

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    cron: str  # minute hour day-of-month month day-of-week, in TIME_ZONE
    command: str
    args: tuple = ()
    purpose: str = ""
    only_with_queue: str = ""  # the task backend the job is for (RQ expires its own results)

    def applies(self):
        return not self.only_with_queue or settings.TASKS["default"]["BACKEND"] == self.only_with_queue


SCHEDULE = (
    # Reminders run every day, weekends too: an adjusted weekend (调休) can be a working day, and the
    # commands count working days from the work calendar themselves (docs/domain.md 工作日与期限).
    ScheduledJob("deadline_reminders", "0 8,14 * * *", "send_deadline_reminders",
                 purpose="办件临近时限提醒窗口人员，超期督办提醒督查人员"),
    ScheduledJob("letter_reminders", "5 8,14 * * *", "send_letter_reminders",
                 purpose="信件临近答复期限提醒承办部门，超期督办"),
    ScheduledJob("rectification_reminders", "10 8 * * *", "send_rectification_reminders",
                 purpose="差评整改临近期限、超期提醒"),
    ScheduledJob("booking_reminders", "0 17 * * *", "send_booking_reminders", purpose="短信提醒明天有预约的申请人"),
    ScheduledJob("booking_no_shows", "*/30 * * * *", "mark_booking_no_shows", purpose="过时未签到的预约记为爽约"),
    # draft_bulletin --scheduled does nothing except on the month's first working day (workdays calendar).
    ScheduledJob("monthly_bulletin", "30 6 * * *", "draft_bulletin", ("--scheduled",),
                 purpose="每月第一个工作日生成上月运行情况通报草稿"),
    ScheduledJob("annual_disclosure_report", "0 7 2 1 *", "draft_annual_report",
                 purpose="一月生成上一年度政府信息公开工作年度报告草稿"),
    ScheduledJob("site_health", "0 7 * * *", "check_site_health", purpose="网站巡检，发现问题邮件告知编辑"),
    ScheduledJob("sweep_orphan_uploads", "30 2 * * *", "sweep_orphan_uploads", purpose="清理无记录引用的上传文件"),
    ScheduledJob("purge_abandoned_drafts", "40 2 * * *", "purge_abandoned_drafts", purpose="清理长期未动的申请草稿"),
    ScheduledJob("purge_expired_codes", "50 2 * * *", "purge_expired_codes", purpose="删除过期短信验证码"),
    ScheduledJob("purge_audit_log", "55 2 * * *", "purge_audit_log", purpose="删除超过保存期限的审计日志"),
    ScheduledJob("prune_task_results", "0 3 * * *", "prune_db_task_results", ("--min-age-days", "30"),
                 purpose="删除 30 天前的任务结果（数据库队列）", only_with_queue=DATABASE_QUEUE),
)

JOBS = {job.name: job for job in SCHEDULE}
