"""Due dates in templates (DESIGN §11): how late a step is, for the highlighting of lists. Never queries."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def overdue(due_on) -> bool:
    """True when the due date has passed (a step due today is not late yet)."""
    return bool(due_on) and due_on < timezone.localdate()


@register.filter
def due_soon(due_on) -> bool:
    """Due within three calendar days: shown as a warning, not an alarm."""
    return bool(due_on) and 0 <= (due_on - timezone.localdate()).days <= 3
