"""Personas and helpers shared by the suite.

Personas carry the demo account names (DESIGN §12) and exactly the roles they need. Factories make
drafts only; later states come from `advance`, which calls the engine, so chains are real.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TransactionTestCase

from dossiers import services as dossier_services
from dossiers.models import CommendationKind, DossierState
from roles import services as role_services
from roles.models import Role
from tests.factories.commune import (
    AwardTypeFactory,
    CampaignFactory,
    CommuneFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)
from workflow import engine
from workflow.engine import SYSTEM, Action

START = datetime.date(2025, 1, 1)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="tai-lieu.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def grant(user, organization, role, actor=None):
    role_services.membership_grant(user=user, organization=organization, role=role, valid_from=START, actor=actor)
    return user


class World:
    """One commune with two units, its office and council, plus a second commune for scope tests."""

    def __init__(self):
        self.commune = CommuneFactory(name="UBND xã Nguyễn Lương Bằng", code="UBND")
        self.thcs_unit = UnitFactory(commune=self.commune, name="Trường THCS Nguyễn Lương Bằng", code="THCS")
        self.doantn_unit = UnitFactory(commune=self.commune, name="Đoàn TNCS Hồ Chí Minh xã", code="DTN")
        self.other_commune = CommuneFactory(name="UBND xã Khác", code="UBNDK")
        self.other_unit = UnitFactory(commune=self.other_commune, name="Trường THCS xã Khác", code="THCSK")

        self.thcs = grant(UserFactory(username="thcs"), self.thcs_unit, Role.UNIT_OFFICER)
        self.thcs_head = grant(UserFactory(username="thcs_head"), self.thcs_unit, Role.UNIT_HEAD)
        self.doantn = grant(UserFactory(username="doantn"), self.doantn_unit, Role.UNIT_HEAD)
        self.canbovhxh = grant(UserFactory(username="canbovhxh"), self.commune, Role.REVIEWER)
        self.vhxh = grant(UserFactory(username="vhxh"), self.commune, Role.OFFICE_HEAD)
        self.chutich = grant(UserFactory(username="chutich"), self.commune, Role.CHAIR)
        self.phochutich = grant(UserFactory(username="phochutich"), self.commune, Role.VICE_CHAIR)
        self.vanthu = grant(UserFactory(username="vanthu"), self.commune, Role.CLERK)
        self.kiemtra = grant(UserFactory(username="kiemtra"), self.commune, Role.AUDITOR)
        self.hoidong1 = grant(UserFactory(username="hoidong1"), self.commune, Role.COUNCIL_MEMBER)
        self.quantri = UserFactory(username="quantri", is_staff=True, is_superuser=True)
        self.other_reviewer = grant(UserFactory(username="canbo_xakhac"), self.other_commune, Role.REVIEWER)
        self.other_officer = grant(UserFactory(username="thcs_xakhac"), self.other_unit, Role.UNIT_HEAD)

        self.lao_dong_tien_tien = AwardTypeFactory(code="LDTT", name="Lao động tiên tiến")
        self.giay_khen = AwardTypeFactory(
            code="GKCT", name="Giấy khen của Chủ tịch UBND xã", category="form", vote_exempt_kinds=["dot_xuat"]
        )
        self.gia_dinh_van_hoa = AwardTypeFactory(
            code="GDVH",
            name="Gia đình văn hóa",
            subject="household",
            requires_council_vote=False,
            posting_days=10,
            required_documents={k: ["to_trinh", "danh_sach", "bien_ban_binh_xet"] for k in CommendationKind.values},
        )
        awards = [self.lao_dong_tien_tien, self.giay_khen, self.gia_dinh_van_hoa]
        self.campaign = CampaignFactory(commune=self.commune, award_types=awards)
        self.ad_hoc_campaign = CampaignFactory(
            commune=self.commune, name="Khen thưởng đột xuất năm 2025", kind=CommendationKind.AD_HOC, award_types=awards
        )
        self.other_campaign = CampaignFactory(commune=self.other_commune, award_types=awards)

    # Builders -------------------------------------------------------------------------------------
    def draft(self, unit=None, officer=None, campaign=None, title="Đề nghị khen thưởng năm 2025", kind=None):
        unit = unit or self.thcs_unit
        officer = officer or self.thcs
        campaign = campaign or (self.other_campaign if unit.commune_id == self.other_commune.pk else self.campaign)
        return dossier_services.dossier_create(actor=officer, unit=unit, campaign=campaign, title=title, kind=kind)

    def complete(self, dossier, officer=None, award=None, nominees=("Nguyễn Thị Hoa",)):
        """Add nominees and every required document, so the dossier can be submitted."""
        officer = officer or self.thcs
        award = award or self.lao_dong_tien_tien
        for name in nominees:
            person = PersonFactory(full_name=name, organization=dossier.unit)
            nomination = dossier_services.nomination_add(
                dossier=dossier,
                actor=officer,
                award_type=award,
                person=person if award.subject == "individual" else None,
                nominee_name=name,
            )
            for kind in award.documents_required_for(dossier.kind):
                if kind in ("bao_cao_thanh_tich", "tom_tat_thanh_tich", "xac_nhan_sang_kien"):
                    dossier_services.attachment_upload(
                        dossier=dossier, actor=officer, kind=kind, upload=pdf_upload(), nomination=nomination
                    )
        for kind in sorted(
            {k for n in dossier.nominations.all() for k in n.award_type.documents_required_for(dossier.kind)}
        ):
            if kind not in ("bao_cao_thanh_tich", "tom_tat_thanh_tich", "xac_nhan_sang_kien"):
                dossier_services.attachment_upload(dossier=dossier, actor=officer, kind=kind, upload=pdf_upload())
        dossier.refresh_from_db()
        return dossier

    def ready(self, **kwargs):
        award = kwargs.pop("award", None)
        nominees = kwargs.pop("nominees", ("Nguyễn Thị Hoa",))
        return self.complete(self.draft(**kwargs), officer=kwargs.get("officer"), award=award, nominees=nominees)

    def advance(self, dossier, state):
        """Walk a dossier to `state` through the engine, with the actors the rules require."""
        path = {
            DossierState.SUBMITTED: [(Action.SUBMIT, self.officer_of(dossier), {})],
            DossierState.IN_REVIEW: [(Action.TAKE, self.canbovhxh, {})],
            DossierState.RETURNED: [
                (Action.RETURN_FOR_REVISION, self.canbovhxh, {"reason": "Bổ sung báo cáo thành tích"})
            ],
            DossierState.COUNCIL: [(Action.FORWARD_TO_COUNCIL, self.canbovhxh, {})],
            DossierState.AWAITING_DECISION: [(Action.FORWARD_TO_CHAIR, self.canbovhxh, {})],
        }
        order = [DossierState.SUBMITTED, DossierState.IN_REVIEW]
        for step in order:
            if dossier.state == state:
                return dossier
            for action, actor, data in path[step]:
                engine.perform(dossier, action, actor, **data)
        if dossier.state != state:
            for action, actor, data in path[state]:
                engine.perform(dossier, action, actor, **data)
        assert dossier.state == state, (dossier.state, state)
        return dossier

    def officer_of(self, dossier):
        return {self.thcs_unit.pk: self.thcs, self.doantn_unit.pk: self.doantn, self.other_unit.pk: self.other_officer}[
            dossier.unit_id
        ]

    def close_vote(self, dossier, passed=True):
        results = {
            str(n.pk): "passed" if passed else "failed" for n in dossier.nominations.all() if n.outcome == "eligible"
        }
        return engine.perform(dossier, Action.CLOSE_VOTE, SYSTEM, results=results, session="session:1")


@pytest.fixture
def client_for():
    """A signed-in test client per user (force_login: axes needs a request to authenticate, which
    `Client.login` does not give)."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def thcs(world):
    return world.thcs


@pytest.fixture
def canbovhxh(world):
    return world.canbovhxh


@pytest.fixture
def chutich(world):
    return world.chutich


def bypass_audit_protection():
    """Lift the append-only triggers for this connection, to tamper on purpose (tests only)."""
    return _AuditProtectionBypass()


class _AuditProtectionBypass:
    tables = ("workflow_auditevent", "workflow_auditcheckpoint")

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = replica")
            else:
                for table in self.tables:
                    for op in ("update", "delete"):
                        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")
            else:
                for table in self.tables:
                    for op in ("UPDATE", "DELETE"):
                        cursor.execute(
                            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                            f"BEGIN SELECT RAISE(ABORT, 'audit log is append-only: {op} on {table} refused'); END"
                        )
        return False


@pytest.fixture(autouse=True, scope="session")
def _flushable_audit_tables():
    """Transactional tests end with a flush (TRUNCATE or DELETE), which the triggers refuse: lift them
    for that flush only, on that connection, and put them back straight after."""
    original = TransactionTestCase._fixture_teardown

    def fixture_teardown(self):
        with bypass_audit_protection():
            original(self)

    TransactionTestCase._fixture_teardown = fixture_teardown
    yield
    TransactionTestCase._fixture_teardown = original
