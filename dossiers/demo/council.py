"""The demo's council session (SCENARIO §5): prepared by the secretary, waiting to be opened.

The council itself is the nine demo accounts holding "Thành viên Hội đồng TĐKT" (organisation.py):
`chutich` chairs it, `vhxh` is its secretary. This adds one session in preparation with every dossier
of the commune waiting for the council on its agenda and the attendance of SCENARIO §5 (8 of 9 present,
`hoidong6` absent, whose written opinion the CSTĐ cơ sở rule allows). The secretary opens it, each
member votes from their own login, the secretary closes it.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from council import services
from council.models import CouncilSession
from dossiers.models import Dossier, DossierState
from roles.models import Organization, OrganizationKind

COMMUNE_CODE = "UBND"
ABSENT = ("hoidong6",)


def build() -> CouncilSession | None:
    """Prepare the session, unless the demo commune has one already (idempotent like seed_demo)."""
    commune = Organization.objects.filter(kind=OrganizationKind.COMMUNE, code=COMMUNE_CODE).first()
    if commune is None or CouncilSession.objects.filter(commune=commune).exists():
        return None
    users = get_user_model().objects.in_bulk(["vhxh", "chutich", "phochutich"] + [f"hoidong{n}" for n in range(1, 7)],
                                             field_name="username")
    secretary = users["vhxh"]
    today = timezone.localdate()
    session = services.session_create(
        actor=secretary, commune=commune, meeting_date=today, place=f"Hội trường {commune.name}",
        title=f"Phiên họp xét khen thưởng tổng kết phong trào thi đua năm {today.year}",
    )
    for dossier in Dossier.objects.filter(commune=commune, state=DossierState.COUNCIL).order_by("pk"):
        services.agenda_add(session=session, actor=secretary, dossier=dossier)
    present = [user.pk for username, user in users.items() if username not in ABSENT]
    services.attendance_record(session=session, actor=secretary, present_user_ids=present)
    return session
