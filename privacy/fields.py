"""Model fields for personal data: encrypted at rest, with a keyed hash for look-ups.

    phone = EncryptedCharField("手机号码", max_length=11)
    phone_hash = LookupHashField(source="phone", unique=True)

    CitizenProfile.objects.filter(phone_hash=lookup_hash_of("13812341234"))

The encrypted column holds a Fernet token (random IV, so equal values differ in the database
and cannot be searched); the hash column is filled from the source field on every save, after
the same normalisation the forms use (privacy.normalize), so typed variants find the record.
"""

from django.core import checks
from django.core.exceptions import FieldError
from django.core.validators import MaxLengthValidator
from django.db import models

from . import keys
from .normalize import normalize_number


class EncryptedCharField(models.TextField):
    """A short text stored encrypted. max_length applies to the plain text (forms, validation)."""

    description = "加密存储的文本"

    def __init__(self, *args, **kwargs):
        self.plain_max_length = kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)
        if self.plain_max_length:
            self.validators.append(MaxLengthValidator(self.plain_max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or self.db_index:
            errors.append(checks.Error("加密字段不能建索引或唯一约束，请使用 LookupHashField。", obj=self, id="privacy.E001"))
        return errors

    def get_lookup(self, lookup_name):
        # A filter on the ciphertext would silently match nothing (every token differs).
        if lookup_name != "isnull":
            raise FieldError(f"加密字段 {self.name} 不能按内容查询，请按对应的 LookupHashField 查询。")
        return super().get_lookup(lookup_name)

    def from_db_value(self, value, expression, connection):
        return None if value is None else keys.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return keys.encrypt(str(value))

    def formfield(self, **kwargs):
        from django import forms

        # Field.formfield, not TextField's: the model's label, help text and blank=True (not
        # required) carry over, with a one-line input; a widget the admin offers for TextFields
        # (a textarea) is dropped for the same reason.
        kwargs = {k: v for k, v in kwargs.items() if k != "widget"}
        return models.Field.formfield(self, form_class=forms.CharField, max_length=self.plain_max_length, **kwargs)


def lookup_hash_of(value) -> str:
    """The look-up hash a LookupHashField stores for `value` ("" for an empty value)."""
    normalized = normalize_number(value)
    return keys.lookup_hash(normalized) if normalized else ""


class LookupHashField(models.CharField):
    """HMAC of another field's value, recomputed on save; filter on it to find a record."""

    description = "个人信息检索摘要"

    def __init__(self, *args, source=None, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        if not args:
            kwargs.setdefault("verbose_name", "检索摘要")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = lookup_hash_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedCharField)]
