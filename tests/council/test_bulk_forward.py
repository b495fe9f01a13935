"""Bulk forward (issue 6): the office reviewer or the council secretary forwards many dossiers in review or
posted to the council at once, onto a session in preparation. Each dossier goes through
engine.perform("forward_to_council") and the agenda service in its own transaction: a refused one is
reported with its Vietnamese reasons and changes nothing; a stale choice (someone acted first) says so."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from council.models import AgendaItem
from council.services.forwarding import dossiers_forward
from dossiers.models import Dossier
from tests.workflow import helpers
from workflow.engine import Action, perform
from workflow.exceptions import ActionNotAllowed
from workflow.models import AuditEvent

S = helpers.S
URL = reverse("council_bulk_forward")
COMPLAINT_OPEN = "Hồ sơ còn khiếu nại, phản ánh chưa giải quyết xong."


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _in_review(council, name="Nguyễn Thị Hoa"):
    dossier = helpers.make(council.world, nominees=(name,))
    return helpers.to_state(council.world, dossier, S.IN_REVIEW)


def _token(dossier):
    dossier.refresh_from_db()
    return f"{dossier.pk}:{dossier.version}"


def _events(dossier):
    return AuditEvent.objects.filter(stream=dossier.audit_stream).count()


def test_secretary_can_forward_many_dossiers_onto_a_session_agenda(council):
    first, second = _in_review(council, "Nguyễn Thị Hoa"), _in_review(council, "Trần Văn Nam")
    session = council.session()
    secretary = _client(council.vhxh)
    page = secretary.get(URL, {"phien": session.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert f'value="{_token(first)}"' in text and f'value="{_token(second)}"' in text
    assert f'<option value="{session.pk}" selected>' in text

    response = secretary.post(URL, {"chosen": [_token(first), _token(second)], "session": session.pk})

    assert response.status_code == 302 and response.url == reverse("council_session", kwargs={"pk": session.pk})
    assert set(Dossier.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)) == {S.COUNCIL}
    assert set(AgendaItem.objects.filter(session=session).values_list("dossier_id", flat=True)) == {first.pk,
                                                                                                    second.pk}
    forwarded = AuditEvent.objects.filter(action=Action.FORWARD_TO_COUNCIL, actor_id=council.vhxh.pk)
    assert forwarded.count() == 2
    followed = secretary.get(response.url).content.decode()
    assert "Đã chuyển 2 hồ sơ sang Hội đồng xét." in followed


def test_reviewer_can_forward_their_dossiers_without_a_session_for_the_secretary_to_place(council):
    dossier = _in_review(council)
    response = _client(council.canbovhxh).post(URL, {"chosen": [_token(dossier)], "session": ""})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == S.COUNCIL and not AgendaItem.objects.exists()


def test_secretary_cannot_forward_a_dossier_with_an_open_complaint_and_the_others_still_go(council):
    good, bad = _in_review(council, "Nguyễn Thị Hoa"), _in_review(council, "Trần Văn Nam")
    helpers.complain(council.world, bad)
    session = council.session()
    bad_token, before = _token(bad), _events(bad)
    page = _client(council.vhxh).get(URL).content.decode()
    assert COMPLAINT_OPEN in page  # the page says beforehand why this one would be refused

    response = _client(council.vhxh).post(URL, {"chosen": [_token(good), bad_token], "session": session.pk})

    assert response.status_code == 409
    text = response.content.decode()
    assert COMPLAINT_OPEN in text and "chưa chuyển" in text and "đã chuyển." in text
    bad.refresh_from_db()
    assert bad.state == S.IN_REVIEW and _events(bad) == before
    assert not AgendaItem.objects.filter(dossier=bad).exists()
    assert AgendaItem.objects.filter(dossier=good, session=session).exists()
    # The refused dossier stays chosen, so the secretary sees what they meant; the forwarded one left the list.
    assert f'value="{bad_token}" id="chosen-{bad.pk}" aria-describedby="blocked-{bad.pk}" checked' in text
    assert f'id="chosen-{good.pk}"' not in text


def test_secretary_cannot_forward_a_dossier_someone_acted_on_since_the_page_was_drawn(council):
    dossier = _in_review(council)
    seen = _token(dossier)
    perform(dossier, Action.RETURN_FOR_REVISION, council.canbovhxh, reason="Bổ sung biên bản bình xét")
    before = _events(dossier)

    response = _client(council.vhxh).post(URL, {"chosen": [seen], "session": ""})

    assert response.status_code == 409
    text = response.content.decode()
    assert "Đã có người thao tác trên hồ sơ này sau khi bạn mở trang." in text
    assert "Trạng thái hiện tại: «Trả lại bổ sung»." in text
    dossier.refresh_from_db()
    assert dossier.state == S.RETURNED and _events(dossier) == before


def test_secretary_cannot_forward_another_communes_dossier_nor_learn_its_title(council):
    world = council.world
    theirs = helpers.to_state(world, helpers.make(world, unit=world.other_unit), S.IN_REVIEW)
    before = _events(theirs)

    response = _client(council.vhxh).post(URL, {"chosen": [_token(theirs)], "session": ""})

    assert response.status_code == 409
    text = response.content.decode()
    assert "Không có hồ sơ này." in text and theirs.title not in text
    theirs.refresh_from_db()
    assert theirs.state == S.IN_REVIEW and _events(theirs) == before


def test_unit_officer_cannot_open_or_post_the_bulk_forward_page(council):
    dossier = _in_review(council)
    client = _client(council.thcs)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"chosen": [_token(dossier)], "session": ""})
    assert response.status_code == 403
    assert "Chỉ cán bộ thẩm định hoặc Thư ký Hội đồng mới chuyển được" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == S.IN_REVIEW


def test_reviewer_cannot_place_dossiers_on_a_session_they_do_not_run(council):
    dossier = _in_review(council)
    session = council.session()
    before = _events(dossier)
    response = _client(council.canbovhxh).post(URL, {"chosen": [_token(dossier)], "session": session.pk})
    assert response.status_code == 400
    assert "Phiên họp không hợp lệ hoặc không còn ở bước chuẩn bị." in response.content.decode()
    with pytest.raises(ActionNotAllowed) as refused:
        dossiers_forward(actor=council.canbovhxh, chosen=[(dossier, dossier.version)], session=session)
    assert "Chỉ Thư ký Hội đồng Thi đua - Khen thưởng" in refused.value.reasons[0]
    dossier.refresh_from_db()
    assert dossier.state == S.IN_REVIEW and _events(dossier) == before and not AgendaItem.objects.exists()


def test_secretary_must_choose_at_least_one_dossier(council):
    _in_review(council)
    response = _client(council.vhxh).post(URL, {"session": ""})
    assert response.status_code == 400 and "Vui lòng chọn ít nhất một hồ sơ." in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_bulk_forward_page_runs_the_same_queries_for_one_dossier_or_thirty(council, django_assert_num_queries, count):
    """STYLE: queries. The page reads the posting window and open complaints with the list, not per dossier."""
    for i in range(count):
        _in_review(council, f"Nguyễn Văn {i}")
    council.session()
    client = _client(council.vhxh)
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert len(response.context["candidates"]) == count


def test_secretary_can_forward_every_ready_dossier_at_once_and_a_stale_one_is_still_reported(council):
    first, second, blocked = (_in_review(council, name) for name in ("Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai"))
    helpers.complain(council.world, blocked)
    session = council.session()
    client = _client(council.vhxh)
    page = client.get(URL).content.decode()
    assert "Chuyển tất cả 2 hồ sơ không có lưu ý" in page
    ready = re.findall(r'<input type="hidden" name="ready" value="([0-9:]+)">', page)
    assert sorted(ready) == sorted([_token(first), _token(second)])
    perform(second, Action.RETURN_FOR_REVISION, council.canbovhxh, reason="Bổ sung biên bản bình xét")

    response = client.post(URL, {"all_ready": "1", "ready": ready, "session": session.pk})

    assert response.status_code == 409
    assert "Đã có người thao tác trên hồ sơ này sau khi bạn mở trang." in response.content.decode()
    states = dict(Dossier.objects.filter(pk__in=[first.pk, second.pk, blocked.pk]).values_list("pk", "state"))
    assert states == {first.pk: S.COUNCIL, second.pk: S.RETURNED, blocked.pk: S.IN_REVIEW}
    assert set(AgendaItem.objects.filter(session=session).values_list("dossier_id", flat=True)) == {first.pk}
