"""Who signs (DESIGN §4, §9; DOMAIN §6.4; Luật 2022 Art. 80(3)): the Chair signs "CHỦ TỊCH"; a Vice-Chair
signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" only under a delegation valid today; nobody signs an award to
themselves; a refusal takes no number and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from decisions.models import DecisionStatus, SigningMode
from decisions.signing import decision_sign
from documents.models import DocumentSeries
from documents.signing import validate
from tests.decisions import helpers
from tests.decisions.helpers import delegate_to_vice_chair
from tests.documents.pdftext import page_texts
from tests.workflow.helpers import add_nominee, snapshot
from workflow.exceptions import ActionNotAllowed
from workflow.models import AuditEvent


def _naming(world, user):
    """A dossier awaiting decision whose nominee is `user` (the nominee's Person is linked to the account)."""
    dossier = helpers.workflow.make(world)
    add_nominee(world, dossier, name="Người ký", user=user)
    return helpers.workflow.to_state(world, dossier, helpers.S.AWAITING_DECISION)


def _refused(world, decision, signer, dossier):
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed) as excinfo:
        decision_sign(decision=decision, actor=signer)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT and decision.number is None
    assert snapshot(dossier) == before
    assert not DocumentSeries.objects.exists()
    return excinfo.value.message


def test_chair_cannot_sign_decision_awarding_himself(world):
    dossier = _naming(world, world.chutich)
    decision = helpers.draft(world, dossier)
    message = _refused(world, decision, world.chutich, dossier)
    assert "Người ký không được ký quyết định khen thưởng cho chính mình." in message


def test_vice_chair_with_delegation_can_sign_decision_awarding_the_chair(world):
    delegate_to_vice_chair(world)
    dossier = _naming(world, world.chutich)
    signed = decision_sign(decision=helpers.draft(world, dossier), actor=world.phochutich)
    assert signed.signing_mode == SigningMode.DEPUTY
    sign = AuditEvent.objects.get(stream=signed.audit_stream, action="decision_sign")
    assert (sign.actor_username, sign.on_behalf_of_username) == ("phochutich", "chutich")
    signed.pdf.seek(0)
    content = signed.pdf.read()
    first = page_texts(content)[0]
    assert "KT. CHỦ TỊCH" in first and "PHÓ CHỦ TỊCH" in first
    assert validate(content).signatures[0].signer == "Nguyễn Văn Phó"


def test_vice_chair_cannot_sign_without_delegation(world):
    dossier = helpers.awaiting(world)
    decision = helpers.draft(world, dossier)
    message = _refused(world, decision, world.phochutich, dossier)
    assert "Người ký không có thẩm quyền quyết định khen thưởng của xã." in message


def test_vice_chair_cannot_sign_under_an_expired_delegation(world):
    today = timezone.localdate()
    delegate_to_vice_chair(
        world, valid_from=today - datetime.timedelta(days=60), valid_to=today - datetime.timedelta(days=1)
    )
    dossier = helpers.awaiting(world)
    decision = helpers.draft(world, dossier)
    message = _refused(world, decision, world.phochutich, dossier)
    assert "Người ký không có thẩm quyền quyết định khen thưởng của xã." in message


def test_reviewer_cannot_sign(world):
    dossier = helpers.awaiting(world)
    decision = helpers.draft(world, dossier)
    _refused(world, decision, world.canbovhxh, dossier)
