"""Forms of the dossier pages: they parse and validate input; rights and rules stay in the engine.

Choice fields take lists prepared by `dossiers.selectors`, so rendering a form never queries.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.models import ComplaintStatus, DocumentKind, DossierState, Subject
from dossiers.selectors import campaign_deadline_text


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects already loaded; cleans to the object itself."""

    def __init__(self, objects=(), *, label_of=str, empty_label="---------", **kwargs):
        self.objects = {str(o.pk): o for o in objects}
        choices = [("", empty_label)] + [(str(o.pk), label_of(o)) for o in objects]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.objects.get(str(value)) if value not in ("", None) else None


class VersionForm(forms.Form):
    """The dossier version the person saw: a stale form is refused by the service with Conflict."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1,
        error_messages={"required": _("Biểu mẫu thiếu phiên bản hồ sơ; vui lòng tải lại trang rồi thao tác lại."),
                        "invalid": _("Biểu mẫu thiếu phiên bản hồ sơ; vui lòng tải lại trang rồi thao tác lại.")},
    )


class DossierFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"placeholder": _("Tên người được đề nghị, trích yếu, đơn vị…"),
                                                      "type": "search"}))
    state = forms.ChoiceField(label=_("Trạng thái"), required=False,
                              choices=[("", _("Tất cả trạng thái"))] + list(DossierState.choices))

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = ObjectChoiceField(options.units, label=_("Đơn vị"), required=False,
                                                empty_label=_("Tất cả đơn vị"))
        self.fields["campaign"] = ObjectChoiceField(options.campaigns, label=_("Phong trào"), required=False,
                                                    empty_label=_("Tất cả phong trào"))
        self.fields["award_type"] = ObjectChoiceField(options.award_types, label=_("Danh hiệu, hình thức"),
                                                      required=False, empty_label=_("Tất cả danh hiệu, hình thức"))


class ActionForm(VersionForm):
    """What a person may send with an engine action; the engine checks what each action needs."""

    reason = forms.CharField(label=_("Lý do"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm_repeat = forms.BooleanField(label=_("Tôi xác nhận vẫn trả lại hồ sơ lần nữa"), required=False)
    # Unknown kinds pass through to the engine, which refuses them with its own message.
    supplement = forms.MultipleChoiceField(label=_("Tài liệu cần bổ sung"), required=False,
                                           choices=DocumentKind.choices)
    nomination = forms.IntegerField(required=False, widget=forms.HiddenInput)
    eligible = forms.TypedChoiceField(
        required=False, choices=[("1", _("Đủ điều kiện")), ("0", _("Không đủ điều kiện"))],
        coerce=lambda value: value == "1", empty_value=None,
    )
    complaint = forms.IntegerField(label=_("Khiếu nại, phản ánh"), required=False)

    def engine_data(self, action: str) -> dict:
        """The keyword arguments of `engine.perform` for this action."""
        data = self.cleaned_data
        result = {"expected_version": data["expected_version"], "reason": data.get("reason") or ""}
        if action == "return_for_revision":
            result["confirm_repeat"] = bool(data.get("confirm_repeat"))
            result["supplement"] = data.get("supplement") or []
        if action == "assess_nomination":
            result["nomination"] = data.get("nomination")
            result["eligible"] = bool(data.get("eligible"))
        if action == "suspend":
            result["complaint"] = data.get("complaint")
        return result


class DossierCreateForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=255,
                            widget=forms.TextInput(attrs={
                                "placeholder": _("Ví dụ: Đề nghị công nhận danh hiệu Lao động tiên tiến năm 2025")}))
    reference_number = forms.CharField(label=_("Số tờ trình của đơn vị"), max_length=64, required=False,
                                       widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: 15/TTr-THCS")}))

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = ObjectChoiceField(units, label=_("Đơn vị đề nghị"))
        self.fields["campaign"] = ObjectChoiceField(
            campaigns, label=_("Phong trào, đợt khen thưởng"),
            label_of=lambda c: f"{c.name} ({c.get_kind_display()}, {c.year}; {campaign_deadline_text(c)})",
        )
        self.order_fields(["unit", "campaign", "title", "reference_number"])
        if len(units) == 1:  # most officers serve one unit: nothing to choose
            self.fields["unit"].initial = units[0].pk

    def clean(self):
        data = super().clean()
        unit, campaign = data.get("unit"), data.get("campaign")
        if unit and campaign and campaign.commune_id != unit.commune_id:
            self.add_error("campaign", _("Phong trào không thuộc xã của đơn vị."))
        return data


class DossierEditForm(VersionForm):
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    reference_number = forms.CharField(label=_("Số tờ trình của đơn vị"), max_length=64, required=False)


class NominationForm(VersionForm):
    """A nominee: a person of the unit, or a typed name (a new person, a collective or a household)."""

    nominee_name = forms.CharField(
        label=_("Hoặc nhập tên"), max_length=255, required=False,
        help_text=_("Tên tập thể, hộ gia đình; hoặc họ tên cá nhân chưa có trong danh sách của đơn vị."),
    )
    position = forms.CharField(label=_("Chức vụ, đơn vị công tác"), max_length=255, required=False)
    achievement_summary = forms.CharField(label=_("Tóm tắt thành tích"), required=False, max_length=10000,
                                          widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, award_types, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"] = ObjectChoiceField(
            award_types, label=_("Danh hiệu, hình thức"),
            label_of=lambda a: f"{a.name} ({a.get_subject_display()})",
        )
        self.fields["person"] = ObjectChoiceField(
            people, label=_("Cá nhân của đơn vị"), required=False, empty_label=_("— chọn trong danh sách —"),
            label_of=lambda p: f"{p.full_name}" + (f" — {p.position}" if p.position else ""),
        )
        self.order_fields(["award_type", "person", "nominee_name", "position", "achievement_summary"])

    def clean(self):
        data = super().clean()
        award, person = data.get("award_type"), data.get("person")
        name = (data.get("nominee_name") or "").strip()
        if award is None:
            return data
        if award.subject == Subject.INDIVIDUAL:
            if person is None and not name:
                self.add_error("person", _("«%(award)s» dành cho cá nhân: hãy chọn người trong danh sách "
                                           "hoặc nhập họ tên.") % {"award": award.name})
        else:
            data["person"] = None
            if not name:
                self.add_error("nominee_name", _("Vui lòng nhập tên tập thể hoặc hộ gia đình được đề nghị."))
        data["nominee_name"] = name
        return data

    @property
    def creates_person(self) -> bool:
        """An individual typed by name, not yet on record: the service creates the Person."""
        data = self.cleaned_data
        return data["award_type"].subject == Subject.INDIVIDUAL and data.get("person") is None


class AttachmentForm(VersionForm):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    upload = forms.FileField(label=_("Tệp (PDF, DOCX, XLSX, JPEG, PNG)"))

    def __init__(self, *args, nominations, current_attachments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"] = ObjectChoiceField(
            nominations, label=_("Của người được đề nghị"), required=False,
            empty_label=_("— tài liệu chung của hồ sơ —"),
            label_of=lambda n: n.nominee_name,
        )
        self.fields["replaces"] = ObjectChoiceField(
            current_attachments, label=_("Thay thế tài liệu (tải lên phiên bản mới)"), required=False,
            empty_label=_("— tài liệu mới —"),
            label_of=lambda a: f"{a.get_kind_display()}: {a.original_name} (v{a.version})",
        )
        self.order_fields(["kind", "nomination", "replaces", "upload"])


class NominationImportForm(VersionForm):
    upload = forms.FileField(label=_("Tệp Excel danh sách đề nghị (.xlsx, theo mẫu)"))


class ComplaintForm(forms.Form):
    complainant = forms.CharField(label=_("Người, tổ chức phản ánh"), max_length=255)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(
        label=_("Nội dung khiếu nại, phản ánh"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    suspend = forms.BooleanField(label=_("Tạm dừng xử lý hồ sơ trong khi giải quyết"), required=False)

    def __init__(self, data=None, *, nominations=(), can_suspend=False, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["nomination"] = ObjectChoiceField(
            nominations, label=_("Về người được đề nghị"), required=False, empty_label=_("— cả hồ sơ —"),
            label_of=lambda n: f"{n.nominee_name} ({n.award_type.name})",
        )
        self.order_fields(["complainant", "received_on", "nomination", "summary", "suspend"])
        if not can_suspend:
            del self.fields["suspend"]


class ComplaintSettleForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Kết luận"), choices=[(ComplaintStatus.UPHELD, ComplaintStatus.UPHELD.label),
                                       (ComplaintStatus.DISMISSED, ComplaintStatus.DISMISSED.label)],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("Kết quả giải quyết"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    resume = forms.BooleanField(label=_("Tiếp tục xử lý hồ sơ"), required=False)

    def __init__(self, data=None, *, can_resume=False, **kwargs):
        super().__init__(data, **kwargs)
        if not can_resume:
            del self.fields["resume"]
