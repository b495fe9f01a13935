"""API tokens, for administrators: list, issue (the secret is shown once), revoke. Each change is audited."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from api import tokens
from api.errors import READ_ERRORS, WRITE_ERRORS
from api.models import ApiToken
from api.serializers.pages import paged
from api.serializers.tokens import ApiTokenCreatedSerializer, ApiTokenCreateSerializer, ApiTokenSerializer
from api.views.base import ApiView, checked_id


def _administrator(request) -> None:
    user = request.user
    if not (user.is_staff and user.has_perm(tokens.TOKEN_PERMISSION)):
        raise exceptions.PermissionDenied(_("Chỉ quản trị hệ thống mới được quản lý khóa API."))


@extend_schema(tags=["Khóa API"])
class TokenListApi(ApiView):
    @extend_schema(operation_id="tokens_list", responses={200: paged(ApiTokenSerializer), **READ_ERRORS},
                   summary="Danh sách khóa API (quản trị hệ thống)")
    def get(self, request):
        _administrator(request)
        rows = ApiToken.objects.select_related("user", "created_by", "revoked_by").order_by("-created_at", "-pk")
        return self.paginate(rows, ApiTokenSerializer)

    @extend_schema(operation_id="tokens_create", request=ApiTokenCreateSerializer,
                   responses={201: ApiTokenCreatedSerializer, **WRITE_ERRORS},
                   summary="Cấp khóa API cho một hệ thống tích hợp (khóa chỉ hiện một lần)")
    def post(self, request):
        _administrator(request)
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = tokens.token_create(actor=request.user, **serializer.validated_data)
        return Response({**ApiTokenSerializer(token).data, "key": key}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Khóa API"])
class TokenRevokeApi(ApiView):
    @extend_schema(operation_id="tokens_revoke", request=None,
                   responses={200: ApiTokenSerializer, **WRITE_ERRORS},
                   summary="Thu hồi khóa API (có hiệu lực ngay)")
    def post(self, request, pk: int):
        _administrator(request)
        try:
            token = ApiToken.objects.get(pk=checked_id(pk))
        except ApiToken.DoesNotExist as exc:
            raise Http404(_("Không tìm thấy khóa API.")) from exc
        token = tokens.token_revoke(actor=request.user, token=token)
        return Response(ApiTokenSerializer(token).data)
