"""Re-encrypt every encrypted field under the newest PERSONAL_DATA_KEYS key (and with --rehash,
recompute the look-up hashes after PERSONAL_DATA_LOOKUP_KEY changed). See docs/domain.md
“安全与个人信息保护”."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from privacy.fields import LookupHashField, encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = "用最新密钥重新加密全部个人信息字段（轮换密钥后运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true", help="同时重新计算检索摘要（更换 PERSONAL_DATA_LOOKUP_KEY 后）。")

    def handle(self, *args, rehash=False, **options):
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if fields:
                count = self._rotate(model, fields, rehash)
                self.stdout.write(f"{model._meta.label}: {count} 条已用最新密钥重新加密。")

    def _rotate(self, model, fields, rehash):
        hash_fields = [f for f in model._meta.concrete_fields if isinstance(f, LookupHashField)] if rehash else []
        count = 0
        with transaction.atomic():
            for obj in model._base_manager.select_for_update().iterator(chunk_size=BATCH):
                updates = {f.attname: getattr(obj, f.attname) for f in fields}
                for field in hash_fields:
                    updates[field.attname] = field.pre_save(obj, add=False)
                # update() goes through get_prep_value, which encrypts under the newest key.
                model._base_manager.filter(pk=obj.pk).update(**updates)
                count += 1
        return count
