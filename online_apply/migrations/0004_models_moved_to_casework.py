"""The case models now live in casework (casework/0001 takes them over, tables unchanged)."""

from django.db import migrations

MOVED_IN_DEPENDENCY_ORDER = [
    "ClockStop", "CorrectionItem", "CorrectionRequest", "CaseNotice", "CaseMaterial", "CaseTransition",
    "DeficiencyPromise", "JointOpinion", "DeadlineReminder", "StaffAssignment", "StopReason", "Case",
]


class Migration(migrations.Migration):
    dependencies = [
        ("online_apply", "0003_deadline_reminder"),
        ("casework", "0001_moved_from_online_apply"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name) for name in MOVED_IN_DEPENDENCY_ORDER],
        ),
    ]
