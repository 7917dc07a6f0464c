"""Letters on the case core: the working-day deadline terms of casework.ExtendableDeadline, the
log rows as casework TransitionLog rows (the same table: only lengths and labels change, so
every existing row stays where it is), and numbered LetterNotices."""

import casework.clock
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0002_alter_letter_related_case'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='letter',
            name='deadline_start',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='起算日期'),
        ),
        migrations.AddField(
            model_name='letter',
            name='extended_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='延长时间'),
        ),
        migrations.AddField(
            model_name='letter',
            name='extension_approved_by',
            field=models.CharField(blank=True, editable=False, max_length=50, verbose_name='延长批准人'),
        ),
        migrations.AddField(
            model_name='letter',
            name='extension_reason',
            field=models.TextField(blank=True, editable=False, verbose_name='延长理由'),
        ),
        migrations.AddField(
            model_name='letter',
            name='extension_working_days',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='延长（工作日）'),
        ),
        migrations.AddField(
            model_name='letter',
            name='limit_working_days',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='办理时限（工作日）'),
        ),
        migrations.AddField(
            model_name='letter',
            name='paused_working_days',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='累计中止工作日'),
        ),
        migrations.AlterField(
            model_name='lettertransition',
            name='actor_name',
            field=models.CharField(max_length=100, verbose_name='操作人姓名'),
        ),
        migrations.AlterField(
            model_name='lettertransition',
            name='at',
            field=models.DateTimeField(default=casework.clock.now, editable=False, verbose_name='时间'),
        ),
        migrations.AlterField(
            model_name='lettertransition',
            name='from_status',
            field=models.CharField(blank=True, max_length=16, verbose_name='原状态'),
        ),
        migrations.AlterField(
            model_name='lettertransition',
            name='to_status',
            field=models.CharField(max_length=16, verbose_name='新状态'),
        ),
        migrations.CreateModel(
            name='LetterNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=24, verbose_name='文书类型')),
                ('number', models.CharField(max_length=40, unique=True, verbose_name='文书编号')),
                ('issued_at', models.DateTimeField(default=casework.clock.now, editable=False, verbose_name='出具时间')),
                ('body', models.JSONField(default=dict, verbose_name='文书内容')),
                ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='出具人')),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='letters.letter', verbose_name='信件')),
            ],
            options={
                'verbose_name': '信件文书',
                'verbose_name_plural': '信件文书',
                'ordering': ['issued_at', 'pk'],
                'abstract': False,
            },
        ),
    ]
