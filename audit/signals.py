"""What the audit log records without being called: staff log-ins and log-outs, failed and
locked-out log-ins to staff accounts, and every change Wagtail logs in the admin (pages,
snippets, users, settings...), mirrored here with the address it came from."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import ModelLogEntry, PageLogEntry

from . import actions
from .records import record


def _is_staff(user):
    return user is not None and (user.is_staff or user.is_superuser)


def _staff_named(username):
    user = get_user_model().objects.filter(username=username or "").first()
    return user if _is_staff(user) else None


@receiver(user_logged_in)
def staff_logged_in(sender, request, user, **kwargs):
    if _is_staff(user):
        record(actions.STAFF_LOGIN, request=request, actor=user)


@receiver(user_logged_out)
def staff_logged_out(sender, request, user, **kwargs):
    if _is_staff(user):
        record(actions.STAFF_LOGOUT, request=request, actor=user)


@receiver(user_login_failed)
def staff_login_failed(sender, credentials, request=None, **kwargs):
    # Only attempts on staff accounts: a citizen's user name is a phone number, which the
    # audit log has no need to hold.
    user = _staff_named(credentials.get("username"))
    if user is not None:
        record(actions.STAFF_LOGIN_FAILED, request=request, actor_name=user.get_username(), target=user.get_username())


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    user = _staff_named(username)
    name = user.get_username() if user is not None else "（申请人或不存在的账户）"
    record(actions.LOCKED_OUT, request=request, actor_name=name, target=name, detail=f"来源 {ip_address}")


def _mirror_log_entry(sender, instance, created, **kwargs):
    if not created:
        return
    detail = f"{instance.action}：{instance.label}"[:1000]
    object_id = instance.page_id if isinstance(instance, PageLogEntry) else instance.object_id
    target = f"{instance.object_verbose_name} #{object_id}"
    record(actions.ADMIN_CHANGE, actor=instance.user, target=target, detail=detail)


post_save.connect(_mirror_log_entry, sender=ModelLogEntry, dispatch_uid="audit_model_log")
post_save.connect(_mirror_log_entry, sender=PageLogEntry, dispatch_uid="audit_page_log")
