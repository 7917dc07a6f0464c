"""Delete one-time codes (短信验证码) used or expired more than a day ago.

They are worthless by then, and the send rate limits only look at the last hour, so deleting
them weakens nothing. Safe to run as often as you like (e.g. daily from cron).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from citizens.models import OneTimeCode

KEEP_FOR = timedelta(days=1)


def purge_expired_codes(now=None):
    """Delete the stale rows; returns how many went."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _ = OneTimeCode.objects.filter(Q(used_at__lt=cutoff) | Q(expires_at__lt=cutoff)).delete()
    return deleted


class Command(BaseCommand):
    help = "删除已使用或已失效超过 1 天的短信验证码记录，并输出删除条数。"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除过期短信验证码 {purge_expired_codes()} 条。")
