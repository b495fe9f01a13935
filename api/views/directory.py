"""Organisations, people, award types and campaigns. Reads for callers in scope; catalogue writes for
administrators, audited, with If-Match on changes."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from api import selectors
from api.catalogue import catalogue_save
from api.errors import E428, READ_ERRORS, WRITE_ERRORS
from api.preconditions import check_if_match, content_etag
from api.serializers.catalogue import AwardTypeSerializer, CampaignSerializer
from api.serializers.directory import OrganizationSerializer, PersonSerializer
from api.serializers.fields import id_field
from api.serializers.pages import paged
from api.views.base import ApiView, checked_id

PAGE = [OpenApiParameter("page", int, description="Số trang (từ 1)."),
        OpenApiParameter("page_size", int, description="Số dòng mỗi trang (tối đa 100).")]


def _one(queryset, pk):
    try:
        return queryset.get(pk=checked_id(pk))
    except queryset.model.DoesNotExist as exc:
        raise Http404(_("Không tìm thấy.")) from exc


@extend_schema(tags=["Danh mục"])
class OrganizationListApi(ApiView):
    @extend_schema(operation_id="organizations_list", parameters=PAGE,
                   responses={200: paged(OrganizationSerializer), **READ_ERRORS},
                   summary="Danh sách tổ chức (xã, đơn vị, khối thi đua) trong phạm vi người gọi")
    def get(self, request):
        return self.paginate(selectors.organization_list_for(actor=request.user, scope=self.scope),
                             OrganizationSerializer)


@extend_schema(tags=["Danh mục"])
class OrganizationDetailApi(ApiView):
    @extend_schema(operation_id="organizations_retrieve", responses={200: OrganizationSerializer, **READ_ERRORS},
                   summary="Một tổ chức")
    def get(self, request, pk: int):
        organization = _one(selectors.organization_list_for(actor=request.user, scope=self.scope), pk)
        return Response(OrganizationSerializer(organization).data)


class _PersonFilter(serializers.Serializer):
    organization = id_field(required=False, help_text="Chỉ cá nhân của tổ chức này.")


@extend_schema(tags=["Danh mục"])
class PersonListApi(ApiView):
    @extend_schema(operation_id="people_list", parameters=[_PersonFilter, *PAGE],
                   responses={200: paged(PersonSerializer), **READ_ERRORS},
                   summary="Danh sách cá nhân (để chọn người được đề nghị)")
    def get(self, request):
        filters = self.query(_PersonFilter)
        people = selectors.person_list_for(actor=request.user, scope=self.scope,
                                           organization=filters.get("organization"))
        return self.paginate(people, PersonSerializer)


@extend_schema(tags=["Danh mục"])
class PersonDetailApi(ApiView):
    @extend_schema(operation_id="people_retrieve", responses={200: PersonSerializer, **READ_ERRORS},
                   summary="Một cá nhân")
    def get(self, request, pk: int):
        person = _one(selectors.person_list_for(actor=request.user, scope=self.scope), pk)
        return Response(PersonSerializer(person).data)


class _CatalogueList(ApiView):
    serializer_class = None
    kind = ""

    def rows(self):
        raise NotImplementedError

    def get(self, request):
        return self.paginate(self.rows(), self.serializer_class)

    def post(self, request):
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = catalogue_save(actor=request.user, serializer=serializer)
        data = self.serializer_class(instance).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": content_etag(self.kind, data)})


class _CatalogueDetail(ApiView):
    serializer_class = None
    kind = ""

    def rows(self):
        raise NotImplementedError

    def get(self, request, pk: int):
        data = self.serializer_class(_one(self.rows(), pk)).data
        return Response(data, headers={"ETag": content_etag(self.kind, data)})

    def patch(self, request, pk: int):
        instance = _one(self.rows(), pk)
        check_if_match(request, content_etag(self.kind, self.serializer_class(instance).data), required=True)
        serializer = self.serializer_class(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        instance = catalogue_save(actor=request.user, serializer=serializer)
        data = self.serializer_class(instance).data
        return Response(data, headers={"ETag": content_etag(self.kind, data)})


IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                            description="ETag nhận được khi đọc; khác ETag hiện tại: 412.")


def _own(method):
    """A fresh function per subclass: drf-spectacular stores its annotation on the function object."""

    def handler(self, request, *args, **kwargs):
        return method(self, request, *args, **kwargs)

    handler.__name__ = method.__name__
    return handler


def _catalogue_docs(list_cls, detail_cls, serializer, name, noun):
    for cls, names in ((list_cls, ("get", "post")), (detail_cls, ("get", "patch"))):
        for method in names:
            setattr(cls, method, _own(getattr(cls, method)))
    extend_schema(tags=["Danh mục"])(list_cls)
    extend_schema(tags=["Danh mục"])(detail_cls)
    list_cls.get = extend_schema(operation_id=f"{name}_list", parameters=PAGE,
                                 responses={200: paged(serializer), **READ_ERRORS},
                                 summary=f"Danh sách {noun}")(list_cls.get)
    list_cls.post = extend_schema(operation_id=f"{name}_create", request=serializer,
                                  responses={201: serializer, **WRITE_ERRORS},
                                  summary=f"Thêm {noun} (quản trị hệ thống; được ghi nhật ký)")(list_cls.post)
    detail_cls.get = extend_schema(operation_id=f"{name}_retrieve", responses={200: serializer, **READ_ERRORS},
                                   summary=f"Một {noun} (kèm ETag)")(detail_cls.get)
    detail_cls.patch = extend_schema(
        operation_id=f"{name}_partial_update", request=serializer, parameters=[IF_MATCH],
        responses={200: serializer, **WRITE_ERRORS, **E428},
        summary=f"Sửa {noun} (quản trị hệ thống; cần If-Match; được ghi nhật ký)",
    )(detail_cls.patch)


class AwardTypeListApi(_CatalogueList):
    serializer_class = AwardTypeSerializer
    kind = "awardtype"

    def rows(self):
        return selectors.award_type_list_for(actor=self.request.user, scope=self.scope)


class AwardTypeDetailApi(_CatalogueDetail):
    serializer_class = AwardTypeSerializer
    kind = "awardtype"

    def rows(self):
        return selectors.award_type_list_for(actor=self.request.user, scope=self.scope)


class CampaignListApi(_CatalogueList):
    serializer_class = CampaignSerializer
    kind = "campaign"

    def rows(self):
        return selectors.campaign_list_for(actor=self.request.user, scope=self.scope)


class CampaignDetailApi(_CatalogueDetail):
    serializer_class = CampaignSerializer
    kind = "campaign"

    def rows(self):
        return selectors.campaign_list_for(actor=self.request.user, scope=self.scope)


_catalogue_docs(AwardTypeListApi, AwardTypeDetailApi, AwardTypeSerializer, "award_types",
                "danh hiệu, hình thức khen thưởng")
_catalogue_docs(CampaignListApi, CampaignDetailApi, CampaignSerializer, "campaigns", "phong trào, đợt khen thưởng")
