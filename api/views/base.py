"""What every API view shares: the caller's scope, in-scope lookups (outside scope: 404), pagination."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.views import APIView

from api import scoping
from api.preconditions import MAX_ID
from dossiers import selectors


class ApiView(APIView):
    @property
    def scope(self) -> selectors.Scope:
        return scoping.scope_for(self.request)

    def dossier(self, pk: int):
        """The dossier with everything its detail shows, if the caller may see it (else 404)."""
        return selectors.dossier_detail_for(actor=self.request.user, pk=checked_id(pk), scope=self.scope)

    def query(self, serializer_class):
        """Validated query parameters (400 with per-field messages when malformed)."""
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def paginate(self, queryset, serializer_class, pagination_class=None):
        paginator = (pagination_class or Pages)()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)


def checked_id(pk) -> int:
    """An id from the path: beyond the database's integer range it cannot exist (404, not an overflow)."""
    pk = int(pk)
    if not 0 < pk <= MAX_ID:
        raise exceptions.NotFound(_("Không tìm thấy."))
    return pk


class Pages(PageNumberPagination):
    page_size = selectors.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100


class AuditCursor(CursorPagination):
    """Keyed by event id, newest first: every page is one indexed query however long the log grows."""

    page_size = 50
    ordering = "-id"


class NotFoundApi(APIView):
    """Unknown URLs under /api/: a 404 in the API's error format (left out of the schema)."""

    permission_classes = []
    authentication_classes = []
    throttle_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound(_("Không có địa chỉ này trong API."))
