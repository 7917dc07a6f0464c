"""seed_demo_letters replays every letter's story through the letters workflow (engine clock):
each state is present, every log is one lawful chain in time order, nobody is messaged, and the
writer is the demo citizen, who can look the letters up with their own phone."""

from django.core.management import call_command
from django.utils import timezone

from citizens import sms
from letters.models import Letter, LetterStatus
from letters.workflow import LETTERS
from ratings.management.commands.seed_demo_ratings import DEMO_CITIZEN_PASSWORD
from tests import factories
from tests.online_apply import builders as b

from .builders import citizen


def test_demo_letters_go_through_the_engine_for_the_demo_citizen(structure):
    b.supervisor("supervisor")
    factories.department("县公安局", "gaj")
    citizen(username="someone", phone="13900000002", id_number="110101199003077774", real_name="李四")
    demo = citizen()
    demo.set_password(DEMO_CITIZEN_PASSWORD)
    demo.save()
    sms.outbox.clear()
    call_command("seed_demo_letters", stdout=open("/dev/null", "w"))

    letters = list(Letter.objects.prefetch_related("transitions"))
    assert {row.status for row in letters} == set(LetterStatus.values)
    assert any(row.escalated_at for row in letters) and any(row.anonymous for row in letters)
    now = timezone.now()
    for row in letters:
        chain = list(row.transitions.all())
        assert row.version == len(chain) and chain[-1].to_status == row.status
        assert chain[0].action == "register" and chain[-1].at < now
        for earlier, later in zip(chain, chain[1:], strict=False):
            assert later.from_status == earlier.to_status and later.at >= earlier.at
            assert later.action in LETTERS.actions
        if row.first_replied_on:
            assert row.notices.filter(kind="letter_reply").exists()
        if not row.anonymous:
            assert row.phone == demo.citizen.phone and row.writer_name == demo.citizen.real_name
    assert sms.outbox == []  # replayed history messages nobody
    before = len(letters)
    call_command("seed_demo_letters", if_empty=True, stdout=open("/dev/null", "w"))
    assert Letter.objects.count() == before
