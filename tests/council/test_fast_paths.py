"""The plain-SQL writes of the hot paths (issue 4 benchmark): a ballot's marks in multi-row INSERTs, the
results written back in one UPDATE at closing, the Chair's mark counted with the named votes. The rules
they must keep: one mark per agenda item the member may mark, nothing outside the session's agenda,
recusal, the Chair's agreement, secret marks anonymous."""

import uuid
from itertools import chain

import pytest
from django.db import connection

from council.models import Ballot, BallotMark, BallotReceipt, OpenVote
from council.services import ballot_cast
from council.services.common import _batches, insert_rows
from dossiers.models import VoteMethod
from tests.council.conftest import A, D, X
from workflow.exceptions import GuardFailed
from workflow.models import AuditEvent

SECRET = ("Nguyễn Thị Thu Hương", "Lê Thị Minh Nguyệt", "Vũ Đức Anh")
NAMED = ("Trần Văn Quang", "Phạm Thị Lan")


def test_a_ballot_stores_exactly_one_mark_per_agenda_item(council):
    session = council.opened(council.dossier(*SECRET), council.dossier(*NAMED, award=council.lao_dong_tien_tien))
    cast = dict(zip(SECRET + NAMED, [A, D, X, D, A], strict=True))
    council.ballot(session, council.hoidong1, cast)
    items = council.items(session)
    secret = sorted(BallotMark.objects.values_list("item_id", "choice"))
    assert secret == sorted((items[name].pk, cast[name]) for name in SECRET)
    named = sorted(OpenVote.objects.values_list("item_id", "member_id", "choice"))
    assert named == sorted((items[name].pk, council.hoidong1.pk, cast[name]) for name in NAMED)
    assert Ballot.objects.count() == 1 and BallotReceipt.objects.count() == 1
    # Random keys, as the ORM gave them: nothing in a mark's key tells the order of casting.
    assert {mark.id.version for mark in BallotMark.objects.all()} == {4}


def test_a_ballot_naming_an_item_of_another_session_is_refused(council):
    """A forged id: a real agenda item, but of another open session, must not slip into this ballot."""
    ours = council.opened(council.dossier(SECRET[0]))
    other = council.opened(council.dossier(SECRET[1]))
    forged = council.items(other)[SECRET[1]].pk
    events = AuditEvent.objects.count()
    with pytest.raises(GuardFailed) as refused:
        ballot_cast(session=ours, actor=council.hoidong1,
                    choices={council.items(ours)[SECRET[0]].pk: A, forged: A})
    assert refused.value.reasons == ["Phiếu có nội dung không thuộc chương trình phiên họp."]
    assert not BallotReceipt.objects.exists() and not BallotMark.objects.exists() and not OpenVote.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_recused_item_is_refused_whatever_form_its_id_takes(council):
    """The form sends ids as text: recusal holds for "42" as for 42."""
    dossier = council.dossier(SECRET[0], "Ngô Quang Vinh", accounts={"Ngô Quang Vinh": council.hoidong2})
    session = council.opened(dossier)
    items = council.items(session)
    with pytest.raises(GuardFailed) as refused:
        ballot_cast(session=session, actor=council.hoidong2,
                    choices={str(items[SECRET[0]].pk): A, str(items["Ngô Quang Vinh"].pk): A})
    assert refused.value.reasons == [
        "Không được biểu quyết nội dung «Ngô Quang Vinh — Chiến sĩ thi đua cơ sở»: thành viên là người được đề nghị."
    ]
    assert not BallotMark.objects.exists() and not BallotReceipt.objects.exists()


def test_the_chairs_agreement_is_read_from_the_chairs_own_named_mark(council):
    """Counted with the named votes in one query: the Chair's agreement passes the item; another member's
    named agreement on an open item is not taken for the Chair's; items without the rule record none."""
    council.chien_si.chair_must_agree = True
    council.chien_si.save()
    session = council.opened(council.dossier(SECRET[0]), council.dossier(NAMED[0], award=council.lao_dong_tien_tien))
    for member in council.members:
        council.ballot(session, member, {SECRET[0]: A, NAMED[0]: D if member == council.chutich else A})
    council.close(session)
    items = council.items(session)
    secret, named = items[SECRET[0]], items[NAMED[0]]
    assert (secret.agree, secret.chair_agreed, secret.result) == (9, True, "passed")
    assert secret.vote_method == VoteMethod.SECRET
    assert (named.agree, named.disagree, named.chair_agreed, named.result) == (8, 1, None, "passed")


def test_writes_are_split_within_the_backends_parameter_limit(council):
    """A ballot larger than one statement allows (SQLite: 999 parameters) is stored whole."""
    session = council.opened(council.dossier(SECRET[0]))
    item = council.items(session)[SECRET[0]]
    rows = [(uuid.uuid4().hex, item.pk, A) for _ in range(700)]
    columns = ("id", "item_id", "choice")
    batches = list(_batches(columns, rows))
    assert list(chain.from_iterable(batches)) == rows
    limit = connection.features.max_query_params
    assert limit is None or all(len(batch) * len(columns) <= limit for batch in batches)
    insert_rows(BallotMark, columns, rows)
    assert BallotMark.objects.filter(item=item).count() == 700
