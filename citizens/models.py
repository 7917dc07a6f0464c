"""Citizen accounts (申请人账户), one-time SMS codes and editable message templates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from privacy.fields import EncryptedCharField, LookupHashField, lookup_hash_of

from .masking import mask_id_number, mask_name, mask_phone
from .validators import validate_id_number, validate_phone


class CitizenProfile(models.Model):
    """申请人: the real-name identity behind a citizen's login.

    Citizens are ordinary Django users with an opaque user name and nothing personal in
    auth_user (citizens.accounts), found by `phone_hash`, with no admin access; staff
    accounts never have a profile, which is how the two kinds of account are told apart.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen", verbose_name="用户",
    )
    phone = EncryptedCharField("手机号码", max_length=11, validators=[validate_phone])
    phone_hash = LookupHashField("手机号码检索摘要", source="phone", unique=True)
    real_name = models.CharField("真实姓名", max_length=50)
    id_number = EncryptedCharField("居民身份证号码", max_length=18, validators=[validate_id_number])
    id_number_hash = LookupHashField("身份证号码检索摘要", source="id_number", db_index=True)
    email = models.EmailField("电子邮箱", blank=True)
    created = models.DateTimeField("注册时间", auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "申请人账户"
        verbose_name_plural = "申请人账户"

    def __str__(self):
        return f"{self.masked_name}（{self.masked_phone}）"

    @classmethod
    def with_phone(cls, phone):
        return cls.objects.filter(phone_hash=lookup_hash_of(phone))

    @classmethod
    def with_id_number(cls, id_number):
        return cls.objects.filter(id_number_hash=lookup_hash_of(id_number))

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def masked_name(self):
        return mask_name(self.real_name)


class OneTimeCode(models.Model):
    """短信验证码: only keyed hashes are stored, never the code or the phone it went to.

    The phone's hash (the same HMAC as CitizenProfile.phone_hash) is all the per-phone limits
    and the check of a typed code need (docs/domain.md 个人信息的存储与显示)."""

    phone_hash = models.CharField("手机号码检索摘要", max_length=64)
    purpose = models.CharField("用途", max_length=30)
    code_hash = models.CharField("验证码摘要", max_length=64)
    created = models.DateTimeField("发送时间", auto_now_add=True)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField("错误次数", default=0)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["phone_hash", "purpose", "created"])]
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"

    def __str__(self):
        return f"{self.purpose} {self.created:%Y-%m-%d %H:%M}"


class MessageTemplate(models.Model):
    """消息模板: the wording of every SMS and e-mail the portal sends, editable by administrators.

    Texts use Django template syntax ({{ code }}, {{ case_number }}…) rendered in a sandbox that
    has no access to files, other templates or the {% debug %} tag.
    """

    key = models.SlugField("模板标识", max_length=50, unique=True, help_text="程序使用的标识，请勿修改。")
    name = models.CharField("模板名称", max_length=100)
    sms_text = models.TextField(
        "短信内容", blank=True, help_text="留空则不发送短信。建议不超过 70 字（一条短信）。可用变量见说明。",
    )
    email_subject = models.CharField("邮件标题", max_length=200, blank=True)
    email_body = models.TextField("邮件正文", blank=True, help_text="留空则不发送邮件。")
    variables = models.CharField("可用变量", max_length=300, blank=True, help_text="供编辑参考，如：code, minutes")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "消息模板"
        verbose_name_plural = "消息模板"

    def __str__(self):
        return self.name

    def clean(self):
        from .messaging import compile_template

        errors = {}
        for field in ("sms_text", "email_subject", "email_body"):
            try:
                compile_template(getattr(self, field))
            except ValidationError as error:
                errors[field] = error
        if self.email_body and not self.email_subject:
            errors["email_subject"] = ValidationError("填写了邮件正文时，邮件标题不能为空。")
        if errors:
            raise ValidationError(errors)
