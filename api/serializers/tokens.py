"""API tokens, as administrators see them (never the secret, except once in the creation answer)."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from api.models import ApiToken
from api.serializers.fields import ObjectIdField
from roles.models import Organization


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    revoked_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "user", "organization", "prefix", "created_by", "created_at", "revoked_at",
                  "revoked_by", "last_used_at"]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    user = ObjectIdField(queryset=get_user_model().objects.all(), help_text="Tài khoản mà hệ thống tích hợp dùng.")
    organization = ObjectIdField(queryset=Organization.objects.all(), help_text="Phạm vi của khóa.")


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(help_text="Khóa bí mật: chỉ hiển thị một lần, hãy lưu lại ngay.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields
