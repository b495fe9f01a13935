"""Laying the minutes out as PDF and DOCX, once, from the content stored at closing (DESIGN §9 Output)."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from council.events import Event
from council.minutes import minutes_document
from council.models import Minutes
from council.services.common import record
from documents import docx, pdf

logger = logging.getLogger(__name__)

FORMATS = (("pdf", pdf.render, "pdf"), ("docx", docx.render, "docx"))


def minutes_render(minutes: Minutes) -> Minutes:
    """Render the files of closed minutes that have none yet; write-once under a row lock, audited."""
    if minutes.pdf and minutes.docx:
        return minutes
    document = minutes_document(minutes.content, number_text=minutes.number_text, issued_on=minutes.issued_on)
    rendered = {field: render(document) for field, render, _ in FORMATS}  # outside the lock: the slow part
    stored = []
    try:
        with transaction.atomic():
            locked = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
            if locked.pdf and locked.docx:  # someone else rendered them meanwhile
                return locked
            stem = f"bien-ban-{locked.year}-{locked.number:03d}-phien-{locked.session_id}"
            for field, _, extension in FORMATS:
                getattr(locked, field).save(f"{stem}.{extension}", ContentFile(rendered[field]), save=False)
                stored.append(getattr(locked, field).name)
                setattr(locked, f"{field}_sha256", hashlib.sha256(rendered[field]).hexdigest())
            locked.save(update_fields=["pdf", "pdf_sha256", "docx", "docx_sha256"])
            record(locked.session, Event.MINUTES_RENDERED, None, "system", {
                "minutes": locked.number_text, "pdf_sha256": locked.pdf_sha256, "docx_sha256": locked.docx_sha256,
            })
    except BaseException:
        for name in stored:  # no row points at them
            Minutes.pdf.field.storage.delete(name)
        raise
    return locked


def minutes_render_safely(minutes_id: int) -> None:
    """After closing commits: render, and if it fails, leave it to the first download (logged, not raised:
    the count is committed and must not turn into an error page)."""
    try:
        minutes_render(Minutes.objects.get(pk=minutes_id))
    except Exception:
        logger.exception("could not render the minutes %s; the first download will try again", minutes_id)
