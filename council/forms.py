"""Forms of the council pages: they parse input; rights and rules stay in council.services."""

from django import forms
from django.forms import BoundField
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from council.models import Choice
from dossiers.forms import ObjectChoiceField

STALE = _("Biểu mẫu thiếu phiên bản của phiên họp; vui lòng tải lại trang rồi thao tác lại.")


class SessionVersionForm(forms.Form):
    """The session version the secretary saw: a stale form is refused with Conflict."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": STALE, "invalid": STALE}
    )


class SessionCloseForm(SessionVersionForm):
    """Closing counts the votes and cannot be undone: the secretary confirms it."""

    confirm = forms.BooleanField(
        label=_("Tôi xác nhận kết thúc phiên họp và kiểm phiếu; phiên họp không thể mở lại."),
        error_messages={"required": _("Vui lòng đánh dấu xác nhận trước khi kết thúc phiên họp.")},
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Tên phiên họp"), max_length=255,
                            error_messages={"required": _("Vui lòng nhập tên phiên họp.")})
    meeting_date = forms.DateField(
        label=_("Ngày họp"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Vui lòng chọn ngày họp."), "invalid": _("Ngày họp không hợp lệ.")},
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255,
                            error_messages={"required": _("Vui lòng nhập địa điểm họp.")})


class AgendaAddForm(SessionVersionForm):
    def __init__(self, *args, dossiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"] = ObjectChoiceField(
            dossiers, label=_("Hồ sơ chờ Hội đồng xét"), label_of=lambda d: f"#{d.pk} {d.unit.name}: {d.title}",
            error_messages={"required": _("Vui lòng chọn hồ sơ."), "invalid_choice": _("Hồ sơ không hợp lệ.")},
        )


class AttendanceForm(SessionVersionForm):
    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.TypedMultipleChoiceField(
            label=_("Thành viên có mặt"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
            choices=[(m.user_id, m.full_name) for m in members],
            initial=[m.user_id for m in members if m.present],
            error_messages={"invalid_choice": _("Người được điểm danh không phải thành viên Hội đồng của xã.")},
        )


def _choice_field(label, *, disabled=False, help_text=""):
    return forms.ChoiceField(
        label=label, choices=Choice.choices, widget=forms.RadioSelect, required=not disabled,
        disabled=disabled, help_text=help_text,
        error_messages={"required": _("Vui lòng chọn một ý kiến."), "invalid_choice": _("Ý kiến không hợp lệ.")},
    )


ITEM_PREFIX = "item_"


def item_field_name(item) -> str:
    return f"{ITEM_PREFIX}{item.pk}"


def posted_choices(data) -> dict:
    """{item id as sent: choice} of a posted ballot, unchecked: `ballot_cast` checks every item against the
    agenda it reads in its own transaction (foreign, missing, unknown, recused), so the confirming POST
    needs no form of 200 fields."""
    return {name.removeprefix(ITEM_PREFIX): value for name, value in data.items() if name.startswith(ITEM_PREFIX)}


class RadioGroup(BoundField):
    """One item of the ballot drawn in Python, with the markup of Django's radio field templates (fieldset,
    legend, the reason and the errors named by aria-describedby, a label per option): those templates, four
    per item, cost more than the rest of the page on an agenda of 200 items. Every value is escaped once
    (`format_html` escaping each of some thirty arguments per item was most of what remained)."""

    def as_field_group(self):
        name, field_name, value, errors = escape(self.auto_id), escape(self.html_name), self.value(), self.errors
        state = " disabled" if self.field.disabled else " required"
        invalid = f' aria-invalid="true" aria-describedby="{name}_error"' if errors else ""
        options = "".join(
            f'<div><label for="{name}_{n}"><input type="radio" name="{field_name}" value="{choice}" id="{name}_{n}"'
            f'{state}{" checked" if raw == value else ""}{invalid}> {label}</label></div>'
            for n, (raw, choice, label) in enumerate(self.form.options)
        )
        described = f' aria-describedby="{escape(self.aria_describedby)}"' if self.aria_describedby else ""
        help_text = self.help_text and f'<div class="helptext" id="{name}_helptext">{escape(self.help_text)}</div>'
        error_list = "".join(f"<li>{escape(error)}</li>" for error in errors)
        error_list = f'<ul class="errorlist" id="{name}_error">{error_list}</ul>' if errors else ""
        return mark_safe(  # every value above is escaped
            f'<fieldset{described}><legend>{escape(self.label)}:</legend>{help_text}{error_list}'
            f'<div id="{name}">{options}</div></fieldset>'
        )

    @property
    def chosen_label(self) -> str:
        """The label of the option chosen, for the confirmation step."""
        return next((label for raw, _value, label in self.form.options if raw == self.value()), "")


class BallotForm(forms.Form):
    """One form for the whole agenda: agree / disagree / abstain per item; an item naming the voter is
    shown disabled, with the reason. Built from plain values (`selectors.ballot_items`)."""

    bound_field_class = RadioGroup

    def __init__(self, *args, items=(), voter_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            recused = item.recused_id == voter_id
            self.fields[item_field_name(item)] = _choice_field(
                f"{item.position}. {item.nominee_name} — {item.award_name}",
                disabled=recused,
                help_text=_("Đồng chí là người được đề nghị nên không biểu quyết nội dung này.") if recused else "",
            )

    @cached_property
    def options(self) -> list[tuple[str, str, str]]:
        """(value, value escaped, label escaped) of each choice, in the language of the request."""
        return [(value, escape(value), escape(label)) for value, label in Choice.choices]


class WrittenOpinionForm(SessionVersionForm):
    received_on = forms.DateField(
        label=_("Ngày nhận"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
        error_messages={"required": _("Vui lòng nhập ngày nhận."), "invalid": _("Ngày nhận không hợp lệ.")},
    )
    scan = forms.FileField(label=_("Bản chụp (scan) ý kiến bằng văn bản"),
                           error_messages={"required": _("Vui lòng đính kèm bản chụp (scan) ý kiến bằng văn bản.")})

    def __init__(self, *args, absent=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = forms.TypedChoiceField(
            label=_("Thành viên vắng mặt"), coerce=int,
            choices=[("", "---------")] + [(m.user_id, m.full_name) for m in absent],
            error_messages={"required": _("Vui lòng chọn thành viên gửi ý kiến."),
                            "invalid_choice": _("Người gửi ý kiến không phải thành viên vắng mặt của phiên họp.")},
        )
        self.items = [item for item in items if item.absentee_opinions_allowed]
        self.order_fields(["member", "received_on", "scan"])
        for item in self.items:
            self.fields[item_field_name(item)] = _choice_field(
                f"{item.position}. {item.nomination.nominee_name} — {item.nomination.award_type.name}"
            )
            # The nominee's own opinion on their nomination is not counted (recusal); the service refuses it.
            self.fields[item_field_name(item)].required = False

    def choices(self) -> dict:
        return {item.pk: self.cleaned_data.get(item_field_name(item)) for item in self.items
                if self.cleaned_data.get(item_field_name(item))}


class ChosenDossiersField(forms.MultipleChoiceField):
    """Checked dossiers as "id:version" (the version the actor saw). A dossier that left the list since the
    page was drawn still parses: the service reports it as stale instead of the form calling it invalid."""

    def valid_value(self, value):
        head, _sep, tail = str(value).partition(":")
        return head.isdigit() and tail.isdigit()

    def clean(self, value):
        return [tuple(int(part) for part in token.split(":")) for token in super().clean(value)]


def dossier_token(dossier) -> str:
    return f"{dossier.pk}:{dossier.version}"


class BulkForwardForm(forms.Form):
    """Many dossiers to the council at once, optionally onto a session in preparation."""

    def __init__(self, *args, dossiers=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"] = ChosenDossiersField(
            label=_("Hồ sơ chuyển Hội đồng xét"), widget=forms.CheckboxSelectMultiple,
            choices=[(dossier_token(d), f"#{d.pk} {d.unit.name}: {d.title}") for d in dossiers],
            error_messages={"required": _("Vui lòng chọn ít nhất một hồ sơ."),
                            "invalid_choice": _("Lựa chọn hồ sơ không hợp lệ; vui lòng tải lại trang.")},
        )
        self.fields["session"] = ObjectChoiceField(
            sessions, label=_("Đưa vào chương trình phiên họp"), required=False,
            empty_label=_("— Chưa xếp vào phiên họp nào —"),
            label_of=lambda s: f"{s.label} · {s.title} ({s.meeting_date:%d/%m/%Y})",
            help_text=_("Chỉ Thư ký Hội đồng chọn được phiên họp; để trống, hồ sơ chờ Thư ký xếp vào phiên họp sau."),
            error_messages={"invalid_choice": _("Phiên họp không hợp lệ hoặc không còn ở bước chuẩn bị.")},
        )
