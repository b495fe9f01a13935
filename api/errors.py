"""The one error format of the API and the one handler that produces it (STYLE: errors).

Every error body is `{"code", "message", "reasons", "fields"}`: `code` a stable English identifier,
`message` the Vietnamese text to show, `reasons` the engine's Vietnamese reasons (one or more), `fields`
the per-field messages of a malformed request. Engine refusals keep their HTTP status (403, 409).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from dossiers.uploads import UnsupportedFile
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed, WorkflowError

logger = logging.getLogger(__name__)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy(
        "Dữ liệu đã được thay đổi sau lần bạn đọc (ETag không khớp). Hãy đọc lại rồi gửi lại thay đổi."
    )
    default_code = "stale"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = gettext_lazy(
        "Thiếu tiêu đề If-Match: hãy gửi ETag nhận được khi đọc, để không ghi đè thay đổi của người khác."
    )
    default_code = "if_match_required"


class FileRefused(exceptions.APIException):
    """An upload refused for its content (type, size, emptiness): 400, nothing stored."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "file_refused"


_WORKFLOW_CODES = {ActionNotAllowed: "not_allowed", GuardFailed: "guard_failed", Conflict: "conflict"}


def _body(code: str, message: str, reasons=None, fields=None) -> dict:
    return {"code": code, "message": message, "reasons": list(reasons or [message]), "fields": fields or {}}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [text for value in detail.values() for text in _flatten(value)]
    if isinstance(detail, list):
        return [text for value in detail for text in _flatten(value)]
    return [str(detail)]


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {str(name): _flatten(value) for name, value in detail.items()}
    return {}


def exception_handler(exc, context):
    """Map engine, upload, Django and DRF errors to the one format; anything else is a logged 500."""
    if isinstance(exc, WorkflowError):
        code = next((c for kind, c in _WORKFLOW_CODES.items() if isinstance(exc, kind)), "workflow_error")
        set_rollback()
        return Response(_body(code, exc.message, exc.reasons), status=exc.http_status)
    if isinstance(exc, UnsupportedFile):
        exc = FileRefused(str(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else _("Không tìm thấy."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # DRF re-raises: Django logs it and answers 500
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        reasons = _flatten(exc.detail)
        message = _("Dữ liệu gửi lên không hợp lệ.")
        return Response(_body("invalid", message, reasons, fields), status=exc.status_code, headers=headers)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    message = " ".join(_flatten(exc.detail))
    return Response(_body(str(code), message), status=exc.status_code, headers=headers)


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    code = serializers.CharField(help_text="Mã lỗi ổn định (tiếng Anh), ví dụ not_allowed, guard_failed, stale.")
    message = serializers.CharField(help_text="Thông báo tiếng Việt để hiển thị.")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Các lý do (tiếng Việt).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Lỗi theo từng trường của yêu cầu (nếu có).",
    )


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


# The error responses, for extend_schema(responses=...): every endpoint lists those it can give.
E400 = {400: _error("Dữ liệu không hợp lệ (lỗi theo trường trong `fields`).")}
E401 = {401: _error("Chưa xác thực, khóa API sai hoặc đã bị thu hồi.")}
E403 = {403: _error("Không có quyền (ActionNotAllowed): lý do tiếng Việt trong `reasons`.")}
E404 = {404: _error("Không tìm thấy, hoặc nằm ngoài phạm vi của người gọi.")}
E409 = {409: _error("Hồ sơ chưa đáp ứng điều kiện (guard_failed) hoặc vừa bị người khác thay đổi (conflict).")}
E412 = {412: _error("ETag trong If-Match đã cũ: đọc lại rồi gửi lại.")}
E428 = {428: _error("Thiếu tiêu đề If-Match.")}
E415 = {415: _error("Định dạng nội dung (Content-Type) không được hỗ trợ.")}
E429 = {429: _error("Vượt giới hạn tần suất; thử lại sau số giây trong Retry-After.")}
READ_ERRORS = {**E400, **E401, **E403, **E404, **E429}
WRITE_ERRORS = {**READ_ERRORS, **E409, **E412, **E415}
