"""Documents of a dossier: list, upload (the pages' validation: content-detected type, size, never an
overwrite) and download (scope re-checked on every download)."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from api import scoping
from api.errors import READ_ERRORS, WRITE_ERRORS
from api.preconditions import dossier_etag, expected_version, stale_as_412
from api.serializers.dossiers import AttachmentSerializer, AttachmentUploadSerializer
from api.views.base import ApiView, checked_id
from api.views.dossiers import IF_MATCH_OPTIONAL
from dossiers import selectors, services
from dossiers.uploads import EXTENSIONS
from workflow.exceptions import GuardFailed


def _of(dossier, pk, what):
    """A nomination or attachment of the dossier (prefetched), or a 409 naming what is missing."""
    if pk is None:
        return None
    for item in getattr(dossier, what).all():
        if item.pk == pk:
            return item
    if what == "nominations":
        raise GuardFailed(_("Người được đề nghị không thuộc hồ sơ này."))
    raise GuardFailed(_("Tài liệu cần thay thế không thuộc hồ sơ này."))


@extend_schema(tags=["Tài liệu"])
class AttachmentListApi(ApiView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="attachments_list", responses={200: AttachmentSerializer(many=True), **READ_ERRORS},
                   summary="Tài liệu của hồ sơ, mọi phiên bản (current=false: đã có phiên bản mới)")
    def get(self, request, pk: int):
        return Response(AttachmentSerializer(self.dossier(pk).attachments.all(), many=True).data)

    @extend_schema(
        operation_id="attachments_create", request={"multipart/form-data": AttachmentUploadSerializer},
        parameters=[IF_MATCH_OPTIONAL], responses={201: AttachmentSerializer, **WRITE_ERRORS},
        summary="Tải lên tài liệu (PDF, DOCX, XLSX, JPEG, PNG; nhận biết theo nội dung; giới hạn dung lượng)",
        description="Tệp sai định dạng, rỗng hoặc quá lớn: 400 với lý do tiếng Việt, không lưu gì. "
                    "Thay thế tài liệu: gửi `replaces`, hệ thống lưu phiên bản mới, không ghi đè.",
    )
    def post(self, request, pk: int):
        dossier = self.dossier(pk)
        version = expected_version(request, dossier)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scoping.require_reach(request, dossier)
        attachment = stale_as_412(lambda: services.attachment_upload(
            dossier=dossier, actor=request.user, kind=data["kind"], upload=data["file"],
            nomination=_of(dossier, data.get("nomination"), "nominations"),
            replaces=_of(dossier, data.get("replaces"), "attachments"), expected_version=version,
        ), version)
        fresh = self.dossier(pk)
        return Response(AttachmentSerializer(selectors.attachment_for(dossier=fresh, pk=attachment.pk)).data,
                        status=status.HTTP_201_CREATED, headers={"ETag": dossier_etag(fresh)})


@extend_schema(tags=["Tài liệu"])
class AttachmentDownloadApi(ApiView):
    @extend_schema(
        operation_id="attachments_download",
        responses={**{(200, media): OpenApiResponse(OpenApiTypes.BINARY, description="Nội dung tệp.")
                      for media in EXTENSIONS},
                   **READ_ERRORS},
        summary="Tải xuống một tài liệu (mã băm SHA-256 trong danh sách tài liệu)",
    )
    def get(self, request, pk: int, attachment_pk: int):
        dossier = self.dossier(pk)
        attachment = selectors.attachment_for(dossier=dossier, pk=checked_id(attachment_pk))
        response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                                content_type=attachment.content_type)
        response["X-Content-SHA256"] = attachment.sha256
        return response
