"""The action forms of the dossier page call engine.perform (DESIGN §5); refusals are shown in
Vietnamese and change nothing; a stale form meets Conflict."""

from django.urls import reverse

from dossiers.models import Dossier, DossierState, Outcome
from tests.web.conftest import action_url, audit_count, detail_url, text
from workflow import verification


def post_action(client, dossier, action, **data):
    dossier.refresh_from_db()
    data.setdefault("expected_version", dossier.version)
    return client.post(action_url(dossier, action), data)


def test_reviewer_and_unit_carry_a_dossier_through_return_and_forward_on_the_pages(world, client_for):
    dossier = world.advance(world.ready(), "submitted")
    reviewer, unit = client_for(world.canbovhxh), client_for(world.thcs)

    response = post_action(reviewer, dossier, "take")
    assert response.status_code == 302 and response.url == detail_url(dossier)
    response = post_action(reviewer, dossier, "return_for_revision", reason="Bổ sung biên bản bình xét có chữ ký")
    assert response.status_code == 302
    response = post_action(unit, dossier, "submit")
    assert response.status_code == 302
    post_action(reviewer, dossier, "take")
    response = post_action(reviewer, dossier, "forward_to_council")
    assert response.status_code == 302

    dossier.refresh_from_db()
    assert dossier.state == "council"
    page = text(reviewer.get(detail_url(dossier)))
    for label in ("Lập hồ sơ", "Trình hồ sơ", "Nhận thẩm định", "Trả lại để bổ sung", "Chuyển Hội đồng xét",
                  "Bổ sung biên bản bình xét có chữ ký", "Đã trình → Đang thẩm định",
                  "Đang thẩm định → Trả lại bổ sung", "Đang thẩm định → Chờ Hội đồng xét"):
        assert label in page, label
    assert page.count("Nhận thẩm định") >= 2
    assert verification.verify().intact


def test_success_message_names_the_action(world, client_for):
    dossier = world.advance(world.ready(), "submitted")
    client = client_for(world.canbovhxh)
    response = client.post(action_url(dossier, "take"), {"expected_version": dossier.version}, follow=True)
    assert "Đã thực hiện: «Nhận thẩm định»." in text(response)


def test_reviewer_sees_action_forms_the_engine_offers(world, client_for):
    dossier = world.advance(world.ready(), "in_review")
    page = text(client_for(world.canbovhxh).get(detail_url(dossier)))
    assert action_url(dossier, "return_for_revision") in page
    assert action_url(dossier, "forward_to_council") in page
    assert f'name="expected_version" value="{dossier.version}"' in page
    assert action_url(dossier, "submit") not in page


def test_reviewer_cannot_return_without_a_reason_and_nothing_changes(world, client_for):
    dossier = world.advance(world.ready(), "in_review")
    before = audit_count(dossier)

    response = post_action(client_for(world.canbovhxh), dossier, "return_for_revision", reason="   ")

    assert response.status_code == 409
    assert "Vui lòng nêu lý do." in text(response)
    dossier.refresh_from_db()
    assert dossier.state == "in_review"
    assert audit_count(dossier) == before


def test_unit_officer_cannot_take_their_own_dossier_and_nothing_changes(world, client_for):
    dossier = world.advance(world.ready(), "submitted")
    before = audit_count(dossier)

    response = post_action(client_for(world.thcs), dossier, "take")

    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này trên hồ sơ." in text(response)
    dossier.refresh_from_db()
    assert dossier.state == "submitted"
    assert audit_count(dossier) == before


def test_other_reviewer_cannot_return_a_dossier_assigned_to_a_colleague(world, client_for):
    dossier = world.advance(world.ready(), "in_review")
    before = audit_count(dossier)

    response = post_action(client_for(world.vhxh), dossier, "return_for_revision", reason="Thiếu")

    assert response.status_code == 403
    assert "Chỉ cán bộ đang thụ lý hồ sơ mới được thực hiện thao tác này." in text(response)
    assert audit_count(dossier) == before


def test_unit_cannot_submit_a_dossier_missing_documents_and_sees_why(world, client_for):
    dossier = world.draft()
    world.complete(dossier)  # then a nominee without the documents
    from dossiers import services
    from tests.factories.commune import PersonFactory

    person = PersonFactory(full_name="Lê Văn Tám", organization=world.thcs_unit)
    services.nomination_add(dossier=dossier, actor=world.thcs, award_type=world.lao_dong_tien_tien, person=person)
    client = client_for(world.thcs)

    page = text(client.get(detail_url(dossier)))
    assert "Thiếu «Báo cáo thành tích» của Lê Văn Tám." in page  # shown beside the disabled button
    assert "disabled" in page

    before = audit_count(dossier)
    response = post_action(client, dossier, "submit")
    assert response.status_code == 409
    assert "Thiếu «Báo cáo thành tích» của Lê Văn Tám." in text(response)
    dossier.refresh_from_db()
    assert dossier.state == "draft"
    assert audit_count(dossier) == before


def test_stale_form_shows_that_someone_acted_first(world, client_for):
    dossier = world.advance(world.ready(), "submitted")
    stale_version = dossier.version
    client_for(world.canbovhxh).post(action_url(dossier, "take"), {"expected_version": stale_version})
    dossier.refresh_from_db()
    before = audit_count(dossier)

    response = client_for(world.thcs_head).post(
        action_url(dossier, "withdraw"), {"expected_version": stale_version, "reason": "Rút để bổ sung"}
    )

    assert response.status_code == 409
    page = text(response)
    assert "Đã có người thao tác trên hồ sơ trước bạn" in page
    assert "Trạng thái hiện tại của hồ sơ: «Đang thẩm định»" in page
    assert "Rút để bổ sung" in page  # what the person typed is kept
    dossier.refresh_from_db()
    assert dossier.state == "in_review"
    assert audit_count(dossier) == before


def test_second_return_needs_the_confirmation_checkbox(world, client_for):
    dossier = world.advance(world.ready(), "returned")
    world.advance(dossier, "in_review")
    client = client_for(world.canbovhxh)
    page = text(client.get(detail_url(dossier)))
    assert 'name="confirm_repeat"' in page

    refused = post_action(client, dossier, "return_for_revision", reason="Lần hai")
    assert refused.status_code == 409
    assert "chỉ cho phép yêu cầu bổ sung một lần" in text(refused)
    dossier.refresh_from_db()
    assert dossier.state == "in_review"

    accepted = post_action(client, dossier, "return_for_revision", reason="Lần hai", confirm_repeat="1")
    assert accepted.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "returned" and dossier.return_count == 2


def test_first_return_shows_no_confirmation_checkbox(world, client_for):
    dossier = world.advance(world.ready(), "in_review")
    assert 'name="confirm_repeat"' not in text(client_for(world.canbovhxh).get(detail_url(dossier)))


def test_reviewer_can_mark_a_nominee_ineligible_with_a_reason(world, client_for):
    dossier = world.advance(world.ready(nominees=("Nguyễn Thị Hoa", "Trần Văn Bình")), "in_review")
    nomination = dossier.nominations.order_by("pk").first()
    client = client_for(world.canbovhxh)
    assert action_url(dossier, "assess_nomination") in text(client.get(detail_url(dossier)))

    response = post_action(client, dossier, "assess_nomination", nomination=nomination.pk, eligible="0",
                           reason="Chưa đủ 10 tháng công tác")

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.outcome == Outcome.INELIGIBLE
    assert nomination.outcome_reason == "Chưa đủ 10 tháng công tác"
    page = text(client.get(detail_url(dossier)))
    assert "Không đủ điều kiện" in page and "Chưa đủ 10 tháng công tác" in page


def test_reviewer_cannot_mark_a_nominee_ineligible_without_a_reason(world, client_for):
    dossier = world.advance(world.ready(), "in_review")
    nomination = dossier.nominations.get()
    before = audit_count(dossier)

    response = post_action(client_for(world.canbovhxh), dossier, "assess_nomination", nomination=nomination.pk,
                           eligible="0", reason="")

    assert response.status_code == 409
    assert "Vui lòng nêu lý do không đủ điều kiện." in text(response)
    nomination.refresh_from_db()
    assert nomination.outcome == Outcome.PROPOSED
    assert audit_count(dossier) == before


def test_unit_cannot_assess_nominees(world, client_for):
    dossier = world.advance(world.ready(), "in_review")
    nomination = dossier.nominations.get()
    assert action_url(dossier, "assess_nomination") not in text(client_for(world.thcs).get(detail_url(dossier)))
    response = post_action(client_for(world.thcs), dossier, "assess_nomination", nomination=nomination.pk, eligible="1")
    assert response.status_code == 403


def test_system_actions_cannot_be_posted_from_the_page(world, client_for):
    dossier = world.advance(world.ready(), "in_review")
    for action in ("decide", "close_vote", "revoke", "no_such_action"):
        response = post_action(client_for(world.chutich), dossier, action)
        assert response.status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).state == "in_review"


def test_action_form_without_version_is_refused_as_bad_input(world, client_for):
    dossier = world.advance(world.ready(), "submitted")
    response = client_for(world.canbovhxh).post(action_url(dossier, "take"), {})
    assert response.status_code == 400
    assert "vui lòng tải lại trang" in text(response)
    dossier.refresh_from_db()
    assert dossier.state == "submitted"


def test_chair_sends_back_with_reason_and_the_timeline_says_so(world, client_for):
    dossier = world.advance(world.ready(campaign=world.ad_hoc_campaign, award=world.giay_khen), "in_review")
    post_action(client_for(world.canbovhxh), dossier, "forward_to_chair")
    chair = client_for(world.chutich)

    response = post_action(chair, dossier, "send_back", reason="Làm rõ thành tích")

    assert response.status_code == 302
    page = text(chair.get(detail_url(dossier)))
    assert "Gửi lại để thẩm định" in page and "Làm rõ thành tích" in page
    assert "Chờ quyết định → Đang thẩm định" in page


def test_auditor_sees_the_dossier_but_no_action(world, client_for):
    dossier = world.advance(world.ready(), "submitted")
    page = text(client_for(world.kiemtra).get(detail_url(dossier)))
    assert "Bạn không có thao tác nào trên hồ sơ này" in page
    assert reverse("dossier_action", kwargs={"pk": dossier.pk, "action": "take"}) not in page


def test_the_reviewer_ticks_what_to_supplement_and_the_unit_reads_the_list(world, client_for):
    dossier = world.ready()
    world.advance(dossier, DossierState.IN_REVIEW)
    response = client_for(world.canbovhxh).post(action_url(dossier, "return_for_revision"), {
        "expected_version": Dossier.objects.get(pk=dossier.pk).version, "reason": "Biên bản chưa có chữ ký",
        "supplement": ["bien_ban_binh_xet", "to_trinh"],
    })
    assert response.status_code == 302
    page = text(client_for(world.thcs).get(detail_url(dossier)))
    assert "Cần bổ sung: Tờ trình, Biên bản bình xét" in page
