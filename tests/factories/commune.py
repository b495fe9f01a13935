"""A small commune, its catalogue and its people, built through the same services as production."""

import datetime

import factory
from django.contrib.auth import get_user_model

from dossiers.models import AwardCategory, AwardType, Campaign, CommendationKind, Subject, ThresholdBase, VoteMethod
from roles.models import Organization, OrganizationKind, Person, UnitType

START = datetime.date(2025, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="vi_VN")
    last_name = factory.Faker("last_name", locale="vi_VN")
    password = factory.django.Password("matkhau-demo")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.COMMUNE
    name = factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}")
    code = factory.Sequence(lambda n: f"UBND{n}")
    place_name = "Nguyễn Lương Bằng"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.UNIT
    unit_type = UnitType.PUBLIC_SERVICE
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    code = factory.Sequence(lambda n: f"DV{n}")
    parent = factory.SelfAttribute("commune")
    commune = factory.SubFactory(CommuneFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    position = "Giáo viên"
    organization = factory.SubFactory(UnitFactory)


class AwardTypeFactory(factory.django.DjangoModelFactory):
    """Lao động tiên tiến as the commune Quy chế sets it by default (SCENARIO, catalogue defaults)."""

    class Meta:
        model = AwardType

    code = factory.Sequence(lambda n: f"LDTT{n}")
    name = "Lao động tiên tiến"
    category = AwardCategory.TITLE
    subject = Subject.INDIVIDUAL
    authority = "Chủ tịch UBND xã"
    legal_basis = "Điều 24 Luật Thi đua, khen thưởng 2022"
    valid_from = START
    required_documents = factory.LazyFunction(
        lambda: {
            CommendationKind.REGULAR: ["to_trinh", "danh_sach", "bien_ban_binh_xet", "bao_cao_thanh_tich"],
            CommendationKind.THEMATIC: ["to_trinh", "danh_sach", "bien_ban_binh_xet", "bao_cao_thanh_tich"],
            CommendationKind.AD_HOC: ["to_trinh", "tom_tat_thanh_tich"],
        }
    )
    requires_council_vote = True
    vote_method = VoteMethod.OPEN
    threshold_percent = 51
    threshold_base = ThresholdBase.PRESENT


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    commune = factory.SubFactory(CommuneFactory)
    name = "Tổng kết phong trào thi đua năm 2025"
    year = 2025
    kind = CommendationKind.REGULAR
    opens_on = START
    submission_deadline = None

    @factory.post_generation
    def award_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.award_types.add(*extracted)
