"""Admin menu 申请人服务: message templates (editable) and citizen accounts (read-mostly, masked)."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import CitizenProfile, MessageTemplate

TEMPLATE_HELP = (
    "<p>短信和邮件内容使用模板语法：用 <code>{{ 变量名 }}</code> 插入变量（可用变量见“可用变量”一栏），"
    "可用 <code>{% if %}</code>、<code>{% for %}</code> 等基本标签。短信须以签名开头，如【示范县政务服务】。"
    "验证码短信请保留“请勿泄露”提示。</p>"
)


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds these rows in the admin (Wagtail has no switch to turn the add view off).

    Message templates are found by the key the code sends, and the key is read-only in the
    form, so an added one had an empty key (never sent; a second one a unique-key 500).
    Citizen accounts are created only by citizens themselves. Copy needs "add" as well.
    """

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(MessageTemplate, NoAddPermissionPolicy(MessageTemplate))
register_permission_policy(CitizenProfile, NoAddPermissionPolicy(CitizenProfile))


class MessageTemplateViewSet(ModelViewSet):
    model = MessageTemplate
    icon = "mail"
    menu_label = "消息模板"
    list_display = ["name", "key", "updated_at"]
    search_fields = ["name", "key", "sms_text"]
    edit_handler = ObjectList([
        HelpPanel(content=TEMPLATE_HELP, heading="说明"),
        FieldPanel("name"),
        FieldPanel("key", read_only=True),
        FieldPanel("variables", read_only=True),
        FieldPanel("sms_text"),
        FieldPanel("email_subject"),
        FieldPanel("email_body"),
    ])


class CitizenProfileViewSet(ModelViewSet):
    """Accounts are created only by citizens themselves; staff may look up and correct e-mail."""

    model = CitizenProfile
    icon = "user"
    menu_label = "申请人账户"
    list_display = ["__str__", "masked_id_number", "created"]
    search_fields = ["real_name"]  # phone and ID number are encrypted: not searchable as text
    list_filter = ["created"]
    inspect_view_enabled = True
    inspect_view_fields = ["masked_name", "masked_phone", "masked_id_number", "email", "created"]
    edit_handler = ObjectList([FieldPanel("email")])


class CitizenServicesGroup(ViewSetGroup):
    menu_label = "申请人服务"
    menu_icon = "group"
    menu_order = 700
    items = (MessageTemplateViewSet("message_templates"), CitizenProfileViewSet("citizen_profiles"))


@hooks.register("register_admin_viewset")
def register_citizen_services():
    return CitizenServicesGroup()
