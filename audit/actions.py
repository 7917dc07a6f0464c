"""The actions the audit log records, with the Chinese label supervisors see.

Apps may record other action names (e.g. "case.accept"); a name not listed here is shown as is.
"""

STAFF_LOGIN = "login.staff"
STAFF_LOGIN_FAILED = "login.failed"
STAFF_LOGOUT = "logout.staff"
LOCKED_OUT = "login.locked_out"
SECOND_FACTOR_SET_UP = "otp.set_up"
SECOND_FACTOR_FAILED = "otp.failed"
ADMIN_CHANGE = "admin.change"
EXPORT = "export"
REVEAL = "personal_data.reveal"
CASE_ACTION = "case.action"
SMS_BUDGET_EXHAUSTED = "sms.budget_exhausted"
DATA_DELETED = "data.deleted"

ACTION_LABELS = {
    STAFF_LOGIN: "工作人员登录",
    STAFF_LOGIN_FAILED: "登录失败",
    STAFF_LOGOUT: "工作人员退出",
    LOCKED_OUT: "账户锁定",
    SECOND_FACTOR_SET_UP: "绑定动态口令",
    SECOND_FACTOR_FAILED: "动态口令错误",
    ADMIN_CHANGE: "后台变更",
    EXPORT: "导出数据",
    REVEAL: "查看完整个人信息",
    CASE_ACTION: "办理操作",  # any matter on the case engine: 办件, 依申请公开, 信件
    SMS_BUDGET_EXHAUSTED: "短信发送量达到上限",
    DATA_DELETED: "到期数据删除",
}
