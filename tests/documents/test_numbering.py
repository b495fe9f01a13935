"""Document numbers: sequential within a year, restarting at 01 on 1 January, unique per issuer, type
and year, and gap-free: a transaction that rolls back does not consume its number (NĐ 30/2020 Art. 15;
DESIGN §9). The parallel case (20 signers at once on PostgreSQL) is in tests/decisions."""

import pytest
from django.db import IntegrityError, transaction

from documents.models import DocumentSeries
from documents.numbering import take_number
from tests.factories.commune import CommuneFactory


@pytest.fixture
def commune(db):
    return CommuneFactory(name="UBND xã Nguyễn Lương Bằng", code="UBND")


def _take(commune, year=2025, code="QĐ", symbol="QĐ-UBND"):
    with transaction.atomic():
        return take_number(commune, code, symbol, year)


def test_numbers_are_sequential_within_a_year(commune):
    taken = [_take(commune) for _ in range(3)]
    assert [n.text for n in taken] == ["01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND"]
    assert [n.number for n in taken] == [1, 2, 3]
    assert {n.year for n in taken} == {2025}


def test_numbering_restarts_at_01_in_a_new_year(commune):
    _take(commune, 2025)
    _take(commune, 2025)
    assert _take(commune, 2026).text == "01/QĐ-UBND"
    assert _take(commune, 2025).text == "03/QĐ-UBND"


def test_each_document_type_and_issuer_has_its_own_series(commune):
    other = CommuneFactory(code="UBNDK")
    _take(commune)
    assert _take(commune, code="BB", symbol="BB-HĐTĐKT").text == "01/BB-HĐTĐKT"
    assert _take(other).text == "01/QĐ-UBND"


def test_rolled_back_transaction_does_not_consume_its_number(commune):
    _take(commune)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert take_number(commune, "QĐ", "QĐ-UBND", 2025).text == "02/QĐ-UBND"
        raise RuntimeError("signing failed after the number was taken")
    assert _take(commune).text == "02/QĐ-UBND"


def test_rolled_back_first_number_of_a_year_leaves_no_series_behind(commune):
    with pytest.raises(RuntimeError), transaction.atomic():
        take_number(commune, "QĐ", "QĐ-UBND", 2027)
        raise RuntimeError("signing failed")
    assert not DocumentSeries.objects.filter(year=2027).exists()
    assert _take(commune, 2027).text == "01/QĐ-UBND"


def test_series_is_unique_per_issuer_type_and_year(commune):
    DocumentSeries.objects.create(issuer=commune, code="QĐ", symbol="QĐ-UBND", year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentSeries.objects.create(issuer=commune, code="QĐ", symbol="QĐ-UBND", year=2025)
