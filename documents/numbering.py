"""Gap-free yearly numbers for outgoing documents (Nghị định 30/2020 Art. 15; DESIGN §9)."""

from dataclasses import dataclass

from django.db import transaction

from documents.models import DocumentSeries


@dataclass(frozen=True)
class DocumentNumber:
    """A number taken from a series: 5 in 2026 prints as "05/QĐ-UBND"."""

    number: int
    text: str
    year: int


def number_text(number: int, symbol: str) -> str:
    """"05/QĐ-UBND": a leading zero below 10, "/" between number and symbol, no spaces (NĐ 30/2020 Phụ lục I)."""
    return f"{number:02d}/{symbol}"


def take_number(issuer, code: str, symbol: str, year: int) -> DocumentNumber:
    """Take the next number of `issuer`'s `code` series for `year`, inside the caller's transaction.

    The series row is locked (`select_for_update`) until the caller commits, so parallel signers queue
    and no two get the same number; if the caller's transaction rolls back, the increment rolls back
    with it and the number is taken again by the next signer: no gaps. The first number of a year
    creates the row; `get_or_create` does it in a savepoint and re-reads the winner's row on a unique
    violation, so two first signers of a year do not fail.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the transaction that issues the document.")
    series, _ = DocumentSeries.objects.select_for_update().get_or_create(
        issuer=issuer, code=code, year=year, defaults={"symbol": symbol}
    )
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return DocumentNumber(number=series.last_number, text=number_text(series.last_number, series.symbol), year=year)
