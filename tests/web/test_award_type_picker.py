"""The draft-decision form's award-type picker (issue 6, UX): types with nominees waiting come first and can
be chosen; a type with nobody waiting stays listed, so the catalogue reads whole, but is disabled."""

import re

from django.urls import reverse

from tests.decisions import helpers

HOA = "Nguyễn Thị Hoa"


def _option(page, award):
    return re.search(rf'<option value="{award.pk}"[^>]*>{re.escape(award.name)} \(', page).group()


def test_office_can_only_choose_an_award_type_with_nominees_waiting(world, client_for):
    helpers.awaiting(world, nominees=(HOA,))
    page = client_for(world.canbovhxh).get(reverse("decisions:create")).content.decode()
    assert "disabled" not in _option(page, world.lao_dong_tien_tien)
    assert "disabled" in _option(page, world.giay_khen)
    waiting, empty = page.index('label="Có đề nghị chờ quyết định"'), page.index(
        'label="Không có đề nghị nào chờ quyết định"')
    assert waiting < page.index(_option(page, world.lao_dong_tien_tien)) < empty < page.index(
        _option(page, world.giay_khen))


def test_office_sees_every_type_disabled_when_nobody_waits(world, client_for):
    page = client_for(world.canbovhxh).get(reverse("decisions:create")).content.decode()
    assert 'label="Có đề nghị chờ quyết định"' not in page
    assert "disabled" in _option(page, world.lao_dong_tien_tien)
