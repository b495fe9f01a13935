"""Issue 4 "done when": on the demo data the secretary opens the prepared session with the demo council,
every member present votes from their own login, the secretary closes it, and the results, the minutes
and the dossiers' new states are right for every rule on the agenda (SCENARIO §5)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from council.models import AgendaItem, CouncilSession, SessionState
from dossiers.models import Dossier, DossierState, Outcome

HUONG, NGUYET = "Nguyễn Thị Thu Hương", "Lê Thị Minh Nguyệt"
LDTT_FAILS = "Mai Thị Phương"


@pytest.fixture
def demo(db):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return CouncilSession.objects.get()


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_demo_session_is_prepared_with_the_council_and_the_dossiers_waiting_for_it(demo):
    assert demo.state == SessionState.DRAFT
    members = {m.user.username: m.present for m in demo.members.select_related("user")}
    assert len(members) == 9 and [u for u, present in members.items() if not present] == ["hoidong6"]
    dossiers = set(AgendaItem.objects.filter(session=demo).values_list("dossier_id", flat=True))
    assert dossiers == set(Dossier.objects.filter(state=DossierState.COUNCIL).values_list("pk", flat=True))


def test_demo_council_votes_and_every_rule_of_the_agenda_is_applied(demo):
    secretary = _client("vhxh")
    assert secretary.post(reverse("council_open", kwargs={"pk": demo.pk}),
                          {"expected_version": demo.version}).status_code == 302
    items = list(AgendaItem.objects.filter(session=demo).select_related("nomination__award_type"))
    voters = [m.user.username for m in demo.members.select_related("user") if m.present]
    for index, username in enumerate(voters):
        marks = {"confirm": "1"}
        for item in items:
            name = item.nomination.nominee_name
            if name == NGUYET and item.nomination.award_type.code == "CSTDCS":
                choice = "agree" if index < 7 else "disagree"  # 7 of 9 total: below 80%
            elif name == LDTT_FAILS:
                choice = "agree" if index < 4 else "disagree"  # 4 of 8 present: not a majority
            else:
                choice = "agree"
            marks[f"item_{item.pk}"] = choice
        assert _client(username).post(reverse("council_ballot", kwargs={"pk": demo.pk}), marks).status_code == 302
    demo.refresh_from_db()
    assert secretary.post(reverse("council_close", kwargs={"pk": demo.pk}),
                          {"expected_version": demo.version, "confirm": "on"}).status_code == 302
    results = {(i.nomination.nominee_name, i.nomination.award_type.code): (i.agree, i.base, i.required, i.result)
               for i in AgendaItem.objects.filter(session=demo).select_related("nomination__award_type")}
    assert results[(HUONG, "CSTDCS")] == (8, 9, 8, "passed")  # secret, 80% of the total
    assert results[(NGUYET, "CSTDCS")] == (7, 9, 8, "failed")
    assert results[(LDTT_FAILS, "LDTT")] == (4, 8, 5, "failed")  # open, majority of the 8 present
    assert results[("Tổ Khoa học Tự nhiên", "TTLDTT")] == (8, 8, 5, "passed")
    assert results[("Thôn Thanh Liễu", "TDPVH")] == (8, 8, 5, "passed")
    assert sorted(key for key, r in results.items() if r[3] == "failed") == sorted([(NGUYET, "CSTDCS"),
                                                                                     (LDTT_FAILS, "LDTT")])
    for dossier in Dossier.objects.filter(pk__in={i.dossier_id for i in AgendaItem.objects.filter(session=demo)}):
        assert dossier.state == DossierState.AWAITING_DECISION
    thcs = Dossier.objects.get(reference_number="15/TTr-THCS")
    outcomes = dict(thcs.nominations.filter(award_type__code="CSTDCS").values_list("nominee_name", "outcome"))
    assert outcomes == {HUONG: Outcome.PASSED, NGUYET: Outcome.FAILED}
    minutes = CouncilSession.objects.get(pk=demo.pk).minutes
    assert minutes.number_text == "01/BB-HĐTĐKT"
    assert (minutes.content["total"], minutes.content["present"], minutes.content["absent"]) == (9, 8, ["Vũ Thị Thanh"])
    assert minutes.content["ballots"] == {"issued": 8, "returned": 8, "valid": 8, "invalid": 0}
    pdf = secretary.get(reverse("council_minutes", kwargs={"pk": demo.pk, "fmt": "pdf"}))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
