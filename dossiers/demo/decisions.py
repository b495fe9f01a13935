"""Demo decisions: signing keys for the demo signers and drafts waiting for the Chair (issue 5).

Development only (DEBUG on, as `dev.py run` sets): demo keys have a published purpose and a throwaway CA,
so a production server gets its keys from `docs/decisions.md`, never from here.
"""

import json
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from decisions.models import Decision
from decisions.services import awardable_nominations, decision_draft_create
from documents import keys
from documents.services import series_continue_from
from dossiers.models import AwardType
from roles.models import Organization, OrganizationKind
from workflow.models import AuditEvent


def prepare(stdout, commune_code: str = "UBND") -> None:
    """Make the demo signing keys once, and draft one decision per award type awaiting the Chair."""
    if not settings.DEBUG:
        return
    if not keys.organisation_configured():
        call_command("make_demo_signing_keys", stdout=stdout)
    commune = Organization.objects.filter(kind=OrganizationKind.COMMUNE, code=commune_code).first()
    if commune is None or Decision.objects.filter(issuer=commune).exists():
        return
    office = get_user_model().objects.get(username="vhxh")
    _continue_numbering(commune, get_user_model().objects.get(username="quantri"))
    by_code = defaultdict(list)
    for award in AwardType.objects.order_by("code", "-valid_from"):
        by_code[award.code].append(award)
    with transaction.atomic():
        for versions in by_code.values():
            award = versions[0]
            candidates = awardable_nominations(commune=commune, award_type=award)
            if not candidates:
                continue
            campaigns = {n.dossier.campaign for n in candidates}
            decision_draft_create(
                actor=office, commune=commune, award_type=candidates[0].award_type,
                nomination_ids=[n.pk for n in candidates],
                campaign=next(iter(campaigns)) if len(campaigns) == 1 else None,
                proposal="Tờ trình số 15/TTr-VHXH của Phòng Văn hóa - Xã hội",
            )
            stdout.write(f"Dự thảo quyết định chờ Chủ tịch ký: {award.name} ({len(candidates)} người, tập thể).")


def _continue_numbering(commune, administrator) -> None:
    """The demo stories record decisions "01/QĐ-UBND"… through the engine alone: continue the register after them."""
    year = timezone.localdate().year
    used = []
    for data in AuditEvent.objects.filter(action="decide", occurred_at__year=year).values_list("data_json", flat=True):
        number = json.loads(data).get("decision", "").split("/")[0]
        if number.isdigit():
            used.append(int(number))
    if used:
        series_continue_from(issuer=commune, code="QĐ", symbol=f"QĐ-{commune.code}", year=year,
                             last_number=max(used), actor=administrator)
