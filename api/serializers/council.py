"""Council sessions, ballots and results. What a member chose never appears before closing, and a secret
item's marks never appear with a name (docs/council.md): the shapes below have no field that could carry it."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import id_field
from council.models import Choice, CouncilSession, ItemResult, SessionState
from dossiers.models import VoteMethod


class SessionSerializer(serializers.ModelSerializer):
    """A row of the session list."""

    label = serializers.CharField(read_only=True, help_text="Số phiên họp trong năm, ví dụ 01/2025.")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    items = serializers.IntegerField(read_only=True, help_text="Số nội dung (người được đề nghị) trong chương trình.")

    class Meta:
        model = CouncilSession
        fields = ["id", "commune", "year", "number", "label", "title", "meeting_date", "place", "state",
                  "state_label", "opened_at", "closed_at", "version", "items"]
        read_only_fields = fields


class SessionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    meeting_date = serializers.DateField()
    place = serializers.CharField(max_length=255)


class AgendaItemSerializer(serializers.Serializer):
    """One nominee on the agenda. The rule (vote method, recusal) is fixed when the vote opens."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    dossier = serializers.IntegerField(source="dossier_id")
    unit = serializers.CharField(source="dossier.unit.name")
    nomination = serializers.IntegerField(source="nomination_id")
    nominee_name = serializers.CharField(source="nomination.nominee_name")
    award_type = serializers.CharField(source="nomination.award_type.name")
    vote_method = serializers.ChoiceField(choices=VoteMethod.choices, allow_blank=True,
                                          help_text="secret (bỏ phiếu kín) hoặc open; trống khi chưa mở biểu quyết.")
    recused = serializers.SerializerMethodField(help_text="Thành viên là người được đề nghị (không biểu quyết).")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_recused(self, item) -> str | None:
        return item.recused.get_username() if item.recused_id else None


class SessionMemberSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    username = serializers.CharField(source="user.username")
    full_name = serializers.CharField()
    position = serializers.CharField()
    is_chair = serializers.BooleanField()
    present = serializers.BooleanField()


class ProgressSerializer(serializers.Serializer):
    """Who has voted, never how (DESIGN §8)."""

    voted = serializers.IntegerField(help_text="Số thành viên có mặt đã bỏ phiếu.")
    expected = serializers.IntegerField(help_text="Số thành viên có mặt.")
    not_yet = serializers.ListField(child=serializers.CharField(), help_text="Thành viên có mặt chưa bỏ phiếu.")
    written = serializers.ListField(child=serializers.CharField(),
                                    help_text="Thành viên vắng mặt đã có ý kiến bằng văn bản.")


class SessionDetailSerializer(SessionSerializer):
    items = None
    chair = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    agenda = AgendaItemSerializer(source="agenda_rows", many=True, read_only=True)
    members = SessionMemberSerializer(source="member_rows", many=True, read_only=True)
    progress = ProgressSerializer(read_only=True)
    manages = serializers.BooleanField(read_only=True, help_text="Người gọi là Thư ký Hội đồng của xã.")

    class Meta(SessionSerializer.Meta):
        fields = [f for f in SessionSerializer.Meta.fields if f != "items"] + [
            "chair", "created_by", "agenda", "members", "progress", "manages",
        ]
        read_only_fields = fields


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    unit = serializers.CharField(source="unit.name")
    version = serializers.IntegerField()


class VersionSerializer(serializers.Serializer):
    """Optional: the session version the caller read (else If-Match with the session's ETag)."""

    expected_version = id_field(required=False, allow_null=True,
                                help_text="Phiên bản phiên họp đã đọc; đã cũ: 409 conflict.")


class AgendaAddSerializer(VersionSerializer):
    dossier = id_field(help_text="Hồ sơ đang «Chờ Hội đồng xét» của xã.")


class AttendanceSerializer(VersionSerializer):
    present = serializers.ListField(child=id_field(), allow_empty=True, max_length=500,
                                    help_text="Mã tài khoản các thành viên có mặt; những người còn lại vắng mặt.")


class CloseSerializer(VersionSerializer):
    confirm = serializers.BooleanField(help_text="Bắt buộc true: kết thúc và kiểm phiếu, không mở lại được.")

    def validate_confirm(self, value):
        if not value:
            raise serializers.ValidationError(_("Vui lòng đánh dấu xác nhận trước khi kết thúc phiên họp."))
        return value


CHOICES = serializers.DictField(
    child=serializers.ChoiceField(choices=Choice.choices), allow_empty=True,
    help_text="Ý kiến theo từng nội dung: {\"mã nội dung\": \"agree\" | \"disagree\" | \"abstain\"}.",
)


class BallotCastSerializer(serializers.Serializer):
    choices = CHOICES


class BallotItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    nominee_name = serializers.CharField(source="nomination.nominee_name")
    award_type = serializers.CharField(source="nomination.award_type.name")
    vote_method = serializers.ChoiceField(choices=VoteMethod.choices, allow_blank=True)
    recused = serializers.BooleanField(help_text="Người gọi là người được đề nghị: không biểu quyết nội dung này.")
    recusal_reason = serializers.CharField(allow_blank=True)


class BallotFormSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    state = serializers.ChoiceField(choices=SessionState.choices)
    present = serializers.BooleanField(help_text="Người gọi được ghi nhận có mặt.")
    voted = serializers.BooleanField(help_text="Người gọi đã bỏ phiếu (mỗi thành viên một lần).")
    can_vote = serializers.BooleanField(help_text="Phiên họp đang biểu quyết, người gọi có mặt và chưa bỏ phiếu.")
    choices = serializers.ListField(child=serializers.ChoiceField(choices=Choice.choices))
    items = BallotItemSerializer(many=True)


class ReceiptSerializer(serializers.Serializer):
    """"Your ballot was received at …": the member and the time, never a choice."""

    session = serializers.IntegerField(source="session_id")
    member = serializers.CharField(source="member.username")
    cast_at = serializers.DateTimeField()


class WrittenOpinionCreateSerializer(VersionSerializer):
    member = id_field(help_text="Mã tài khoản của thành viên vắng mặt.")
    received_on = serializers.DateField()
    scan = serializers.FileField(allow_empty_file=True, help_text="Bản chụp (scan) ý kiến bằng văn bản.")
    choices = serializers.JSONField(
        help_text="Ý kiến theo từng nội dung cho phép ý kiến bằng văn bản, dạng JSON: "
                  "{\"mã nội dung\": \"agree\" | \"disagree\" | \"abstain\"}."
    )

    def validate_choices(self, value):
        marks = serializers.DictField(child=serializers.ChoiceField(choices=Choice.choices))
        return marks.run_validation(value)


class WrittenOpinionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member = serializers.CharField(source="member.username")
    received_on = serializers.DateField()
    original_name = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.username")
    recorded_at = serializers.DateTimeField()


class NamedVotesSerializer(serializers.Serializer):
    """Open ballots only: who agreed, disagreed, abstained."""

    agree = serializers.ListField(child=serializers.CharField())
    disagree = serializers.ListField(child=serializers.CharField())
    abstain = serializers.ListField(child=serializers.CharField())


class ResultItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    dossier = serializers.IntegerField(source="dossier_id")
    nomination = serializers.IntegerField(source="nomination_id")
    nominee_name = serializers.CharField(source="nomination.nominee_name")
    award_type = serializers.CharField(source="nomination.award_type.name")
    vote_method = serializers.ChoiceField(choices=VoteMethod.choices, allow_blank=True)
    result = serializers.ChoiceField(choices=ItemResult.choices, allow_blank=True)
    agree = serializers.IntegerField(allow_null=True)
    disagree = serializers.IntegerField(allow_null=True)
    abstain = serializers.IntegerField(allow_null=True)
    base = serializers.IntegerField(allow_null=True, help_text="Số thành viên làm căn cứ tính tỷ lệ.")
    required = serializers.IntegerField(allow_null=True, help_text="Số phiếu đồng ý cần đạt.")
    chair_agreed = serializers.BooleanField(allow_null=True)
    named = NamedVotesSerializer(allow_null=True, help_text="Biểu quyết công khai: tên từng người; phiếu kín: null.")


class ResultsSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    minutes = serializers.CharField(help_text="Số biên bản.")
    items = ResultItemSerializer(many=True)
