"""Presentation helpers for the templates: Vietnamese labels and dates. None of them queries."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.selectors import event_label, state_label

register = template.Library()


@register.filter
def state_name(value: str) -> str:
    """The Vietnamese label of a dossier state ("in_review" -> "Đang thẩm định")."""
    return state_label(value or "")


@register.filter
def action_name(value: str) -> str:
    return event_label(value or "")


@register.filter
def ngay(value) -> str:
    """A date in the long Vietnamese form of Nghị định 30: "ngày 05 tháng 01 năm 2026"."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    parts = {"day": value.day, "month": value.month, "year": value.year}
    return _("ngày %(day)02d tháng %(month)02d năm %(year)d") % parts
