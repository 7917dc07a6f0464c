"""The case models move from online_apply to casework; their tables and rows stay.

State only: the tables keep their `online_apply_*` names (set as db_table), so no data is
copied. Existing content types are relabelled so permissions granted to groups follow the
models, and the staff groups get the casework permissions on a fresh database too.
"""

import django.db.models.deletion
import django.utils.timezone
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import casework.storage

MOVED = [
    "case", "casematerial", "casenotice", "casetransition", "clockstop", "correctionitem", "correctionrequest",
    "deadlinereminder", "deficiencypromise", "jointopinion", "staffassignment", "stopreason",
]
GRANTS = {
    "窗口工作人员": ["process_case", "view_case"],
    "督查": ["supervise_case", "process_case", "view_case", "view_stopreason", "view_staffassignment"],
}


def relabel_and_grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label="casework").values_list("model", flat=True))
    ContentType.objects.filter(app_label="online_apply", model__in=[m for m in MOVED if m not in taken]).update(
        app_label="casework"
    )
    create_permissions(global_apps.get_app_config("casework"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="casework", codename__in=codenames))
        if admin_access:
            group.permissions.add(admin_access)


def relabel_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="casework", model__in=MOVED).update(app_label="online_apply")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("online_apply", "0003_deadline_reminder"),
        ("guides", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='StopReason',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=50, unique=True, verbose_name='暂停计时事由')),
                        ('max_working_days', models.PositiveIntegerField(verbose_name='最长暂停（工作日）')),
                        ('active', models.BooleanField(default=True, verbose_name='启用')),
                    ],
                    options={
                        'db_table': 'online_apply_stopreason',
                        'verbose_name': '暂停计时事由',
                        'verbose_name_plural': '暂停计时事由',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Case',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('receipt_number', models.CharField(blank=True, max_length=32, null=True, unique=True, verbose_name='收件编号')),
                        ('processing_kind', models.CharField(choices=[('即办件', '即办件'), ('承诺件', '承诺件'), ('答复件', '答复件'), ('联办件', '联办件'), ('报批件', '报批件')], editable=False, max_length=4, verbose_name='办件类型')),
                        ('promised_limit_days', models.PositiveIntegerField(editable=False, verbose_name='承诺办结时限（工作日）')),
                        ('applicant_type', models.CharField(choices=[('自然人', '自然人'), ('法人', '法人')], default='自然人', max_length=4, verbose_name='申请人类型')),
                        ('applicant_name', models.CharField(max_length=50, verbose_name='申请人姓名')),
                        ('applicant_id_number', models.CharField(max_length=18, verbose_name='证件号码')),
                        ('applicant_phone', models.CharField(max_length=11, verbose_name='联系电话')),
                        ('organisation_name', models.CharField(blank=True, max_length=200, verbose_name='单位名称')),
                        ('organisation_code', models.CharField(blank=True, max_length=18, verbose_name='统一社会信用代码')),
                        ('address', models.CharField(blank=True, max_length=200, verbose_name='联系地址')),
                        ('description', models.TextField(blank=True, verbose_name='申请事项说明')),
                        ('declaration_accepted', models.BooleanField(default=False, verbose_name='已确认申请承诺')),
                        ('is_online', models.BooleanField(default=True, verbose_name='网上申报')),
                        ('status', models.CharField(choices=[('draft', '草稿'), ('submitted', '待预审'), ('correction', '待补正'), ('pre_approved', '预审通过'), ('accepted', '已受理'), ('stopped', '暂停计时'), ('forwarded', '已转报'), ('rejected', '不予受理'), ('closed', '已办结'), ('withdrawn', '已撤回')], db_index=True, default='draft', max_length=16, verbose_name='状态')),
                        ('draft_step', models.PositiveSmallIntegerField(default=1, verbose_name='草稿进行到第几步')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                        ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='提交时间')),
                        ('pre_reviewed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='预审通过时间')),
                        ('accepted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='受理时间')),
                        ('acceptance_date', models.DateField(blank=True, editable=False, null=True, verbose_name='受理日期')),
                        ('due_date', models.DateField(blank=True, db_index=True, editable=False, null=True, verbose_name='承诺办结日期')),
                        ('closed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='办结时间')),
                        ('stopped_working_days', models.PositiveIntegerField(default=0, editable=False, verbose_name='累计暂停工作日')),
                        ('correction_rounds', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='补正次数')),
                        ('accepted_with_deficiency', models.BooleanField(default=False, editable=False, verbose_name='容缺受理')),
                        ('forwarded_to', models.CharField(blank=True, max_length=100, verbose_name='转报机关')),
                        ('higher_decision', models.TextField(blank=True, verbose_name='上级机关决定')),
                        ('result', models.TextField(blank=True, verbose_name='办理结果')),
                        ('delivery_method', models.CharField(blank=True, choices=[('window', '窗口领取'), ('post', '邮寄送达'), ('online', '网上送达')], max_length=8, verbose_name='送达方式')),
                        ('delivery_address', models.CharField(blank=True, max_length=200, verbose_name='邮寄地址')),
                        ('overdue_reason', models.TextField(blank=True, verbose_name='超期原因')),
                        ('version', models.PositiveIntegerField(default=0, editable=False)),
                        ('applicant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to=settings.AUTH_USER_MODEL, verbose_name='申请人账户')),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='guides.department', verbose_name='受理部门')),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='guides.serviceitempage', verbose_name='事项')),
                    ],
                    options={
                        'db_table': 'online_apply_case',
                        'verbose_name': '办件',
                        'verbose_name_plural': '办件',
                        'ordering': ['-created_at'],
                        'permissions': [('process_case', '处理本部门办件'), ('supervise_case', '督查全部办件')],
                    },
                ),
                migrations.CreateModel(
                    name='CaseMaterial',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('material_name', models.CharField(max_length=200, verbose_name='材料名称')),
                        ('file', models.FileField(max_length=255, storage=casework.storage.get_private_storage, upload_to='cases/%Y/%m/', verbose_name='文件')),
                        ('original_name', models.CharField(max_length=255, verbose_name='原文件名')),
                        ('content_type', models.CharField(max_length=50, verbose_name='文件类型')),
                        ('size', models.PositiveBigIntegerField(verbose_name='大小（字节）')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='上传时间')),
                        ('superseded', models.BooleanField(default=False, verbose_name='已被替换')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='materials', to='casework.case', verbose_name='办件')),
                        ('material', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='guides.material', verbose_name='材料清单项')),
                    ],
                    options={
                        'db_table': 'online_apply_casematerial',
                        'verbose_name': '申请材料文件',
                        'verbose_name_plural': '申请材料文件',
                        'ordering': ['case', 'material_name', '-uploaded_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CaseNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('correction', '材料补齐通知书'), ('acceptance', '受理通知书'), ('rejection', '不予受理告知书'), ('completion', '办结通知书')], max_length=12, verbose_name='文书类型')),
                        ('number', models.CharField(max_length=40, unique=True, verbose_name='文书编号')),
                        ('issued_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='出具时间')),
                        ('body', models.JSONField(default=dict, verbose_name='文书内容')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='casework.case', verbose_name='办件')),
                        ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='出具人')),
                    ],
                    options={
                        'db_table': 'online_apply_casenotice',
                        'verbose_name': '办件文书',
                        'verbose_name_plural': '办件文书',
                        'ordering': ['issued_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CaseTransition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=32, verbose_name='操作')),
                        ('from_status', models.CharField(blank=True, choices=[('draft', '草稿'), ('submitted', '待预审'), ('correction', '待补正'), ('pre_approved', '预审通过'), ('accepted', '已受理'), ('stopped', '暂停计时'), ('forwarded', '已转报'), ('rejected', '不予受理'), ('closed', '已办结'), ('withdrawn', '已撤回')], max_length=16, verbose_name='原状态')),
                        ('to_status', models.CharField(choices=[('draft', '草稿'), ('submitted', '待预审'), ('correction', '待补正'), ('pre_approved', '预审通过'), ('accepted', '已受理'), ('stopped', '暂停计时'), ('forwarded', '已转报'), ('rejected', '不予受理'), ('closed', '已办结'), ('withdrawn', '已撤回')], max_length=16, verbose_name='新状态')),
                        ('actor_name', models.CharField(max_length=100, verbose_name='操作人姓名')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='时间')),
                        ('note', models.TextField(blank=True, verbose_name='说明')),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='casework.case', verbose_name='办件')),
                    ],
                    options={
                        'db_table': 'online_apply_casetransition',
                        'verbose_name': '办件流转记录',
                        'verbose_name_plural': '办件流转记录',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CorrectionRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='告知时间')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='补正完成时间')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='correction_requests', to='casework.case', verbose_name='办件')),
                        ('notice', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='correction', to='casework.casenotice', verbose_name='材料补齐通知书')),
                    ],
                    options={
                        'db_table': 'online_apply_correctionrequest',
                        'verbose_name': '补正告知',
                        'verbose_name_plural': '补正告知',
                        'ordering': ['requested_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CorrectionItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('material_name', models.CharField(max_length=200, verbose_name='材料名称')),
                        ('reason', models.CharField(max_length=500, verbose_name='问题及补正要求')),
                        ('resolved', models.BooleanField(default=False, verbose_name='已补正')),
                        ('material', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='guides.material', verbose_name='材料')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='casework.correctionrequest', verbose_name='补正告知')),
                    ],
                    options={
                        'db_table': 'online_apply_correctionitem',
                        'verbose_name': '补正事项',
                        'verbose_name_plural': '补正事项',
                    },
                ),
                migrations.CreateModel(
                    name='DeficiencyPromise',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('material_name', models.CharField(max_length=200, verbose_name='容缺材料')),
                        ('due_date', models.DateField(verbose_name='补交期限')),
                        ('promise_text', models.TextField(verbose_name='承诺内容')),
                        ('fulfilled_at', models.DateTimeField(blank=True, null=True, verbose_name='补交时间')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deficiency_promises', to='casework.case', verbose_name='办件')),
                    ],
                    options={
                        'db_table': 'online_apply_deficiencypromise',
                        'verbose_name': '容缺承诺',
                        'verbose_name_plural': '容缺承诺',
                    },
                ),
                migrations.CreateModel(
                    name='JointOpinion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='征求时间')),
                        ('opinion', models.TextField(blank=True, verbose_name='意见')),
                        ('agrees', models.BooleanField(null=True, verbose_name='同意')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='答复时间')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='joint_opinions', to='casework.case', verbose_name='办件')),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='joint_opinions', to='guides.department', verbose_name='征求意见部门')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发起人')),
                    ],
                    options={
                        'db_table': 'online_apply_jointopinion',
                        'verbose_name': '联办意见',
                        'verbose_name_plural': '联办意见',
                    },
                ),
                migrations.CreateModel(
                    name='StaffAssignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('window', models.CharField(blank=True, max_length=20, verbose_name='窗口号')),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='guides.department', verbose_name='所属部门')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_assignment', to=settings.AUTH_USER_MODEL, verbose_name='工作人员')),
                    ],
                    options={
                        'db_table': 'online_apply_staffassignment',
                        'verbose_name': '窗口人员',
                        'verbose_name_plural': '窗口人员',
                    },
                ),
                migrations.CreateModel(
                    name='ClockStop',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('note', models.TextField(blank=True, verbose_name='说明')),
                        ('approved_by', models.CharField(max_length=50, verbose_name='批准人')),
                        ('started_on', models.DateField(verbose_name='开始日期')),
                        ('ended_on', models.DateField(blank=True, null=True, verbose_name='结束日期')),
                        ('working_days', models.PositiveIntegerField(default=0, verbose_name='暂停工作日')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='clock_stops', to='casework.case', verbose_name='办件')),
                        ('started_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                        ('reason', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='casework.stopreason', verbose_name='事由')),
                    ],
                    options={
                        'db_table': 'online_apply_clockstop',
                        'verbose_name': '暂停计时',
                        'verbose_name_plural': '暂停计时',
                        'ordering': ['started_on', 'pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='case',
                    index=models.Index(fields=['department', 'status'], name='online_appl_departm_45e97b_idx'),
                ),
                migrations.AddIndex(
                    model_name='case',
                    index=models.Index(fields=['status', 'due_date'], name='online_appl_status_6aab15_idx'),
                ),
                migrations.AlterUniqueTogether(
                    name='jointopinion',
                    unique_together={('case', 'department')},
                ),
                migrations.CreateModel(
                    name='DeadlineReminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('due_soon', '临近时限提醒'), ('overdue', '超期督办')], max_length=10, verbose_name='提醒类型')),
                        ('recipient', models.CharField(max_length=254, verbose_name='收件人')),
                        ('sent_on', models.DateField(verbose_name='发送日期')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='casework.case', verbose_name='办件')),
                    ],
                    options={
                        'db_table': 'online_apply_deadlinereminder',
                        'verbose_name': '时限提醒记录',
                        'verbose_name_plural': '时限提醒记录',
                        'constraints': [models.UniqueConstraint(fields=('case', 'kind', 'recipient', 'sent_on'), name='one_reminder_per_day')],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel_and_grant, relabel_back),
    ]
