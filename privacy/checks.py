"""Start-up check: personal data cannot be stored without valid keys (`manage.py check`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=False)
def personal_data_keys(app_configs, **kwargs):
    from django.core.exceptions import ImproperlyConfigured

    from . import keys

    errors = []
    try:
        keys.fernet()
    except ImproperlyConfigured as error:
        errors.append(checks.Error(str(error), hint="见 README“配置”一节：PERSONAL_DATA_KEYS。", id="privacy.E010"))
    if len(getattr(settings, "PERSONAL_DATA_LOOKUP_KEY", "") or "") < 32:
        errors.append(checks.Error(
            "PERSONAL_DATA_LOOKUP_KEY 未配置或少于 32 个字符。", hint="见 README“配置”一节。", id="privacy.E011",
        ))
    return errors
