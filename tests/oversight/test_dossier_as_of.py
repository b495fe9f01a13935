"""A dossier "as it was on date X", rebuilt from its audit stream alone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers import services
from dossiers.models import DossierState, Outcome
from oversight.history import dossier_as_of, end_of_day
from tests.factories.commune import PersonFactory
from workflow.engine import Action, perform

pytestmark = pytest.mark.django_db


def test_the_rebuild_follows_edits_nominees_documents_and_transitions(world):
    dossier = world.ready(nominees=("Nguyễn Thị Hoa",))
    services.dossier_update(dossier=dossier, actor=world.thcs, title="Đề nghị khen thưởng (sửa)")
    binh = services.nomination_add(
        dossier=dossier,
        actor=world.thcs,
        award_type=world.lao_dong_tien_tien,
        person=PersonFactory(full_name="Trần Văn Bình", organization=dossier.unit),
        nominee_name="Trần Văn Bình",
    )
    services.nomination_remove(nomination=binh, actor=world.thcs)
    world.advance(dossier, DossierState.IN_REVIEW)
    hoa = dossier.nominations.get()
    perform(dossier, Action.ASSESS_NOMINATION, world.canbovhxh, nomination=hoa.pk, eligible=False,
            reason="Chưa đủ thời gian công tác")

    then = dossier_as_of(dossier, timezone.now() + datetime.timedelta(seconds=1))

    assert then.exists and then.state == DossierState.IN_REVIEW
    assert then.fields["title"] == "Đề nghị khen thưởng (sửa)"
    assert [n.nominee for n in then.nominations.values()] == ["Nguyễn Thị Hoa"]
    nominee = then.nominations[hoa.pk]
    assert nominee.outcome == Outcome.INELIGIBLE and nominee.reason == "Chưa đủ thời gian công tác"
    assert then.assignee == "canbovhxh"
    assert {d.sha256 for d in then.documents} == set(dossier.attachments.values_list("sha256", flat=True))


def test_before_the_dossier_existed_there_is_nothing(world):
    dossier = world.draft()
    then = dossier_as_of(dossier, end_of_day(timezone.localdate() - datetime.timedelta(days=1)))
    assert not then.exists and then.event_count == 0


def test_the_rebuild_reads_the_log_not_the_current_rows(world):
    dossier = world.draft(title="Tiêu đề trong nhật ký")
    type(dossier).objects.filter(pk=dossier.pk).update(title="Tiêu đề bị sửa ngoài hệ thống")
    then = dossier_as_of(dossier, end_of_day(timezone.localdate()))
    assert then.fields["title"] == "Tiêu đề trong nhật ký"


def test_the_page_shows_the_rebuild_for_auditors_of_the_commune_only(world, client_for):
    dossier = world.ready()
    world.advance(dossier, DossierState.SUBMITTED)
    url = reverse("dossier_as_of", kwargs={"pk": dossier.pk})
    response = client_for(world.kiemtra).get(url, {"day": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert response.context["then"].state == DossierState.SUBMITTED
    assert "Nguyễn Thị Hoa" in response.content.decode()

    other = world.draft(unit=world.other_unit, officer=world.other_officer)
    assert client_for(world.kiemtra).get(reverse("dossier_as_of", kwargs={"pk": other.pk})).status_code == 404
    assert client_for(world.canbovhxh).get(url).status_code == 403


def test_a_malformed_date_is_refused_with_a_message(world, client_for):
    dossier = world.draft()
    response = client_for(world.kiemtra).get(reverse("dossier_as_of", kwargs={"pk": dossier.pk}), {"day": "31/02/2026"})
    assert response.status_code == 200 and response.context["then"] is None
    assert response.context["form"].errors["day"]
