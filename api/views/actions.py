"""The actions of a dossier: what the caller may do now, and doing one through workflow.engine.perform.

403: no right (ActionNotAllowed); 409: a failed guard or a conflict, with the engine's Vietnamese reasons.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from api import scoping
from api.errors import READ_ERRORS, WRITE_ERRORS
from api.preconditions import dossier_etag, expected_version
from api.serializers.dossiers import (
    USER_ACTIONS,
    ActionRequestSerializer,
    ActionResultSerializer,
    AvailableActionSerializer,
    DossierDetailSerializer,
)
from api.views.base import ApiView
from api.views.dossiers import IF_MATCH_OPTIONAL
from workflow import engine
from workflow.actions import SPECS, Action

ACTION = OpenApiParameter("action", str, OpenApiParameter.PATH, enum=USER_ACTIONS,
                          description="Tên thao tác (DESIGN §4).")


def _engine_data(action: str, data: dict) -> dict:
    """The keyword arguments of `engine.perform` for this action (as the pages' ActionForm gives them)."""
    result = {"reason": data.get("reason") or ""}
    if action == Action.RETURN_FOR_REVISION:
        result["confirm_repeat"] = bool(data.get("confirm_repeat"))
    if action == Action.ASSESS_NOMINATION:
        result["nomination"] = data.get("nomination")
        result["eligible"] = bool(data.get("eligible"))
    if action == Action.SUSPEND:
        result["complaint"] = data.get("complaint")
    if action == Action.REASSIGN:  # work items (DESIGN §7): the office head names the reviewer by account id
        assignee = data.get("assignee")
        result["assignee"] = get_user_model().objects.filter(pk=assignee).first() if assignee else None
    return result


@extend_schema(tags=["Thao tác"])
class ActionListApi(ApiView):
    @extend_schema(
        operation_id="dossier_actions_list", responses={200: AvailableActionSerializer(many=True), **READ_ERRORS},
        summary="Các thao tác người gọi được làm lúc này (đúng danh sách trang hồ sơ hiển thị)",
        description="Thao tác có `blocked=true` được phép về quyền nhưng hồ sơ chưa đáp ứng điều kiện "
                    "(lý do trong `blocked_reasons`). `assess_nomination` có mặt khi người gọi được đánh giá "
                    "điều kiện người được đề nghị.",
    )
    def get(self, request, pk: int):
        dossier = self.dossier(pk)
        actions = [
            {"action": a.action, "label": str(a.label), "needs_reason": a.needs_reason, "blocked": a.blocked,
             "blocked_reasons": [str(r) for r in a.blocked_reasons]}
            for a in engine.available_actions(dossier, request.user)
        ]
        if engine.can_assess(dossier, request.user):
            actions.append({"action": Action.ASSESS_NOMINATION, "label": str(Action.ASSESS_NOMINATION.label),
                            "needs_reason": False, "blocked": False, "blocked_reasons": []})
        if scoping.token_of(request) is not None:
            actions = [a for a in actions if _within_reach(request, dossier, a["action"])]
        return Response(AvailableActionSerializer(actions, many=True).data)


def _within_reach(request, dossier, action) -> bool:
    try:
        scoping.require_reach(request, dossier, action)
    except engine.ActionNotAllowed:
        return False
    return True


@extend_schema(tags=["Thao tác"])
class ActionPerformApi(ApiView):
    @extend_schema(
        operation_id="dossier_actions_perform", parameters=[ACTION, IF_MATCH_OPTIONAL],
        request=ActionRequestSerializer, responses={200: ActionResultSerializer, **WRITE_ERRORS},
        summary="Thực hiện một thao tác qua workflow.engine.perform",
        description="403: không có quyền. 409: hồ sơ chưa đáp ứng điều kiện hoặc vừa bị người khác thay đổi; "
                    "lý do tiếng Việt trong `reasons`. Gửi If-Match (ETag của hồ sơ) để thao tác bị từ chối "
                    "nếu hồ sơ đã thay đổi kể từ lần đọc (412).",
    )
    def post(self, request, pk: int, action: str):
        spec = SPECS.get(action)
        if spec is None:
            raise exceptions.NotFound(_("Không có thao tác này."))
        dossier = self.dossier(pk)
        version = expected_version(request, dossier)
        serializer = ActionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scoping.require_reach(request, dossier, action)
        from_state = dossier.state
        event = engine.perform(dossier, action, request.user, expected_version=version,
                               **_engine_data(action, serializer.validated_data))
        fresh = self.dossier(pk)
        body = {"action": event.action, "from_state": from_state, "to_state": event.to_state, "event": event.pk,
                "event_hash": event.hash, "dossier": DossierDetailSerializer(fresh).data}
        return Response(body, headers={"ETag": dossier_etag(fresh)})
