"""Decisions through the API: the office drafts, the Chair previews, signs (with confirmation) or sends a
dossier back; everyone of the commune's roles reads them and downloads the signed PDF and DOCX.

Thin views over decisions.services, decisions.signing and decisions.selectors: the same rights, numbering,
engine transitions, signatures and audit events as the pages.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from api import scoping
from api import selectors as api_selectors
from api.errors import E409, READ_ERRORS, WRITE_ERRORS
from api.preconditions import requested_version, version_etag
from api.serializers.decisions import (
    AwardableQuerySerializer,
    CorrectionCreateSerializer,
    DecisionDetailSerializer,
    DecisionFilterSerializer,
    DecisionSerializer,
    DraftCreateSerializer,
    DraftUpdateSerializer,
    NominationRowSerializer,
    RevocationCreateSerializer,
    SendBackSerializer,
    SignSerializer,
)
from api.serializers.pages import paged
from api.views.base import ApiView, checked_id
from api.views.directory import PAGE
from decisions import selectors, services, signing
from decisions.models import DecisionStatus
from dossiers.models import AwardType, Dossier
from dossiers.uploads import RENDERED_FORMATS
from roles.catalog import Perm
from roles.models import Organization
from workflow.actions import Action
from workflow.exceptions import ActionNotAllowed, GuardFailed

ETAG_KIND = "decision"
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER,
    description="ETag của quyết định (ví dụ \"decision-4-v2\"); nếu gửi và đã cũ: 412.",
)
KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(RENDERED_FORMATS),
                          description="pdf hoặc docx.")
NO_RIGHT = gettext_lazy("Bạn không có quyền thực hiện thao tác này với quyết định.")
# A field error (400) before the service runs: to the caller, another commune's nominee is an unknown id.
NOT_OURS = gettext_lazy("Không có người được đề nghị này trong hồ sơ của xã.")


class DecisionApi(ApiView):
    def decision(self, pk):
        try:
            return selectors.decision_detail_for(scope=self.scope, pk=checked_id(pk))
        except ObjectDoesNotExist as exc:
            raise Http404(_("Không tìm thấy.")) from exc

    def detail(self, pk, status_code=status.HTTP_200_OK):
        decision = self.decision(pk)
        decision.entry_rows = selectors.entries_of(decision)
        decision.left_out_rows = selectors.left_out(decision)
        return Response(DecisionDetailSerializer(decision).data, status=status_code,
                        headers={"ETag": version_etag(ETAG_KIND, decision)})

    def drafting_commune(self) -> Organization:
        """The commune whose decisions the caller drafts (the office), as on the drafting page."""
        communes = sorted(self.scope.organizations_with(Perm.REVIEW_FOR_COMMUNE))
        commune = Organization.objects.filter(pk__in=communes).order_by("pk").first()
        if commune is None:
            raise ActionNotAllowed(NO_RIGHT)
        return commune


@extend_schema(tags=["Quyết định"])
class DecisionListApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_list", parameters=[DecisionFilterSerializer, *PAGE],
        responses={200: paged(DecisionSerializer), **READ_ERRORS},
        summary="Quyết định của các xã người gọi có vai trò (dự thảo trước, rồi quyết định đã ký mới nhất)",
        description="Đơn vị không có vai trò của xã nhận danh sách rỗng (quyết định đã ban hành được công khai "
                    "tại /cong-khai/quyet-dinh/).",
    )
    def get(self, request):
        filters = self.query(DecisionFilterSerializer)
        decisions = api_selectors.decision_list_for(scope=self.scope, **filters)
        return self.paginate(decisions, DecisionSerializer)

    @extend_schema(
        operation_id="decisions_create", request=DraftCreateSerializer,
        responses={201: DecisionDetailSerializer, **WRITE_ERRORS},
        summary="Lập dự thảo quyết định khen thưởng cho một danh hiệu, hình thức (Phòng Văn hóa - Xã hội)",
        description="Chỉ người được thông qua (hoặc đủ điều kiện khi không cần biểu quyết) của hồ sơ đang chờ "
                    "quyết định, chưa có trong dự thảo khác; nếu không: 409 với lý do từng người.",
    )
    def post(self, request):
        serializer = DraftCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        commune = self.drafting_commune()
        if api_selectors.nominations_outside(data["nominations"], commune=commune):
            raise serializers.ValidationError({"nominations": [NOT_OURS]})
        decision = services.decision_draft_create(
            actor=request.user, commune=commune, award_type=data["award_type"], nomination_ids=data["nominations"],
            summary=data["summary"], proposal=data["proposal"], collective_signing=data["collective_signing"],
            campaign=api_selectors.campaign_of(data["nominations"]),
        )
        return self.detail(decision.pk, status.HTTP_201_CREATED)


@extend_schema(tags=["Quyết định"])
class AwardableApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_awardable", parameters=[AwardableQuerySerializer],
        responses={200: NominationRowSerializer(many=True), **READ_ERRORS},
        summary="Người, tập thể có thể đưa vào dự thảo mới của một danh hiệu, hình thức (Phòng Văn hóa - Xã hội)",
    )
    def get(self, request):
        query = self.query(AwardableQuerySerializer)
        commune = self.drafting_commune()
        award_type = AwardType.objects.filter(pk=query["award_type"]).first()
        if award_type is None:
            raise serializers.ValidationError({"award_type": [_("Không tìm thấy.")]})
        nominations = services.awardable_nominations(commune=commune, award_type=award_type)
        return Response(NominationRowSerializer(nominations, many=True).data)


@extend_schema(tags=["Quyết định"])
class DecisionDetailApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_retrieve", responses={200: DecisionDetailSerializer, **READ_ERRORS},
        summary="Một quyết định: danh sách kèm theo, người ký, số, mã băm tệp đã ký (kèm ETag)",
    )
    def get(self, request, pk: int):
        return self.detail(pk)

    @extend_schema(
        operation_id="decisions_partial_update", request=DraftUpdateSerializer, parameters=[IF_MATCH],
        responses={200: DecisionDetailSerializer, **WRITE_ERRORS},
        summary="Sửa dự thảo trước khi ký (Phòng Văn hóa - Xã hội): danh sách, trích yếu, tờ trình",
    )
    def patch(self, request, pk: int):
        decision = self.decision(pk)
        serializer = DraftUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        nominations = data.get("nominations")
        if nominations is None:
            nominations = [entry.nomination_id for entry in selectors.entries_of(decision)]
        elif api_selectors.nominations_outside(nominations, commune=decision.issuer):
            raise serializers.ValidationError({"nominations": [NOT_OURS]})
        services.decision_draft_update(
            decision=decision, actor=request.user, nomination_ids=nominations,
            summary=data.get("summary", decision.summary), proposal=data.get("proposal", decision.proposal),
            collective_signing=data.get("collective_signing", decision.collective_signing),
            expected_version=requested_version(request, ETAG_KIND, decision, data.get("expected_version")),
        )
        return self.detail(pk)


@extend_schema(tags=["Quyết định"])
class RevocationCreateApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_revocation_create", request=RevocationCreateSerializer,
        responses={201: DecisionDetailSerializer, **WRITE_ERRORS},
        summary="Lập dự thảo quyết định hủy bỏ khen thưởng của một quyết định đã ký (lý do và căn cứ, Điều 94)",
    )
    def post(self, request, pk: int):
        original = self.decision(pk)
        serializer = RevocationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = services.revocation_draft_create(original=original, actor=request.user,
                                                 nomination_ids=serializer.validated_data["nominations"],
                                                 reason=serializer.validated_data["reason"],
                                                 legal_ground=serializer.validated_data["legal_ground"])
        return self.detail(draft.pk, status.HTTP_201_CREATED)


@extend_schema(tags=["Quyết định"])
class CorrectionCreateApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_correction_create", request=CorrectionCreateSerializer,
        responses={201: DecisionDetailSerializer, **WRITE_ERRORS},
        summary="Lập dự thảo đính chính (sai sót thể thức) hoặc thay thế (sai sót nội dung) một quyết định đã ký",
    )
    def post(self, request, pk: int):
        original = self.decision(pk)
        serializer = CorrectionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = services.correction_draft_create(original=original, actor=request.user, **serializer.validated_data)
        return self.detail(draft.pk, status.HTTP_201_CREATED)


@extend_schema(tags=["Quyết định"])
class DecisionSignApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_sign", request=SignSerializer, parameters=[IF_MATCH],
        responses={200: DecisionDetailSerializer, **WRITE_ERRORS},
        summary="Ký và ban hành (Chủ tịch, hoặc Phó Chủ tịch được ủy quyền «KT. CHỦ TỊCH»); cần confirm=true",
        description="Một giao dịch: lấy số, chuyển từng hồ sơ qua engine (decide/revoke), chốt nhật ký, lập PDF "
                    "và DOCX, ký số PAdES. Không có quyền: 403; đã ký, dự thảo đã đổi, thiếu chứng thư: 409.",
    )
    def post(self, request, pk: int):
        decision = self.decision(pk)
        serializer = SignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = requested_version(request, ETAG_KIND, decision, serializer.validated_data.get("expected_version"))
        signing.decision_sign(decision=decision, actor=request.user, expected_version=version)
        return self.detail(pk)


@extend_schema(tags=["Quyết định"])
class DecisionSendBackApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_send_back", request=SendBackSerializer, parameters=[IF_MATCH],
        responses={200: DecisionDetailSerializer, **WRITE_ERRORS},
        summary="Chủ tịch gửi một hồ sơ của dự thảo lại Phòng Văn hóa - Xã hội (send_back), kèm lý do",
    )
    def post(self, request, pk: int):
        decision = self.decision(pk)
        serializer = SendBackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        dossier = Dossier.objects.filter(pk=data["dossier"], commune_id=decision.issuer_id).first()
        if dossier is None:
            raise serializers.ValidationError({"dossier": [_("Hồ sơ này không có trong dự thảo quyết định.")]})
        scoping.require_reach(request, dossier, Action.SEND_BACK)
        services.decision_send_back(
            decision=decision, actor=request.user, dossier=dossier, reason=data["reason"],
            expected_version=requested_version(request, ETAG_KIND, decision, data.get("expected_version")),
        )
        return self.detail(pk)


@extend_schema(tags=["Quyết định"])
class DecisionPreviewApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_preview",
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF dự thảo."),
                   **READ_ERRORS, **E409},
        summary="Xem trước dự thảo (PDF chưa ký, chưa có số); quyết định đã ký: 409, tải tệp đã ký",
    )
    def get(self, request, pk: int):
        decision = self.decision(pk)
        if decision.status != DecisionStatus.DRAFT:
            raise GuardFailed(_("Quyết định này đã được ký trước đó."))
        response = HttpResponse(signing.draft_preview(decision, request.user), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="du-thao-{decision.pk}.pdf"'
        return response


@extend_schema(tags=["Quyết định"])
class DecisionFileApi(DecisionApi):
    @extend_schema(
        operation_id="decisions_file", parameters=[KIND],
        responses={**{(200, media): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp đã ký, đúng byte ban hành.")
                      for media in RENDERED_FORMATS.values()},
                   **READ_ERRORS, **E409},
        summary="Tải quyết định đã ký: PDF (chữ ký số PAdES) hoặc DOCX; mã SHA-256 trong X-Content-SHA256",
    )
    def get(self, request, pk: int, kind: str):
        decision = self.decision(pk)
        if kind not in RENDERED_FORMATS:
            raise Http404(_("Không tìm thấy."))
        if decision.status != DecisionStatus.SIGNED:
            raise GuardFailed(_("Quyết định chưa được ký nên chưa có tệp để tải."))
        stored, digest = (decision.pdf, decision.pdf_sha256) if kind == "pdf" else (decision.docx, decision.docx_sha256)
        response = FileResponse(stored.open("rb"), content_type=RENDERED_FORMATS[kind], as_attachment=True,
                                filename=f"QD-{decision.number:02d}-{decision.year}.{kind}")
        response["X-Content-SHA256"] = digest
        return response
