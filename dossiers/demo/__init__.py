"""The demo commune of `manage.py seed_demo` (DESIGN §12): organisation, accounts, catalogue, dossiers.

Idempotent by detection: when a commune with code "UBND" exists, nothing is built again (only the
passwords of the demo accounts are reset when a password is given). The whole build is one
transaction, so a failed run leaves nothing half-made behind (uploaded files aside).

Dates: everything is seeded "today" (`timezone.localdate()`), so the audit trail reads as the day
of seeding. Rounds whose real 2025 deadlines have passed stay closed; the current year's year-end
round and the extended "Chuyển đổi số" round stay open at least 30 days after the seed date (see
catalogue.build_campaigns), and the Chair's delegation runs to the end of next year.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from dossiers.demo.catalogue import build_award_types, build_campaigns
from dossiers.demo.organisation import ACCOUNTS, COMMUNE_CODE, COMMUNE_NAME, UNITS, build_accounts, build_commune
from dossiers.demo.stories import Stories
from roles.models import Organization, OrganizationKind
from roles.services import roles_setup
from workflow import checkpoints

DEFAULT_PASSWORD = "vinhdanh2025"


@dataclass
class SeedResult:
    created: bool
    password_set: bool
    dossiers: int = 0
    accounts: list = field(default_factory=list)


def unit_name(code: str) -> str:
    """The name of a demo organisation by its code (the commune or one of its units)."""
    return COMMUNE_NAME if code == COMMUNE_CODE else next(name for c, name, *_ in UNITS if c == code)


def demo_commune() -> Organization | None:
    return Organization.objects.filter(kind=OrganizationKind.COMMUNE, code=COMMUNE_CODE).first()


def seed(*, password: str | None = None) -> SeedResult:
    """Build the demo commune unless it exists; (re)set the demo passwords when `password` is given."""
    today = timezone.localdate()
    if demo_commune() is not None:
        reset = password is not None
        if reset:
            _reset_passwords(password)
        return SeedResult(created=False, password_set=reset, accounts=ACCOUNTS)
    # One hash for every demo account: hashing twenty times would cost seconds for identical passwords.
    password_hash = make_password(password or DEFAULT_PASSWORD)
    with transaction.atomic():
        roles_setup()  # the role and administrators' groups the accounts join
        world = build_commune()
        build_accounts(world, password_hash, today)
        awards = build_award_types()
        campaigns = build_campaigns(world.commune, awards, today)
        dossiers = Stories(world=world, awards=awards, campaigns=campaigns, today=today).build()
        checkpoints.checkpoint_create()
    return SeedResult(created=True, password_set=True, dossiers=len(dossiers), accounts=ACCOUNTS)


def _reset_passwords(password: str) -> None:
    User = get_user_model()
    User.objects.filter(username__in=[a.username for a in ACCOUNTS]).update(password=make_password(password))
