"""Decisions: drafts the office prepares, and signed, numbered decisions with the SHA-256 of their files."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from api.serializers.fields import ObjectIdField, id_field
from decisions.models import Decision, DecisionKind, DecisionStatus, SigningMode
from dossiers.models import AwardType, Outcome


class _AwardRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class DecisionSerializer(serializers.ModelSerializer):
    """A row of the decision list."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    award_type = _AwardRef(read_only=True)
    issuer = serializers.CharField(source="issuer.name", read_only=True)
    drafted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    entry_count = serializers.IntegerField(read_only=True, help_text="Số người, tập thể trong danh sách kèm theo.")
    signing_mode = serializers.ChoiceField(choices=SigningMode.choices, allow_blank=True, read_only=True,
                                           help_text="chair hoặc deputy (KT. CHỦ TỊCH); trống khi chưa ký.")

    class Meta:
        model = Decision
        fields = ["id", "kind", "kind_label", "status", "status_label", "award_type", "campaign", "issuer",
                  "original", "summary", "number_text", "year", "number", "signed_on", "signer_name",
                  "signing_mode", "drafted_by", "created_at", "version", "entry_count"]
        read_only_fields = fields


class NominationRowSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="pk")
    nominee_name = serializers.CharField()
    dossier = serializers.IntegerField(source="dossier_id")
    unit = serializers.CharField(source="dossier.unit.name")
    award_type = serializers.CharField(source="award_type.code")
    outcome = serializers.ChoiceField(choices=Outcome.choices)


class EntrySerializer(serializers.Serializer):
    position = serializers.IntegerField()
    nomination = NominationRowSerializer()


class DecisionDetailSerializer(DecisionSerializer):
    entry_count = None
    signer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    entries = EntrySerializer(source="entry_rows", many=True, read_only=True)
    left_out = NominationRowSerializer(
        source="left_out_rows", many=True, read_only=True,
        help_text="Dự thảo: người cùng danh hiệu trong các hồ sơ của dự thảo mà dự thảo không nêu tên; "
                  "khi ký, họ được ghi «không được khen thưởng».",
    )
    amendments = serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                                    help_text="Quyết định đính chính, thay thế, hủy bỏ quyết định này.")

    class Meta(DecisionSerializer.Meta):
        fields = [f for f in DecisionSerializer.Meta.fields if f != "entry_count"] + [
            "proposal", "content", "reason", "legal_ground", "collective_signing", "signer", "signed_at",
            "checkpoint_id", "checkpoint_digest", "pdf_sha256", "docx_sha256", "entries", "left_out", "amendments",
        ]
        read_only_fields = fields


class DecisionFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False,
                                    help_text="Năm của số quyết định; dự thảo: năm của phong trào.")
    status = serializers.ChoiceField(choices=DecisionStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=DecisionKind.choices, required=False)
    award_type = id_field(required=False)


class AwardableQuerySerializer(serializers.Serializer):
    award_type = id_field(help_text="Danh hiệu, hình thức của dự thảo.")


class DraftCreateSerializer(serializers.Serializer):
    award_type = ObjectIdField(queryset=AwardType.objects.all())
    nominations = serializers.ListField(child=id_field(), min_length=1, max_length=1000,
                                        help_text="Người, tập thể được khen thưởng (xem `/decisions/awardable/`).")
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                    help_text="Trích yếu; để trống: theo mẫu của danh hiệu.")
    proposal = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    collective_signing = serializers.BooleanField(required=False, default=False)


class VersionSerializer(serializers.Serializer):
    expected_version = id_field(required=False, allow_null=True,
                                help_text="Phiên bản dự thảo đã đọc; đã cũ: 409 conflict (hoặc If-Match: 412).")


class SignSerializer(VersionSerializer):
    confirm = serializers.BooleanField(help_text="Bắt buộc true: đã xem dự thảo; quyết định đã ký không sửa được.")

    def validate_confirm(self, value):
        if not value:
            raise serializers.ValidationError(
                _("Vui lòng đánh dấu xác nhận trước khi ký: quyết định đã ký không sửa được.")
            )
        return value


class SendBackSerializer(VersionSerializer):
    dossier = id_field(help_text="Hồ sơ của dự thảo được gửi lại Phòng Văn hóa - Xã hội.")
    reason = serializers.CharField(max_length=4000)


class DraftUpdateSerializer(VersionSerializer):
    nominations = serializers.ListField(child=id_field(), min_length=1, max_length=1000, required=False,
                                        help_text="Danh sách mới (quyết định khen thưởng); bỏ qua: giữ nguyên.")
    summary = serializers.CharField(max_length=500, required=False)
    proposal = serializers.CharField(max_length=255, required=False, allow_blank=True)
    collective_signing = serializers.BooleanField(required=False)


class RevocationCreateSerializer(serializers.Serializer):
    nominations = serializers.ListField(child=id_field(), min_length=1, max_length=1000,
                                        help_text="Khen thưởng bị hủy bỏ: người có tên trong quyết định gốc.")
    reason = serializers.CharField(max_length=4000)
    legal_ground = serializers.CharField(max_length=4000,
                                         help_text="Ví dụ: Điểm a khoản 2 Điều 94 Luật Thi đua, khen thưởng năm 2022")


class CorrectionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[DecisionKind.CORRECTION, DecisionKind.REPLACEMENT],
                                   help_text="correction: đính chính (thể thức); replacement: thay thế (nội dung).")
    content = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
