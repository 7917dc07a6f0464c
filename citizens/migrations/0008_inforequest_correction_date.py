"""The 依申请公开 补正 message now names the 补正期限 (inforequests 0003). A template still worded
as seeded gets the new default wording; one an editor changed is left alone."""

from django.db import migrations

KEY = "inforequest_correction"
OLD_SMS = ("【示范县政务服务】{{ name }}，您的政府信息公开申请（{{ number }}）内容需要补正，请凭申请编号和手机号在网站查看"
           "《补正申请告知书》并答复。补正前答复期限暂停计算。")
OLD_EMAIL = ("{{ name }}：\n\n您的政府信息公开申请（申请编号 {{ number }}）内容需要补正，请凭申请编号和手机号码在网站查看"
             "《补正申请告知书》并答复。补正前答复期限暂停计算。\n\n示范县政务服务中心")


def forwards(apps, schema_editor):
    from citizens.default_messages import default_fields

    MessageTemplate = apps.get_model("citizens", "MessageTemplate")
    new = default_fields(KEY)
    template = MessageTemplate.objects.filter(key=KEY).first()
    if template is None or new is None:
        return
    changed = []
    if template.sms_text == OLD_SMS:
        template.sms_text = new["sms_text"]
        changed.append("sms_text")
    if template.email_body == OLD_EMAIL:
        template.email_body = new["email_body"]
        changed.append("email_body")
    if changed:
        template.variables = new["variables"]
        template.save(update_fields=[*changed, "variables"])


class Migration(migrations.Migration):
    dependencies = [("citizens", "0007_walk_in_messages_promise_only_what_exists")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
