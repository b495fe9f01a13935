from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.audit_log import AuditFilters
from oversight.labels import action_choices


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label=_("Người thực hiện (tên đăng nhập)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None)
    dossier = forms.IntegerField(label=_("Mã hồ sơ"), required=False, min_value=1)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Tất cả"))] + action_choices()
        self.fields["unit"].choices = [("", _("Tất cả"))] + [(u.pk, u.name) for u in units]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("«Từ ngày» phải trước hoặc trùng «Đến ngày»."))
        return data

    def filters(self) -> AuditFilters:
        """The valid filters; an invalid form filters nothing rather than guessing."""
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            actor=(data.get("actor") or "").strip(),
            action=data.get("action") or "",
            unit=data.get("unit"),
            dossier=data.get("dossier"),
        )


class AsOfForm(forms.Form):
    day = forms.DateField(label=_("Xem hồ sơ như tại cuối ngày"), widget=forms.DateInput(attrs={"type": "date"}))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
