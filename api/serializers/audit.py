"""The audit log as auditors read it, and the integrity check."""

from rest_framework import serializers

from api.serializers.fields import id_field
from workflow.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    data = serializers.JSONField(read_only=True, help_text="Dữ liệu của sự kiện (đối tượng JSON).")

    class Meta:
        model = AuditEvent
        fields = ["id", "stream", "stream_seq", "occurred_at", "actor_id", "actor_username", "on_behalf_of_id",
                  "on_behalf_of_username", "role", "action", "object_type", "object_id", "from_state", "to_state",
                  "data", "data_json", "client_address", "request_id", "prev_hash", "hash"]
        read_only_fields = fields


class AuditFilterSerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text="Từ ngày (giờ Việt Nam), ví dụ 2025-12-01.")
    date_to = serializers.DateField(required=False, help_text="Đến hết ngày (giờ Việt Nam).")
    actor = serializers.CharField(max_length=150, required=False, allow_blank=True,
                                  help_text="Tên đăng nhập của người thực hiện hoặc người được thay mặt.")
    action = serializers.CharField(max_length=64, required=False, allow_blank=True)
    unit = id_field(required=False, help_text="Chỉ sự kiện của hồ sơ thuộc đơn vị này.")
    dossier = id_field(required=False, help_text="Chỉ sự kiện của hồ sơ này.")


class AuditProblemSerializer(serializers.Serializer):
    stream = serializers.CharField()
    seq = serializers.IntegerField()
    event_id = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class AuditVerificationSerializer(serializers.Serializer):
    intact = serializers.BooleanField()
    events = serializers.IntegerField()
    streams = serializers.IntegerField()
    checkpoints = serializers.IntegerField()
    first_problem = AuditProblemSerializer(allow_null=True)
    problems = serializers.IntegerField(help_text="Số vấn đề tìm thấy.")
