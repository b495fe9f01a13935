"""Organisations and people (read only)."""

from rest_framework import serializers

from roles.models import Organization, Person, UnitType


class OrganizationSerializer(serializers.ModelSerializer):
    unit_type = serializers.ChoiceField(choices=UnitType.choices, allow_blank=True, read_only=True,
                                        help_text="Loại đơn vị; rỗng với xã và khối thi đua.")

    class Meta:
        model = Organization
        fields = ["id", "kind", "unit_type", "name", "short_name", "code", "place_name", "parent", "commune",
                  "block", "is_active"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    # Date of birth and the linked account are personal data: not published through the API.
    class Meta:
        model = Person
        fields = ["id", "full_name", "position", "organization"]
        read_only_fields = fields
