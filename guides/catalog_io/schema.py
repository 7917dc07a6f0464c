"""The exchange format of the item catalogue: JSON keys, their Chinese labels and the xlsx layout.

One table drives the JSON validator, the xlsx reader/writer and the exporter, so the three can
never drift apart. JSON keys follow the catalogue brief; xlsx headers are the Chinese labels.
"""

# JSON key → Chinese label, in export order. Used for error messages and xlsx headers.
ITEM_LABELS = {
    "code": "事项编码",
    "name": "事项名称",
    "item_type": "事项类型",
    "department": "实施主体",
    "themes": "主题分类",
    "audience": "服务对象",
    "summary": "事项简介",
    "status": "事项状态",
    "version": "版本",
    "effective_date": "生效日期",
    "basis": "设定依据",
    "conditions": "受理条件",
    "quantity_limit": "数量限制",
    "legal_limit_days": "法定办结时限",
    "promised_limit_days": "承诺办结时限",
    "processing_kind": "办件类型",
    "fee": "收费",
    "visits": "到现场次数",
    "online": "是否网办",
    "reservable": "是否可预约",
    "location": "办理地点",
    "window": "办理窗口",
    "hours": "办理时间",
    "phone": "咨询电话",
    "complaint_phone": "监督投诉电话",
    "steps": "办理流程",
    "result": "办理结果",
    "result_sample": "结果样本",
    "notes": "注意事项",
    "prerequisites": "前置事项",
    "materials": "申请材料",
    "special_steps": "特殊环节",
    "faqs": "常见问题",
    "legal_bases": "设定依据条文",
}

REQUIRED_KEYS = ("code", "name", "item_type", "department", "audience", "processing_kind", "promised_limit_days")

# Plain text keys → the ServiceItemPage field they fill (max_length is read from the model).
TEXT_FIELDS = {
    "summary": "summary",
    "version": "version",
    "conditions": "conditions",
    "quantity_limit": "quantity_limit",
    "location": "location",
    "window": "window",
    "hours": "hours",
    "phone": "phone",
    "complaint_phone": "complaint_phone",
    "result": "result_name",
    "notes": "notes",
}

MATERIAL_LABELS = {
    "name": "材料名称",
    "form": "材料形式",
    "copies": "份数",
    "required": "是否必须",
    "condition": "提交条件",
    "source": "来源渠道",
    "source_category": "来源渠道类别",
    "signer": "签字盖章要求",
    "specification": "规格说明",
    "blank_form": "空白表格",
    "sample": "示范文本",
}
FEE_ITEM_LABELS = {"name": "收费项目", "amount": "金额", "unit": "单位"}
SPECIAL_STEP_LABELS = {"kind": "环节", "limit_days": "时限", "counts_in_limit": "计入办结时限", "description": "说明"}
FAQ_LABELS = {"question": "问题", "answer": "解答"}
LEGAL_BASIS_LABELS = {"law_name": "法律法规名称", "article": "条款", "excerpt": "条文摘录"}
STEP_LABELS = {"title": "步骤名称", "description": "步骤说明"}

# xlsx layout: sheet 事项 has one row per item; list-valued children get their own sheets,
# keyed by 事项编码 and kept in file order.
ITEM_SHEET = "事项"
MATERIAL_SHEET = "申请材料"
FEE_SHEET = "收费项目"
SPECIAL_STEP_SHEET = "特殊环节"
FAQ_SHEET = "常见问题"
LEGAL_BASIS_SHEET = "设定依据条文"
# Steps with their descriptions; the 事项 sheet's 办理流程 column lists the titles only.
STEP_SHEET = "办理步骤"
CODE_HEADER = "事项编码"

# (header, JSON key or fee sub-key, kind). kind drives cell conversion both ways.
ITEM_COLUMNS = [
    ("事项编码", "code", "text"),
    ("事项名称", "name", "text"),
    ("事项类型", "item_type", "text"),
    ("实施主体", "department", "text"),
    ("主题分类", "themes", "list、"),
    ("服务对象", "audience", "list、"),
    ("事项简介", "summary", "text"),
    ("事项状态", "status", "text"),
    ("版本", "version", "text"),
    ("生效日期", "effective_date", "date"),
    ("设定依据", "basis", "text"),
    ("受理条件", "conditions", "text"),
    ("数量限制", "quantity_limit", "text"),
    ("法定办结时限", "legal_limit_days", "int"),
    ("承诺办结时限", "promised_limit_days", "int"),
    ("办件类型", "processing_kind", "text"),
    ("是否收费", "fee.charged", "bool"),
    ("收费依据", "fee.basis", "text"),
    ("到现场次数", "visits", "int"),
    ("是否网办", "online", "bool"),
    ("是否可预约", "reservable", "bool"),
    ("办理地点", "location", "text"),
    ("办理窗口", "window", "text"),
    ("办理时间", "hours", "text"),
    ("咨询电话", "phone", "text"),
    ("监督投诉电话", "complaint_phone", "text"),
    ("办理流程", "steps", "lines"),
    ("办理结果", "result", "text"),
    ("结果样本", "result_sample", "text"),
    ("注意事项", "notes", "text"),
    ("前置事项", "prerequisites", "list、"),
]
# Headers a workbook must have; the rest may be left out.
REQUIRED_ITEM_HEADERS = ("事项编码", "事项名称", "事项类型", "实施主体", "服务对象", "办件类型", "承诺办结时限")

CHILD_SHEETS = {
    MATERIAL_SHEET: (
        "materials",
        [
            ("材料名称", "name", "text"),
            ("材料形式", "form", "text"),
            ("份数", "copies", "int"),
            ("是否必须", "required", "bool"),
            ("提交条件", "condition", "text"),
            ("来源渠道", "source", "text"),
            ("来源渠道类别", "source_category", "text"),
            ("签字盖章要求", "signer", "text"),
            ("规格说明", "specification", "text"),
            ("空白表格", "blank_form", "text"),
            ("示范文本", "sample", "text"),
        ],
    ),
    FEE_SHEET: (
        "fee.items",
        [("收费项目", "name", "text"), ("金额", "amount", "number"), ("单位", "unit", "text")],
    ),
    SPECIAL_STEP_SHEET: (
        "special_steps",
        [
            ("环节", "kind", "text"),
            ("时限", "limit_days", "int"),
            ("计入办结时限", "counts_in_limit", "bool"),
            ("说明", "description", "text"),
        ],
    ),
    FAQ_SHEET: ("faqs", [("问题", "question", "text"), ("解答", "answer", "text")]),
    LEGAL_BASIS_SHEET: (
        "legal_bases",
        [("法律法规名称", "law_name", "text"), ("条款", "article", "text"), ("条文摘录", "excerpt", "text")],
    ),
    STEP_SHEET: ("_step_rows", [("步骤名称", "title", "text"), ("步骤说明", "description", "text")]),
}
REQUIRED_CHILD_HEADERS = {
    MATERIAL_SHEET: ("材料名称",),
    FEE_SHEET: ("收费项目", "金额"),
    SPECIAL_STEP_SHEET: ("环节",),
    FAQ_SHEET: ("问题", "解答"),
    LEGAL_BASIS_SHEET: ("法律法规名称",),
    STEP_SHEET: ("步骤名称",),
}
