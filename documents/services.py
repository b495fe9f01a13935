"""Writes on document series beyond taking numbers: the administrator's opening of a year's register."""

from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import DocumentSeries
from workflow import audit
from workflow.exceptions import GuardFailed


@transaction.atomic
def series_continue_from(*, issuer, code: str, symbol: str, year: int, last_number: int, actor) -> DocumentSeries:
    """Record that numbers up to `last_number` were already used this year (e.g. on paper, before the system),
    so the next document takes `last_number + 1`. Never lowers a series: that would reissue a number."""
    series, _created = DocumentSeries.objects.select_for_update().get_or_create(
        issuer=issuer, code=code, year=year, defaults={"symbol": symbol}
    )
    if last_number < series.last_number:
        raise GuardFailed(
            _("Sổ đã cấp đến số %(current)s; không thể lùi về %(asked)s.")
            % {"current": series.last_number, "asked": last_number}
        )
    before = series.last_number
    series.last_number = last_number
    series.save(update_fields=["last_number"])
    audit.append(
        stream=f"series:{series.pk}", action="series_continue_from", actor=actor, object_type="document_series",
        object_id=series.pk, data={"code": code, "year": year, "from": before, "to": last_number},
    )
    return series
