"""Dossiers, their nominees, documents and actions. Serializers read what selectors prefetched: no queries."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ObjectIdField, id_field
from dossiers.models import (
    Attachment,
    AwardType,
    Campaign,
    CommendationKind,
    Complaint,
    DocumentKind,
    Dossier,
    DossierState,
    Nomination,
)
from roles.models import Organization, Person
from workflow.actions import Action


class _Named(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _CampaignRef(_Named):
    year = serializers.IntegerField()


class DossierSerializer(serializers.ModelSerializer):
    """A row of the dossier list."""

    state_label = serializers.CharField(source="get_state_display")
    unit = _Named()
    campaign = _CampaignRef()
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    nomination_count = serializers.IntegerField()

    class Meta:
        model = Dossier
        fields = ["id", "title", "reference_number", "kind", "state", "state_label", "unit", "campaign",
                  "assignee", "nomination_count", "submitted_at", "created_at", "updated_at", "version"]
        read_only_fields = fields


class NominationSerializer(serializers.ModelSerializer):
    award_type_code = serializers.CharField(source="award_type.code", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "award_type", "award_type_code", "person", "nominee_name", "position",
                  "achievement_summary", "outcome", "outcome_label", "outcome_reason"]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text="False when a newer version supersedes this one.")

    class Meta:
        model = Attachment
        fields = ["id", "kind", "nomination", "original_name", "sha256", "size", "content_type", "version",
                  "supersedes", "current", "uploaded_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_current(self, attachment) -> bool:
        return not hasattr(attachment, "superseded_by")


class ComplaintSerializer(serializers.ModelSerializer):
    class Meta:
        model = Complaint
        fields = ["id", "nomination", "received_on", "complainant", "summary", "status", "outcome"]
        read_only_fields = fields


class DossierDetailSerializer(DossierSerializer):
    commune = _Named()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    nominations = NominationSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    complaints = ComplaintSerializer(many=True)
    nomination_count = None

    class Meta(DossierSerializer.Meta):
        fields = [f for f in DossierSerializer.Meta.fields if f != "nomination_count"] + [
            "commune", "created_by", "rules_as_of", "return_count", "posting_starts_on", "posting_ends_on",
            "nominations", "attachments", "complaints",
        ]
        read_only_fields = fields


class DossierCreateSerializer(serializers.Serializer):
    unit = ObjectIdField(queryset=Organization.objects.all(), help_text="Đơn vị đề nghị (người gọi phải có quyền).")
    campaign = ObjectIdField(queryset=Campaign.objects.all())
    title = serializers.CharField(max_length=255)
    reference_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=CommendationKind.choices, required=False,
                                   help_text="Mặc định: loại hình của phong trào.")


class DossierUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255, required=False)
    reference_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=CommendationKind.choices, required=False)


class NominationCreateSerializer(serializers.Serializer):
    award_type = ObjectIdField(queryset=AwardType.objects.all())
    person = ObjectIdField(queryset=Person.objects.all(), required=False, allow_null=True,
                           help_text="Cá nhân đã có trong danh sách của đơn vị.")
    new_person_name = serializers.CharField(
        max_length=255, required=False, allow_blank=True,
        help_text="Họ tên cá nhân chưa có trong danh sách: hệ thống tạo cá nhân mới trong đơn vị của hồ sơ.",
    )
    nominee_name = serializers.CharField(max_length=255, required=False, allow_blank=True,
                                         help_text="Tên tập thể hoặc hộ gia đình.")
    position = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    achievement_summary = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")

    def validate(self, data):
        if data.get("person") and (data.get("new_person_name") or "").strip():
            raise serializers.ValidationError(
                {"new_person_name": [_("Chỉ chọn một: cá nhân có sẵn hoặc họ tên cá nhân mới.")]}
            )
        return data


class NominationUpdateSerializer(serializers.Serializer):
    award_type = ObjectIdField(queryset=AwardType.objects.all(), required=False)
    person = ObjectIdField(queryset=Person.objects.all(), required=False, allow_null=True)
    nominee_name = serializers.CharField(max_length=255, required=False)
    position = serializers.CharField(max_length=255, required=False, allow_blank=True)
    achievement_summary = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField(help_text="PDF, DOCX, XLSX, JPEG hoặc PNG (nhận biết theo nội dung tệp).",
                                 allow_empty_file=True)
    nomination = id_field(required=False, allow_null=True, help_text="Tài liệu của một người được đề nghị.")
    replaces = id_field(required=False, allow_null=True, help_text="Tải lên phiên bản mới của tài liệu này.")


USER_ACTIONS = [a for a in Action.values if a not in ("close_vote", "decide", "revoke")]


class AvailableActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=USER_ACTIONS)
    label = serializers.CharField()
    needs_reason = serializers.BooleanField()
    blocked = serializers.BooleanField()
    blocked_reasons = serializers.ListField(child=serializers.CharField(),
                                            help_text="Vì sao thao tác chưa thực hiện được lúc này.")


class ActionRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    nomination = id_field(required=False, allow_null=True, help_text="assess_nomination: người được đánh giá.")
    eligible = serializers.BooleanField(required=False, help_text="assess_nomination: đủ điều kiện hay không.")
    complaint = id_field(required=False, allow_null=True, help_text="suspend: khiếu nại, phản ánh liên quan.")
    confirm_repeat = serializers.BooleanField(required=False, default=False,
                                              help_text="return_for_revision: xác nhận trả lại lần nữa.")
    assignee = id_field(required=False, allow_null=True, help_text="reassign: tài khoản cán bộ được giao thụ lý.")


class ActionResultSerializer(serializers.Serializer):
    action = serializers.CharField()
    from_state = serializers.ChoiceField(choices=DossierState.choices)
    to_state = serializers.ChoiceField(choices=DossierState.choices)
    event = serializers.IntegerField(help_text="Mã sự kiện nhật ký ghi lại thao tác.")
    event_hash = serializers.CharField()
    dossier = DossierDetailSerializer()
