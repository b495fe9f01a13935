"""Input fields shared by the serializers: ids that never overflow the database's integer."""

from rest_framework import serializers

from api.preconditions import MAX_ID


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class ObjectIdField(serializers.PrimaryKeyRelatedField):
    """A related object by id; out-of-range ids are refused as invalid instead of reaching the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("pk_field", id_field())
        super().__init__(**kwargs)
