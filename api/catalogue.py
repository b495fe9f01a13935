"""Administrators' writes of the award catalogue and campaigns through the API.

The same writes as the admin site (dossiers.admin.AuditedCatalogueMixin): model validation first, then
the row and its audit event (`dossiers.services.catalogue_change_record`) in one transaction.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from dossiers.services import catalogue_change_record
from workflow.exceptions import ActionNotAllowed

PERMISSIONS = {"awardtype": "dossiers.{verb}_awardtype", "campaign": "dossiers.{verb}_campaign"}


def require_administrator(actor, model_name: str, verb: str) -> None:
    if not (actor.is_active and actor.is_staff and actor.has_perm(PERMISSIONS[model_name].format(verb=verb))):
        raise ActionNotAllowed(_("Chỉ quản trị hệ thống mới được thay đổi danh mục khen thưởng và phong trào."))


@transaction.atomic
def catalogue_save(*, actor, serializer: serializers.ModelSerializer):
    """Create or change one catalogue row from a validated serializer; audited with the changed fields."""
    model_name = serializer.Meta.model._meta.model_name
    created = serializer.instance is None
    require_administrator(actor, model_name, "add" if created else "change")
    data = dict(serializer.validated_data)
    many = {"award_types": data.pop("award_types")} if "award_types" in data else {}
    instance = serializer.instance or serializer.Meta.model()
    changed = [name for name, value in data.items() if created or getattr(instance, name) != value]
    for name, value in data.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
    instance.save()
    for name, value in many.items():
        if created or set(getattr(instance, name).all()) != set(value):
            changed.append(name)
        getattr(instance, name).set(value)
    if changed or created:
        catalogue_change_record(instance=instance, actor=actor, created=created, changed_fields=changed)
    return instance
