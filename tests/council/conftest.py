"""The council of the demo (SCENARIO cast): nine members, the Chair chairing, `vhxh` as secretary.

Like tests/workflow/fixtures.py, the World and its council are built once per module inside an outer
transaction rolled back at the end; each test works in its own savepoint on a deep copy. Tests with
real parallel connections build a committed council (`committed_council`).
"""

import copy
import datetime

import pytest
from django.db import connection, transaction

from council import services
from council.models import AgendaItem, Choice
from dossiers.models import ThresholdBase, VoteMethod
from roles.models import Role
from tests.conftest import World, grant
from tests.factories.commune import AwardTypeFactory, UserFactory
from tests.workflow import helpers

MEETING_DAY = datetime.date(2025, 12, 22)
MEMBER_NAMES = ["chutich", "phochutich", "vhxh", "hoidong1", "hoidong2", "hoidong3", "hoidong4", "hoidong5",
                "hoidong6"]
A, D, X = Choice.AGREE, Choice.DISAGREE, Choice.ABSTAIN


class Council:
    """The World plus the demo council and a CSTĐ cơ sở award with its default rule (DOMAIN §13)."""

    def __init__(self, world: World):
        self.world = world
        for username in ("chutich", "phochutich", "vhxh"):
            grant(getattr(world, username), world.commune, Role.COUNCIL_MEMBER)
        for number in range(2, 7):
            setattr(world, f"hoidong{number}",
                    grant(UserFactory(username=f"hoidong{number}"), world.commune, Role.COUNCIL_MEMBER))
        self.chien_si = AwardTypeFactory(
            code="CSTDCS", name="Chiến sĩ thi đua cơ sở", vote_method=VoteMethod.SECRET, threshold_percent=80,
            threshold_base=ThresholdBase.TOTAL_MEMBERS, absentee_opinions_allowed=True,
        )
        world.campaign.award_types.add(self.chien_si)
        self.extra_members = []

    def add_members(self, count: int) -> list:
        """More council members beyond the demo's nine (load and parallelism tests)."""
        start = len(self.extra_members)
        self.extra_members += [
            grant(UserFactory(username=f"thanhvien{n:02d}"), self.world.commune, Role.COUNCIL_MEMBER)
            for n in range(start, start + count)
        ]
        return self.extra_members

    def __getattr__(self, name):
        if name.startswith("__") or "world" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.world, name)

    @property
    def members(self) -> list:
        return [getattr(self.world, name) for name in MEMBER_NAMES] + self.extra_members

    def dossier(self, *nominees, award=None, unit=None, accounts=None):
        """A dossier of THCS (by default) waiting for the council, with these nominees for `award`;
        `accounts` links a nominee to a user (a council member named in a nomination must recuse)."""
        award = award or self.chien_si
        accounts = accounts or {}
        dossier = helpers.make(self.world, unit=unit, nominees=(), complete=False)
        for name in nominees or ("Nguyễn Thị Thu Hương",):
            helpers.add_nominee(self.world, dossier, name=name, award=award, user=accounts.get(name))
        for kind in ("to_trinh", "danh_sach", "bien_ban_binh_xet"):
            helpers.upload(self.world, dossier, kind)
        return helpers.to_state(self.world, dossier, helpers.S.COUNCIL)

    def session(self, title="Phiên họp xét khen thưởng tổng kết năm 2025"):
        return services.session_create(actor=self.vhxh, commune=self.commune, title=title, meeting_date=MEETING_DAY,
                                       place="Hội trường UBND xã")

    def prepared(self, *dossiers, absent=()):
        """A draft session with these dossiers on the agenda and every member present but `absent`."""
        session = self.session()
        for dossier in dossiers:
            services.agenda_add(session=session, actor=self.vhxh, dossier=dossier)
        present = [m.pk for m in self.members if m.username not in absent]
        services.attendance_record(session=session, actor=self.vhxh, present_user_ids=present)
        session.refresh_from_db()
        return session

    def opened(self, *dossiers, absent=()):
        session = self.prepared(*dossiers, absent=absent)
        return services.session_open(session=session, actor=self.vhxh)

    @staticmethod
    def items(session) -> dict:
        """{nominee name: agenda item}."""
        return {i.nomination.nominee_name: i for i in AgendaItem.objects.filter(session=session)
                .select_related("nomination")}

    def vote(self, session, member, **by_name):
        """Cast `member`'s ballot, given as {nominee name: choice} (names with spaces: use `ballot`)."""
        return self.ballot(session, member, by_name)

    def ballot(self, session, member, by_name: dict):
        items = self.items(session)
        return services.ballot_cast(session=session, actor=member,
                                    choices={items[name].pk: choice for name, choice in by_name.items()})

    def everyone_votes(self, session, by_name: dict, *, skip=()):
        for member in self.members:
            if member.username in skip:
                continue
            seat = session.members.get(user=member)
            if not seat.present:
                continue
            marks = {name: choice for name, choice in by_name.items()
                     if self.items(session)[name].recused_id != member.pk}
            self.ballot(session, member, marks)

    def close(self, session):
        return services.session_close(session=session, actor=self.vhxh)


@pytest.fixture(scope="module")
def module_council(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield Council(World())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def council(module_council, db):
    return copy.deepcopy(module_council)


@pytest.fixture
def world(council):
    return council.world


@pytest.fixture
def parallel_council(transactional_db):
    """A committed council, for tests with real parallel connections: PostgreSQL only."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections (PostgreSQL)")
    return Council(World())
