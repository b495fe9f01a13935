"""Dossiers and their content: list (the pages' scoping and filters), create, read, update while
editable, nominees. Writes go through dossiers.services (rights from the engine, audited)."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from api import scoping
from api.errors import E428, READ_ERRORS, WRITE_ERRORS
from api.preconditions import check_if_match, dossier_etag, expected_version, stale_as_412
from api.serializers.dossiers import (
    DossierCreateSerializer,
    DossierDetailSerializer,
    DossierSerializer,
    DossierUpdateSerializer,
    NominationCreateSerializer,
    NominationSerializer,
    NominationUpdateSerializer,
)
from api.serializers.fields import id_field
from api.serializers.pages import paged
from api.views.base import ApiView, checked_id
from api.views.directory import PAGE
from dossiers import selectors, services
from dossiers.models import DossierState

IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True,
    description="ETag của hồ sơ nhận được khi đọc (ví dụ \"dossier-12-v7\"); đã cũ: 412; thiếu: 428.",
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER,
    description="ETag của hồ sơ; nếu gửi và đã cũ: 412 (khuyến nghị gửi).",
)


class DossierFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=DossierState.choices, required=False)
    unit = id_field(required=False)
    campaign = id_field(required=False)
    award_type = id_field(required=False)
    q = serializers.CharField(max_length=200, required=False, allow_blank=True,
                              help_text="Tìm theo tên người được đề nghị, trích yếu, đơn vị (không cần dấu).")


def _detail(view, pk):
    dossier = view.dossier(pk)
    return Response(DossierDetailSerializer(dossier).data, headers={"ETag": dossier_etag(dossier)})


@extend_schema(tags=["Hồ sơ"])
class DossierListApi(ApiView):
    @extend_schema(
        operation_id="dossiers_list", parameters=[DossierFilterSerializer, *PAGE],
        responses={200: paged(DossierSerializer), **READ_ERRORS},
        summary="Danh sách hồ sơ trong phạm vi người gọi (như trang danh sách)",
        description="Đơn vị thấy hồ sơ của đơn vị mình; các vai trò của xã thấy hồ sơ của xã đã trình; kiểm tra "
                    "thấy mọi hồ sơ của xã. Khóa API chỉ thấy trong phạm vi tổ chức của khóa.",
    )
    def get(self, request):
        filters = selectors.DossierFilters(**self.query(DossierFilterSerializer))
        dossiers = selectors.dossier_list_for(actor=request.user, filters=filters, scope=self.scope)
        return self.paginate(dossiers, DossierSerializer)

    @extend_schema(
        operation_id="dossiers_create", request=DossierCreateSerializer,
        responses={201: DossierDetailSerializer, **WRITE_ERRORS},
        summary="Lập hồ sơ (dự thảo) cho đơn vị của người gọi",
    )
    def post(self, request):
        serializer = DossierCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scoping.require_unit(request, data["unit"])
        dossier = services.dossier_create(actor=request.user, unit=data["unit"], campaign=data["campaign"],
                                          title=data["title"], reference_number=data["reference_number"],
                                          kind=data.get("kind"))
        dossier = self.dossier(dossier.pk)
        return Response(DossierDetailSerializer(dossier).data, status=status.HTTP_201_CREATED,
                        headers={"ETag": dossier_etag(dossier)})


@extend_schema(tags=["Hồ sơ"])
class DossierDetailApi(ApiView):
    @extend_schema(operation_id="dossiers_retrieve", responses={200: DossierDetailSerializer, **READ_ERRORS},
                   summary="Một hồ sơ: người được đề nghị, tài liệu, khiếu nại (kèm ETag)")
    def get(self, request, pk: int):
        return _detail(self, pk)

    @extend_schema(
        operation_id="dossiers_partial_update", request=DossierUpdateSerializer, parameters=[IF_MATCH_REQUIRED],
        responses={200: DossierDetailSerializer, **WRITE_ERRORS, **E428},
        summary="Sửa hồ sơ khi còn là dự thảo hoặc bị trả lại (cần If-Match)",
    )
    def patch(self, request, pk: int):
        dossier = self.dossier(pk)
        check_if_match(request, dossier_etag(dossier), required=True)
        serializer = DossierUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scoping.require_reach(request, dossier)
        # A change between our read and the service's row lock is refused as stale too.
        stale_as_412(lambda: services.dossier_update(
            dossier=dossier, actor=request.user, expected_version=dossier.version, **serializer.validated_data
        ), dossier.version)
        return _detail(self, pk)


@extend_schema(tags=["Hồ sơ"])
class NominationListApi(ApiView):
    @extend_schema(operation_id="nominations_list", responses={200: NominationSerializer(many=True), **READ_ERRORS},
                   summary="Người, tập thể, hộ được đề nghị trong hồ sơ")
    def get(self, request, pk: int):
        return Response(NominationSerializer(self.dossier(pk).nominations.all(), many=True).data)

    @extend_schema(
        operation_id="nominations_create", request=NominationCreateSerializer, parameters=[IF_MATCH_OPTIONAL],
        responses={201: NominationSerializer, **WRITE_ERRORS},
        summary="Thêm người được đề nghị (cá nhân có sẵn, cá nhân mới, tập thể hoặc hộ gia đình)",
    )
    def post(self, request, pk: int):
        dossier = self.dossier(pk)
        version = expected_version(request, dossier)
        serializer = NominationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scoping.require_reach(request, dossier)
        common = {"dossier": dossier, "actor": request.user, "award_type": data["award_type"],
                  "position": data["position"], "achievement_summary": data["achievement_summary"],
                  "expected_version": version}
        new_name = (data.get("new_person_name") or "").strip()
        if new_name:
            nomination = stale_as_412(
                lambda: services.nomination_add_new_person(full_name=new_name, **common), version
            )
        else:
            nomination = stale_as_412(lambda: services.nomination_add(
                person=data.get("person"), nominee_name=data.get("nominee_name", ""), **common
            ), version)
        fresh = self.dossier(pk)
        return Response(NominationSerializer(selectors.nomination_for(dossier=fresh, pk=nomination.pk)).data,
                        status=status.HTTP_201_CREATED, headers={"ETag": dossier_etag(fresh)})


@extend_schema(tags=["Hồ sơ"])
class NominationDetailApi(ApiView):
    @extend_schema(operation_id="nominations_retrieve", responses={200: NominationSerializer, **READ_ERRORS},
                   summary="Một người được đề nghị")
    def get(self, request, pk: int, nomination_pk: int):
        dossier = self.dossier(pk)
        return Response(NominationSerializer(selectors.nomination_for(dossier=dossier,
                                                                      pk=checked_id(nomination_pk))).data)

    @extend_schema(
        operation_id="nominations_partial_update", request=NominationUpdateSerializer,
        parameters=[IF_MATCH_REQUIRED], responses={200: NominationSerializer, **WRITE_ERRORS, **E428},
        summary="Sửa người được đề nghị (cần If-Match với ETag của hồ sơ)",
    )
    def patch(self, request, pk: int, nomination_pk: int):
        dossier = self.dossier(pk)
        nomination = selectors.nomination_for(dossier=dossier, pk=checked_id(nomination_pk))
        check_if_match(request, dossier_etag(dossier), required=True)
        serializer = NominationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if changes.get("person") is not None and "nominee_name" not in changes:
            changes["nominee_name"] = changes["person"].full_name
        scoping.require_reach(request, dossier)
        stale_as_412(lambda: services.nomination_update(
            nomination=nomination, actor=request.user, expected_version=dossier.version, **changes
        ), dossier.version)
        fresh = self.dossier(pk)
        return Response(NominationSerializer(selectors.nomination_for(dossier=fresh, pk=nomination.pk)).data,
                        headers={"ETag": dossier_etag(fresh)})

    @extend_schema(
        operation_id="nominations_destroy", parameters=[IF_MATCH_OPTIONAL],
        responses={204: OpenApiResponse(description="Đã xóa."), **WRITE_ERRORS},
        summary="Xóa người được đề nghị (khi chưa có tài liệu gắn với người đó)",
    )
    def delete(self, request, pk: int, nomination_pk: int):
        dossier = self.dossier(pk)
        nomination = selectors.nomination_for(dossier=dossier, pk=checked_id(nomination_pk))
        version = expected_version(request, dossier)
        scoping.require_reach(request, dossier)
        stale_as_412(lambda: services.nomination_remove(
            nomination=nomination, actor=request.user, expected_version=version
        ), version)
        return Response(status=status.HTTP_204_NO_CONTENT)
