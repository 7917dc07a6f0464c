"""The wording every message starts with: seeded into MessageTemplate by migration, and
restored from here if an administrator deletes a template the portal needs."""

SIGN = "【示范县政务服务】"

DEFAULT_TEMPLATES = [
    (
        "otp_code", "短信验证码", "code, purpose, minutes",
        SIGN + "您的{{ purpose }}验证码为 {{ code }}，{{ minutes }} 分钟内有效。请勿泄露给他人，工作人员不会向您索要验证码。",
        "", "",
    ),
    (
        "application_submitted", "网上申请已提交", "name, item_title, case_number",
        SIGN + "{{ name }}，您申请的“{{ item_title }}”（收件编号 {{ case_number }}）已提交，窗口工作人员将尽快预审。",
        "网上申请已提交：{{ item_title }}",
        "{{ name }}：\n\n您申请的“{{ item_title }}”（收件编号 {{ case_number }}）已提交，窗口工作人员将尽快完成预审，结果将以短信通知。\n\n示范县政务服务中心",
    ),
    (
        "correction_requested", "材料补齐通知（一次性告知）", "name, item_title, case_number, problems, due_date",
        SIGN + "{{ name }}，您申请的“{{ item_title }}”（收件编号 {{ case_number }}）需补正材料，请登录网站查看《材料补齐通知书》{% if due_date %}，并于 {{ due_date }} 前补正{% endif %}。",
        "材料补齐通知：{{ item_title }}",
        "{{ name }}：\n\n您申请的“{{ item_title }}”（收件编号 {{ case_number }}）经预审，需补正以下材料（一次性告知）：\n\n{{ problems }}\n\n{% if due_date %}请于 {{ due_date }} 前登录网站补正。{% endif %}\n\n示范县政务服务中心",
    ),
    (
        "case_accepted", "已受理", "name, item_title, case_number, deadline",
        SIGN + "{{ name }}，您申请的“{{ item_title }}”已受理，收件编号 {{ case_number }}，承诺 {{ deadline }} 前办结。",
        "受理通知：{{ item_title }}",
        "{{ name }}：\n\n您申请的“{{ item_title }}”已于今日受理，收件编号 {{ case_number }}，承诺办结日期为 {{ deadline }}。\n\n示范县政务服务中心",
    ),
    (
        "case_rejected", "不予受理", "name, item_title, case_number, reason, has_account",
        SIGN + "{{ name }}，您申请的“{{ item_title }}”（收件编号 {{ case_number }}）不予受理，{% if has_account %}原因及救济途径请登录网站在“我的办件”中查看《不予受理告知书》{% else %}原因及救济途径见《不予受理告知书》，请到受理窗口领取{% endif %}。",
        "不予受理告知：{{ item_title }}",
        "{{ name }}：\n\n您申请的“{{ item_title }}”（收件编号 {{ case_number }}）不予受理。\n\n原因：{{ reason }}\n\n如对本决定不服，可依法申请行政复议或者提起行政诉讼。\n\n示范县政务服务中心",
    ),
    (
        "case_closed", "已办结", "name, item_title, case_number, result, rating_url",
        SIGN + "{{ name }}，您申请的“{{ item_title }}”（收件编号 {{ case_number }}）已办结{% if result %}，{{ result }}{% endif %}。{% if rating_url %}欢迎您登录“我的办件”对本次服务进行评价：{{ rating_url }}{% endif %}",
        "办结通知：{{ item_title }}",
        "{{ name }}：\n\n您申请的“{{ item_title }}”（收件编号 {{ case_number }}）已办结{% if result %}，{{ result }}{% endif %}。\n\n{% if rating_url %}欢迎您登录“我的办件”对本次服务进行评价（好差评）：{{ rating_url }}\n\n{% endif %}示范县政务服务中心",
    ),
    (
        "deadline_reminder_staff", "临近办结时限提醒（工作人员）", "staff_name, item_title, case_number, deadline, days_left",
        SIGN + "{{ staff_name }}，办件 {{ case_number }}（{{ item_title }}）将于 {{ deadline }} 到期，剩余 {{ days_left }} 个工作日，请及时办理。",
        "临近时限提醒：{{ case_number }}",
        "{{ staff_name }}：\n\n办件 {{ case_number }}（{{ item_title }}）承诺办结日期为 {{ deadline }}，剩余 {{ days_left }} 个工作日，请及时办理。",
    ),
    (
        "overdue_supervisor", "超期办件督办（督查）", "department, item_title, case_number, deadline, overdue_days",
        SIGN + "督办：{{ department }}办件 {{ case_number }}（{{ item_title }}）已超过承诺时限 {{ overdue_days }} 个工作日（应于 {{ deadline }} 办结）。",
        "超期督办：{{ case_number }}",
        "{{ department }}办件 {{ case_number }}（{{ item_title }}）应于 {{ deadline }} 办结，已超期 {{ overdue_days }} 个工作日，请督办并登记超期原因。",
    ),
    (
        "letter_received", "信件已登记", "tracking_number, letter_type",
        SIGN + "您的{{ letter_type }}信件已登记，编号 {{ tracking_number }}。可凭编号和本手机号在网站“信件查询”查看办理进度和答复。",
        "", "",
    ),
    (
        "letter_replied", "信件已答复", "tracking_number, letter_type",
        SIGN + "您的{{ letter_type }}信件（{{ tracking_number }}）已答复，请凭编号和本手机号在网站“信件查询”查看，并对答复作出满意或不满意的评价。",
        "", "",
    ),
    (
        "letter_reviewed", "信件复核结果", "tracking_number",
        SIGN + "您的信件（{{ tracking_number }}）已完成复核，请凭编号和本手机号在网站“信件查询”查看复核意见。",
        "", "",
    ),
    (
        "letter_overdue_supervisor", "信件超期督办（督查）", "tracking_number, letter_type, department, due_date",
        SIGN + "督办：{{ department }}承办的{{ letter_type }}信件 {{ tracking_number }} 已超过答复期限（{{ due_date }}），请督促办理。",
        "信件超期督办：{{ tracking_number }}",
        "{{ department }}承办的{{ letter_type }}信件 {{ tracking_number }} 应于 {{ due_date }} 前答复，现已超期，请督促办理。",
    ),
    (
        "letter_due_soon_staff", "信件临近答复期限（工作人员）", "tracking_number, letter_type, due_date",
        "",
        "信件临近答复期限：{{ tracking_number }}",
        "本部门承办的{{ letter_type }}信件 {{ tracking_number }} 应于 {{ due_date }} 前答复，请及时办理。",
    ),
    (
        "visit_rating_invite", "窗口服务评价邀请（一次一评）", "department, rating_url",
        SIGN + "感谢您到大厅办理业务。欢迎对本次{{ department }}窗口服务进行评价：{{ rating_url }}",
        "", "",
    ),
    (
        "rectification_reminder", "差评整改提醒", "department, due_date, overdue",
        "",
        "差评整改{% if overdue %}已超期{% else %}临近期限{% endif %}：{{ department }}",
        "{{ department }}有一条差评整改{% if overdue %}已超过整改期限（{{ due_date }}）{% else %}应于 {{ due_date }} 前完成{% endif %}，请尽快回访并登记整改结果。",
    ),
    # 预约与叫号 (reservations app)
    (
        "booking_confirmed", "预约成功", "item_title, code, hall, address, date, time",
        SIGN + "您已预约{{ date }} {{ time }}在{{ hall }}办理“{{ item_title }}”，预约码 {{ code }}。请按时到大厅凭预约码签到取号，如不能前往请提前取消。",
        "", "",
    ),
    (
        "booking_rescheduled", "预约改期", "item_title, code, hall, address, date, time",
        SIGN + "您的预约（预约码 {{ code }}）已改为{{ date }} {{ time }}，地点{{ hall }}，办理“{{ item_title }}”。",
        "", "",
    ),
    (
        "booking_cancelled", "预约已取消", "item_title, code, hall, address, date, time",
        SIGN + "您{{ date }} {{ time }}“{{ item_title }}”的预约（预约码 {{ code }}）已取消。",
        "", "",
    ),
    (
        "booking_reminder", "预约前一天提醒", "item_title, code, hall, address, date, time",
        SIGN + "提醒：您预约了{{ date }} {{ time }}在{{ hall }}（{{ address }}）办理“{{ item_title }}”，预约码 {{ code }}。如不能前往请提前取消。",
        "", "",
    ),
    (
        "booking_sanction", "预约失信提醒", "text",
        SIGN + "{{ text }}",
        "", "",
    ),
    (
        "pre_review_passed", "预审通过（邀请预约）", "name, item_title, case_number, booking_url",
        SIGN + "{{ name }}，您申请的“{{ item_title }}”（{{ case_number }}）已通过预审。{% if booking_url %}可预约到窗口优先办理：{{ booking_url }}{% else %}请携带材料原件到窗口办理。{% endif %}",
        "", "",
    ),
    (
        "inforequest_received", "依申请公开已收到", "name, number, due_date",
        SIGN + "{{ name }}，您的政府信息公开申请已收到，申请编号 {{ number }}，我们将于 {{ due_date }} 前答复。可凭申请编号和手机号在网站查询进度。",
        "政府信息公开申请已收到：{{ number }}",
        "{{ name }}：\n\n您的政府信息公开申请已收到，申请编号 {{ number }}。依照《政府信息公开条例》，我们将于 {{ due_date }} 前答复。\n\n可凭申请编号和手机号码在网站“依申请公开”栏目查询办理进度。\n\n示范县政务服务中心",
    ),
    (
        "inforequest_correction", "依申请公开补正通知", "name, number, answer_by",
        SIGN + "{{ name }}，您的政府信息公开申请（{{ number }}）内容需要补正，请凭申请编号和手机号在网站查看《补正申请告知书》{% if answer_by %}，并于 {{ answer_by }} 前补正{% else %}并答复{% endif %}。补正前答复期限暂停计算。",
        "政府信息公开申请需补正：{{ number }}",
        "{{ name }}：\n\n您的政府信息公开申请（申请编号 {{ number }}）内容需要补正，请凭申请编号和手机号码在网站查看《补正申请告知书》{% if answer_by %}，并于 {{ answer_by }} 前补正{% else %}并答复{% endif %}。补正前答复期限暂停计算。\n\n示范县政务服务中心",
    ),
    (
        "inforequest_extended", "依申请公开延期答复", "name, number, due_date",
        SIGN + "{{ name }}，您的政府信息公开申请（{{ number }}）经批准延期答复，答复期限延至 {{ due_date }}。",
        "政府信息公开申请延期答复：{{ number }}",
        "{{ name }}：\n\n您的政府信息公开申请（申请编号 {{ number }}）因需要延长答复期限，经负责人同意，答复期限延至 {{ due_date }}。详见《延期答复告知书》。\n\n示范县政务服务中心",
    ),
    (
        "inforequest_answered", "依申请公开已答复", "name, number, result",
        SIGN + "{{ name }}，您的政府信息公开申请（{{ number }}）已答复：{{ result }}。请凭申请编号和手机号在网站查看答复书。",
        "政府信息公开申请答复：{{ number }}",
        "{{ name }}：\n\n您的政府信息公开申请（申请编号 {{ number }}）已答复，处理决定：{{ result }}。请凭申请编号和手机号码在网站查看答复书。如对答复不服，可依法申请行政复议或者提起行政诉讼。\n\n示范县政务服务中心",
    ),
]


def default_fields(key):
    for template_key, name, variables, sms_text, subject, body in DEFAULT_TEMPLATES:
        if template_key == key:
            return {"name": name, "variables": variables, "sms_text": sms_text, "email_subject": subject, "email_body": body}
    return None
