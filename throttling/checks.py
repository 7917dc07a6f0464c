"""`check --deploy`: rate limits and the working-day calendar's change signal need a cache
that every worker process shares (docs/domain.md 安全与个人信息保护)."""

from django.conf import settings
from django.core import checks

PER_PROCESS_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.security, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_BACKENDS:
        return [checks.Error(
            f"默认缓存 {backend} 只在单个进程内有效：多进程部署时访问频率限制和工作日历更新通知会失效。",
            hint="设置 REDIS_URL 使用 Redis 共享缓存。", id="throttling.E001",
        )]
    return []
