"""Staff group names (角色), shared by `setup_portal` and by apps that grant their own
permissions to these groups (e.g. casework's case permissions)."""

GROUP_EDITORS = "编辑"  # 综合股/科室: maintain item pages, notices, disclosure pages
GROUP_PRE_REVIEW = "分管领导"  # first stage of 政务公开 review
GROUP_APPROVAL = "领导小组"  # 政务公开领导小组: final approval
GROUP_WINDOW_STAFF = "窗口工作人员"  # stationed departments' window staff
GROUP_SUPERVISORS = "督查"  # 督查股/监察室

ALL_GROUPS = (GROUP_EDITORS, GROUP_PRE_REVIEW, GROUP_APPROVAL, GROUP_WINDOW_STAFF, GROUP_SUPERVISORS)
