"""Document series: the yearly, gap-free numbering of outgoing documents (Nghị định 30/2020 Art. 15)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from roles.models import Organization


class DocumentSeries(models.Model):
    """One issuer's sequence of one document type in one year ("QĐ" 2026 of UBND xã ...).

    Numbers start at 01 on 1 January and are unique within the year; `last_number` is the last number
    taken, changed only under a row lock by `documents.numbering.take_number`.
    """

    issuer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="document_series", verbose_name=_("cơ quan ban hành")
    )
    code = models.CharField(_("loại văn bản"), max_length=16, help_text=_("Ví dụ: QĐ, BB"))
    symbol = models.CharField(_("ký hiệu"), max_length=64, help_text=_("Ví dụ: QĐ-UBND, BB-HĐTĐKT"))
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản đi")
        verbose_name_plural = _("sổ đăng ký văn bản đi")
        ordering = ["issuer", "code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "code", "year"], name="document_series_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.symbol} {self.year}: {self.last_number}"
