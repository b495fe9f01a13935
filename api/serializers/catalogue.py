"""Award types and campaigns: read for everyone in scope, written by administrators."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from api.serializers.fields import ObjectIdField
from dossiers.models import AwardType, Campaign, CommendationKind, DocumentKind
from roles.models import Organization, OrganizationKind


class AwardTypeSerializer(serializers.ModelSerializer):
    required_documents = serializers.DictField(
        child=serializers.ListField(child=serializers.ChoiceField(choices=DocumentKind.choices)),
        required=False,
        help_text="Theo loại hình khen thưởng, ví dụ {\"thuong_xuyen\": [\"to_trinh\", \"danh_sach\"]}.",
    )
    vote_exempt_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=CommendationKind.choices), required=False
    )
    eligibility_rules = serializers.DictField(required=False)

    class Meta:
        model = AwardType
        fields = [
            "id", "code", "name", "category", "subject", "authority", "legal_basis", "valid_from", "valid_to",
            "required_documents", "requires_council_vote", "vote_exempt_kinds", "posting_days", "vote_method",
            "quorum_numerator", "quorum_denominator", "threshold_percent", "threshold_base",
            "absentee_opinions_allowed", "chair_must_agree", "quota_percent", "quota_of_code", "eligibility_rules",
            "cash_multiplier", "review_working_days", "decision_working_days", "publish_personal_details",
        ]
        read_only_fields = ["id"]

    def validate_required_documents(self, value):
        unknown = sorted(set(value) - set(CommendationKind.values))
        if unknown:
            raise serializers.ValidationError(
                _("Loại hình khen thưởng không hợp lệ: %(kinds)s.") % {"kinds": ", ".join(unknown)}
            )
        return value


class CampaignSerializer(serializers.ModelSerializer):
    commune = ObjectIdField(queryset=Organization.objects.filter(kind=OrganizationKind.COMMUNE))
    award_types = ObjectIdField(queryset=AwardType.objects.all(), many=True, required=False)

    class Meta:
        model = Campaign
        fields = ["id", "commune", "name", "year", "kind", "award_types", "opens_on", "submission_deadline",
                  "legal_basis", "review_working_days", "decision_working_days"]
        read_only_fields = ["id"]
