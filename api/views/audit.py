"""The audit log for auditors (kiểm tra, giám sát): filtered pages by cursor, a CSV export that is itself
audited, and the integrity check. Reads go through oversight.audit_log, the auditor pages' selectors."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from api.errors import READ_ERRORS
from api.serializers.audit import AuditEventSerializer, AuditFilterSerializer, AuditVerificationSerializer
from api.serializers.pages import cursor_paged
from api.views.base import ApiView, AuditCursor
from oversight import audit_log, exports, services
from oversight.access import audited_communes
from workflow.verification import verify


class _AuditorApi(ApiView):
    def communes(self) -> list[int]:
        communes = audited_communes(self.scope)
        if not communes:
            raise exceptions.PermissionDenied(_("Chỉ cán bộ kiểm tra, giám sát mới được xem nhật ký."))
        return communes

    def filters(self) -> audit_log.AuditFilters:
        data = self.query(AuditFilterSerializer)
        return audit_log.AuditFilters(**data)


CURSOR = OpenApiParameter("cursor", str, description="Con trỏ trang tiếp theo (lấy từ `next`/`previous`).")


@extend_schema(tags=["Nhật ký kiểm tra"])
class AuditEventListApi(_AuditorApi):
    @extend_schema(
        operation_id="audit_events_list", parameters=[AuditFilterSerializer, CURSOR],
        responses={200: cursor_paged(AuditEventSerializer), **READ_ERRORS},
        summary="Nhật ký kiểm tra trong phạm vi xã của người gọi, mới nhất trước (phân trang theo con trỏ)",
    )
    def get(self, request):
        events = audit_log.filtered(self.communes(), self.filters())
        return self.paginate(events, AuditEventSerializer, AuditCursor)


@extend_schema(tags=["Nhật ký kiểm tra"])
class AuditExportApi(_AuditorApi):
    @extend_schema(
        operation_id="audit_events_export", parameters=[AuditFilterSerializer],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV (UTF-8, có BOM)."),
                   **READ_ERRORS},
        summary="Xuất nhật ký ra CSV (việc xuất cũng được ghi vào nhật ký)",
    )
    def get(self, request):
        communes, filters = self.communes(), self.filters()
        # Recorded before streaming, with the count of what will be written: an export is a fact.
        rows = audit_log.filtered(communes, filters).count()
        services.audit_export_record(actor=request.user, filters=filters, row_count=rows, file_format="csv")
        response = StreamingHttpResponse(
            exports.audit_csv_rows(audit_log.for_export(communes, filters), [0]), content_type="text/csv"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.csv"'
        return response


@extend_schema(tags=["Nhật ký kiểm tra"])
class AuditVerifyApi(_AuditorApi):
    @extend_schema(
        operation_id="audit_verify", responses={200: AuditVerificationSerializer, **READ_ERRORS},
        summary="Kiểm tra toàn vẹn nhật ký: tính lại mọi chuỗi băm và điểm chốt (việc kiểm tra được ghi nhật ký)",
    )
    def get(self, request):
        self.communes()
        report = verify()
        services.verification_record(actor=request.user, report=report)
        first = report.first_problem
        return Response({
            "intact": report.intact, "events": report.event_count, "streams": report.stream_count,
            "checkpoints": report.checkpoint_count, "problems": len(report.problems),
            "first_problem": None if first is None else {"stream": first.stream, "seq": first.seq,
                                                         "event_id": first.event_id, "message": first.message},
        })
