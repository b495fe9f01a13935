"""Exports for upper levels: the award records of a year (CSV or XLSX, layout in docs/api.md) and one
dossier as JSON with its files' hashes and its audit stream (checked offline by api/offline_verify.py).
Each export is itself an audit event."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from api.errors import READ_ERRORS
from api.exports import awards
from api.exports.dossier import dossier_export
from api.serializers.dossiers import AttachmentSerializer, DossierDetailSerializer
from api.views.base import ApiView
from dossiers.uploads import XLSX
from oversight.access import overseen_communes
from workflow import audit


class AwardExportQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Năm của phong trào (năm xét).")
    file_format = serializers.ChoiceField(choices=["csv", "xlsx"], default="csv", required=False,
                                          help_text="csv (mặc định) hoặc xlsx.")


def _record(actor, action: str, object_type: str, object_id, data: dict) -> None:
    audit.record(stream=f"user:{actor.pk}", action=action, actor=actor, object_type=object_type,
                 object_id=object_id, data=data)


@extend_schema(tags=["Xuất dữ liệu"])
class AwardExportApi(ApiView):
    @extend_schema(
        operation_id="exports_awards", parameters=[AwardExportQuery],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV, UTF-8 có BOM."),
                   (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Bảng tính XLSX."),
                   **READ_ERRORS},
        summary="Danh sách khen thưởng của một năm (cơ sở dữ liệu tỉnh và CSDL quốc gia về CBCCVC)",
        description="Dành cho các vai trò của xã (thẩm định, thư ký Hội đồng, Chủ tịch, văn thư, kiểm tra). "
                    "Bố cục cột: docs/api.md, mục «Xuất danh sách khen thưởng».",
    )
    def get(self, request):
        communes = overseen_communes(self.scope)
        if not communes:
            raise exceptions.PermissionDenied(_("Chỉ các vai trò của xã mới được xuất danh sách khen thưởng."))
        query = self.query(AwardExportQuery)
        year, file_format = query["year"], query.get("file_format") or "csv"
        rows = awards.award_records(communes=communes, year=year)
        _record(request.user, "awards_exported", "award_records", year,
                {"year": year, "rows": len(rows), "format": file_format, "communes": communes})
        if file_format == "xlsx":
            response = HttpResponse(awards.as_xlsx(rows, year=year), content_type=XLSX)
        else:
            response = HttpResponse(awards.as_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="khen-thuong-{year}.{file_format}"'
        return response


class DossierExportSerializer(serializers.Serializer):
    format = serializers.CharField()
    exported_at = serializers.CharField()
    dossier = DossierDetailSerializer()
    attachments = AttachmentSerializer(many=True)
    audit = serializers.DictField(help_text="stream, genesis_hash, events (mọi trường được băm), checkpoint.")


@extend_schema(tags=["Xuất dữ liệu"])
class DossierExportApi(ApiView):
    @extend_schema(
        operation_id="dossiers_export", responses={200: DossierExportSerializer, **READ_ERRORS},
        summary="Xuất một hồ sơ ra JSON kèm mã băm tệp và nhật ký, kiểm tra ngoại tuyến được",
        description="Kiểm tra bằng `python3 api/offline_verify.py ho-so.json --files thu-muc-tai-lieu` "
                    "(docs/api.md). Việc xuất được ghi vào nhật ký.",
    )
    def get(self, request, pk: int):
        dossier = self.dossier(pk)
        content = DossierDetailSerializer(dossier).data
        body = dossier_export(dossier=dossier, content=content, attachments=content["attachments"])
        _record(request.user, "dossier_exported", "dossier", dossier.pk,
                {"events": len(body["audit"]["events"]), "attachments": len(body["attachments"])})
        return Response(body)
