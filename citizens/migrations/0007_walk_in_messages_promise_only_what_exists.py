"""The 办结 and 不予受理 messages reach walk-in applicants too, most of whom have no account: the
rating invitation (我的办件) only when there is a link to give, and the 不予受理告知书 from the
window for those who cannot log in. Templates an administrator has edited are left as they are."""

from django.db import migrations

OLD = {
    "case_rejected": {
        "variables": "name, item_title, case_number, reason",
        "sms_text": "【示范县政务服务】{{ name }}，您申请的“{{ item_title }}”（收件编号 {{ case_number }}）不予受理，原因及救济途径请登录网站查看《不予受理告知书》。",
    },
    "case_closed": {
        "sms_text": "【示范县政务服务】{{ name }}，您申请的“{{ item_title }}”（收件编号 {{ case_number }}）已办结{% if result %}，{{ result }}{% endif %}。欢迎您登录“我的办件”对本次服务进行评价{% if rating_url %}：{{ rating_url }}{% endif %}。",
        "email_body": "{{ name }}：\n\n您申请的“{{ item_title }}”（收件编号 {{ case_number }}）已办结。{{ result }}\n\n欢迎您登录“我的办件”对本次服务进行评价（好差评）{% if rating_url %}：{{ rating_url }}{% endif %}。\n\n示范县政务服务中心",
    },
}

NEW = {
    "case_rejected": {
        "variables": 'name, item_title, case_number, reason, has_account',
        "sms_text": '【示范县政务服务】{{ name }}，您申请的“{{ item_title }}”（收件编号 {{ case_number }}）不予受理，{% if has_account %}原因及救济途径请登录网站在“我的办件”中查看《不予受理告知书》{% else %}原因及救济途径见《不予受理告知书》，请到受理窗口领取{% endif %}。',
    },
    "case_closed": {
        "sms_text": '【示范县政务服务】{{ name }}，您申请的“{{ item_title }}”（收件编号 {{ case_number }}）已办结{% if result %}，{{ result }}{% endif %}。{% if rating_url %}欢迎您登录“我的办件”对本次服务进行评价：{{ rating_url }}{% endif %}',
        "email_body": '{{ name }}：\n\n您申请的“{{ item_title }}”（收件编号 {{ case_number }}）已办结{% if result %}，{{ result }}{% endif %}。\n\n{% if rating_url %}欢迎您登录“我的办件”对本次服务进行评价（好差评）：{{ rating_url }}\n\n{% endif %}示范县政务服务中心',
    },
}


def forward(apps, schema_editor):
    MessageTemplate = apps.get_model("citizens", "MessageTemplate")
    for key, old in OLD.items():
        template = MessageTemplate.objects.filter(key=key).first()
        if template is None:
            continue
        changed = [field for field, text in old.items() if getattr(template, field) == text]
        for field in changed:
            setattr(template, field, NEW[key][field])
        if changed:
            template.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("citizens", "0006_hash_phones_of_sms_codes")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
