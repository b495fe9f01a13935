"""Forms of the decision pages: they parse input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DecisionKind

MAX_PDF_BYTES = 20 * 1024 * 1024


class DraftForm(forms.Form):
    nominations = forms.TypedMultipleChoiceField(
        label=_("Người, tập thể được khen thưởng"), coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một người, tập thể được khen thưởng.")},
    )
    summary = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)
    proposal = forms.CharField(
        label=_("Tờ trình đề nghị"), max_length=255, required=False,
        help_text=_("Ví dụ: Tờ trình số 15/TTr-VHXH ngày 20 tháng 12 năm 2025"),
    )
    collective_signing = forms.BooleanField(label=_("Ký thay mặt tập thể (TM. ỦY BAN NHÂN DÂN)"), required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].choices = [
            (n.pk, f"{n.nominee_name} — {n.dossier.unit.name} ({n.get_outcome_display()})") for n in candidates
        ]


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Signing issues the number and cannot be undone: the Chair confirms having read the draft and its list.
    confirm = forms.BooleanField(
        label=_("Tôi đã xem dự thảo và danh sách kèm theo; ký và ban hành quyết định này."),
        error_messages={"required": _("Vui lòng đánh dấu xác nhận trước khi ký: quyết định đã ký không sửa được.")},
    )


class SendBackForm(forms.Form):
    dossier = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do gửi lại"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Vui lòng nêu lý do.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevocationForm(forms.Form):
    nominations = forms.TypedMultipleChoiceField(
        label=_("Khen thưởng bị hủy bỏ"), coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chưa chọn khen thưởng nào bị hủy bỏ.")},
    )
    reason = forms.CharField(label=_("Lý do hủy bỏ"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Vui lòng nêu lý do hủy bỏ.")})
    legal_ground = forms.CharField(
        label=_("Căn cứ hủy bỏ"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Điểm a khoản 2 Điều 94 Luật Thi đua, khen thưởng năm 2022"),
        error_messages={"required": _("Vui lòng nêu căn cứ hủy bỏ (Điều 94 Luật Thi đua, khen thưởng 2022).")},
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].choices = [
            (e.nomination_id, f"{e.nomination.nominee_name} — {e.nomination.dossier.unit.name}") for e in entries
        ]


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[(DecisionKind.CORRECTION, _("Đính chính (sai sót về thể thức, kỹ thuật)")),
                 (DecisionKind.REPLACEMENT, _("Thay thế (sai sót về nội dung)"))],
    )
    content = forms.CharField(label=_("Nội dung đính chính"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    summary = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)


class ValidationForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF đã ký"), error_messages={"required": _("Vui lòng chọn tệp PDF.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Tệp không phải là tệp PDF."))
        return upload
