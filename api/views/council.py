"""Council sessions through the API: the secretary prepares, opens and closes; members cast their one ballot.

Thin views over council.services (rights, locks, audit) and council.selectors (scope, progress, results):
before closing only "who has voted" is readable, never a choice; results and minutes exist once closed.
"""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from api.errors import E409, READ_ERRORS, WRITE_ERRORS
from api.preconditions import requested_version, version_etag
from api.serializers.council import (
    AgendaAddSerializer,
    AttendanceSerializer,
    BallotCastSerializer,
    BallotFormSerializer,
    CandidateSerializer,
    CloseSerializer,
    ReceiptSerializer,
    ResultsSerializer,
    SessionCreateSerializer,
    SessionDetailSerializer,
    SessionSerializer,
    VersionSerializer,
    WrittenOpinionCreateSerializer,
    WrittenOpinionSerializer,
)
from api.serializers.pages import paged
from api.views.base import ApiView, checked_id
from api.views.directory import PAGE
from council import selectors, services
from council.models import Choice, SessionState
from dossiers.models import Dossier, DossierState
from dossiers.uploads import EXTENSIONS, RENDERED_FORMATS
from roles.catalog import Perm
from roles.models import Organization, OrganizationKind
from workflow.exceptions import ActionNotAllowed, GuardFailed

ETAG_KIND = "session"
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER,
    description="ETag của phiên họp (ví dụ \"session-3-v5\"); nếu gửi và đã cũ: 412.",
)
FORMAT = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(RENDERED_FORMATS),
                          description="pdf hoặc docx.")


class SessionFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=SessionState.choices, required=False)


class CouncilApi(ApiView):
    def session(self, pk):
        return selectors.session_for(scope=self.scope, pk=checked_id(pk))

    def managed(self, session):
        if not selectors.manages(scope=self.scope, session=session):
            raise ActionNotAllowed(services.sessions.NOT_SECRETARY)

    def detail(self, pk, status_code=status.HTTP_200_OK):
        session = self.session(pk)
        members = selectors.members_of(session=session)
        session.agenda_rows = selectors.agenda_of(session=session)
        session.member_rows = sorted(members, key=lambda m: (not m.is_chair, m.full_name, m.pk))
        session.progress = selectors.progress_of(session=session, members=members)
        session.manages = selectors.manages(scope=self.scope, session=session)
        return Response(SessionDetailSerializer(session).data, status=status_code,
                        headers={"ETag": version_etag(ETAG_KIND, session)})

    def version(self, session, data):
        return requested_version(self.request, ETAG_KIND, session, data.get("expected_version"))


@extend_schema(tags=["Hội đồng"])
class SessionListApi(CouncilApi):
    @extend_schema(
        operation_id="council_sessions_list", parameters=[SessionFilterSerializer, *PAGE],
        responses={200: paged(SessionSerializer), **READ_ERRORS},
        summary="Phiên họp Hội đồng của các xã người gọi có vai trò (mới nhất trước)",
    )
    def get(self, request):
        sessions = selectors.session_list_for(scope=self.scope)
        state = self.query(SessionFilterSerializer).get("state")
        if state:
            sessions = sessions.filter(state=state)
        return self.paginate(sessions, SessionSerializer)

    @extend_schema(
        operation_id="council_sessions_create", request=SessionCreateSerializer,
        responses={201: SessionDetailSerializer, **WRITE_ERRORS},
        summary="Lập phiên họp (Thư ký Hội đồng): đánh số trong năm, thành viên là Hội đồng của xã hôm nay",
    )
    def post(self, request):
        serializer = SessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        managed = sorted(self.scope.organizations_with(Perm.MANAGE_COUNCIL))
        commune = Organization.objects.filter(pk__in=managed, kind=OrganizationKind.COMMUNE).order_by("pk").first()
        if commune is None:
            raise ActionNotAllowed(services.sessions.NOT_SECRETARY)
        session = services.session_create(actor=request.user, commune=commune, **serializer.validated_data)
        return self.detail(session.pk, status.HTTP_201_CREATED)


@extend_schema(tags=["Hội đồng"])
class SessionDetailApi(CouncilApi):
    @extend_schema(
        operation_id="council_sessions_retrieve", responses={200: SessionDetailSerializer, **READ_ERRORS},
        summary="Một phiên họp: chương trình, thành viên, điểm danh, tiến độ bỏ phiếu (kèm ETag)",
        description="Tiến độ chỉ cho biết ai đã bỏ phiếu, ai chưa; không bao giờ cho biết ai chọn gì. "
                    "Kết quả: `/results/` sau khi phiên họp kết thúc.",
    )
    def get(self, request, pk: int):
        return self.detail(pk)


@extend_schema(tags=["Hội đồng"])
class CandidateListApi(CouncilApi):
    @extend_schema(
        operation_id="council_sessions_candidates", responses={200: CandidateSerializer(many=True), **READ_ERRORS},
        summary="Hồ sơ của xã đang chờ Hội đồng xét và chưa có trong phiên họp nào đang chuẩn bị hoặc biểu quyết",
    )
    def get(self, request, pk: int):
        return Response(CandidateSerializer(selectors.candidate_dossiers(session=self.session(pk)), many=True).data)


@extend_schema(tags=["Hội đồng"])
class AgendaAddApi(CouncilApi):
    @extend_schema(
        operation_id="council_agenda_add", request=AgendaAddSerializer, parameters=[IF_MATCH],
        responses={200: SessionDetailSerializer, **WRITE_ERRORS},
        summary="Đưa mọi người được đề nghị cần biểu quyết của một hồ sơ vào chương trình (khi chưa mở)",
    )
    def post(self, request, pk: int):
        session = self.session(pk)
        serializer = AgendaAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        dossier = (Dossier.objects.filter(pk=data["dossier"], commune_id=session.commune_id)
                   .exclude(state=DossierState.DRAFT).first())
        if dossier is None:
            raise serializers.ValidationError({"dossier": [_("Hồ sơ không hợp lệ.")]})
        services.agenda_add(session=session, actor=request.user, dossier=dossier,
                            expected_version=self.version(session, data))
        return self.detail(pk)


@extend_schema(tags=["Hội đồng"])
class AgendaRemoveApi(CouncilApi):
    @extend_schema(
        operation_id="council_agenda_remove", parameters=[IF_MATCH],
        responses={200: SessionDetailSerializer, **WRITE_ERRORS},
        summary="Rút một hồ sơ khỏi chương trình (khi chưa mở)",
    )
    def delete(self, request, pk: int, dossier_pk: int):
        session = self.session(pk)
        dossier = Dossier.objects.filter(pk=checked_id(dossier_pk), commune_id=session.commune_id).first()
        if dossier is None:
            raise GuardFailed(_("Hồ sơ không có trong chương trình phiên họp."))
        services.agenda_remove(session=session, actor=request.user, dossier=dossier,
                               expected_version=self.version(session, {}))
        return self.detail(pk)


@extend_schema(tags=["Hội đồng"])
class AttendanceApi(CouncilApi):
    @extend_schema(
        operation_id="council_attendance", request=AttendanceSerializer, parameters=[IF_MATCH],
        responses={200: SessionDetailSerializer, **WRITE_ERRORS},
        summary="Điểm danh (khi chưa mở): những người có mặt; các thành viên còn lại vắng mặt",
    )
    def post(self, request, pk: int):
        session = self.session(pk)
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.attendance_record(session=session, actor=request.user, present_user_ids=data["present"],
                                   expected_version=self.version(session, data))
        return self.detail(pk)


@extend_schema(tags=["Hội đồng"])
class SessionOpenApi(CouncilApi):
    @extend_schema(
        operation_id="council_sessions_open", request=VersionSerializer, parameters=[IF_MATCH],
        responses={200: SessionDetailSerializer, **WRITE_ERRORS},
        summary="Mở biểu quyết: kiểm tra túc số, cố định quy định và việc không biểu quyết của người được đề nghị",
    )
    def post(self, request, pk: int):
        session = self.session(pk)
        serializer = VersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.session_open(session=session, actor=request.user,
                              expected_version=self.version(session, serializer.validated_data))
        return self.detail(pk)


@extend_schema(tags=["Hội đồng"])
class SessionCloseApi(CouncilApi):
    @extend_schema(
        operation_id="council_sessions_close", request=CloseSerializer, parameters=[IF_MATCH],
        responses={200: SessionDetailSerializer, **WRITE_ERRORS},
        summary="Kết thúc phiên họp (cần confirm=true): kiểm phiếu, chuyển từng hồ sơ, lập biên bản",
        description="Không thể hoàn tác: phiên họp đã kết thúc không mở lại được.",
    )
    def post(self, request, pk: int):
        session = self.session(pk)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.session_close(session=session, actor=request.user,
                               expected_version=self.version(session, serializer.validated_data))
        return self.detail(pk)


def _ballot_item(item, voter_id: int) -> dict:
    recused = item.recused_id == voter_id
    return {"id": item.pk, "position": item.position, "nomination": item.nomination,
            "vote_method": item.vote_method, "recused": recused,
            "recusal_reason": _("Đồng chí là người được đề nghị nên không biểu quyết nội dung này.") if recused else ""}


@extend_schema(tags=["Hội đồng"])
class BallotApi(CouncilApi):
    def seat(self, session):
        seat = selectors.seat_of(session=session, user=self.request.user)
        if seat is None:
            raise ActionNotAllowed(_("Đồng chí không phải thành viên Hội đồng của phiên họp này."))
        return seat

    @extend_schema(
        operation_id="council_ballot_form", responses={200: BallotFormSerializer, **READ_ERRORS},
        summary="Phiếu của tôi: chương trình, nội dung tôi không biểu quyết (là người được đề nghị) và lý do",
    )
    def get(self, request, pk: int):
        session = self.session(pk)
        seat = self.seat(session)
        voted = selectors.has_voted(session=session, user=request.user)
        form = {
            "session": session.pk, "state": session.state, "present": seat.present, "voted": voted,
            "can_vote": session.state == SessionState.OPEN and seat.present and not voted,
            "choices": Choice.values,
            "items": [_ballot_item(item, request.user.pk) for item in selectors.agenda_of(session=session)],
        }
        return Response(BallotFormSerializer(form).data)

    @extend_schema(
        operation_id="council_ballot_cast", request=BallotCastSerializer,
        responses={201: ReceiptSerializer, **WRITE_ERRORS},
        summary="Bỏ phiếu một lần cho cả chương trình (kín hoặc công khai theo quy định của từng nội dung)",
        description="Bỏ phiếu lần thứ hai: 409 conflict. Thiếu ý kiến cho một nội dung, ý kiến cho nội dung mình "
                    "là người được đề nghị, nội dung không thuộc chương trình: 409 guard_failed, không lưu gì. "
                    "Biên nhận chỉ ghi người và thời điểm, không ghi ý kiến.",
    )
    def post(self, request, pk: int):
        session = self.session(pk)
        serializer = BallotCastSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        receipt = services.ballot_cast(session=session, actor=request.user,
                                       choices=serializer.validated_data["choices"])
        return Response(ReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Hội đồng"])
class ReceiptApi(CouncilApi):
    @extend_schema(operation_id="council_ballot_receipt", responses={200: ReceiptSerializer, **READ_ERRORS},
                   summary="Biên nhận phiếu của tôi (người và thời điểm, không có ý kiến)")
    def get(self, request, pk: int):
        receipt = selectors.receipt_of(session=self.session(pk), user=request.user)
        if receipt is None:
            raise Http404(_("Đồng chí chưa bỏ phiếu trong phiên họp này."))
        return Response(ReceiptSerializer(receipt).data)


@extend_schema(tags=["Hội đồng"])
class ResultsApi(CouncilApi):
    @extend_schema(
        operation_id="council_results", responses={200: ResultsSerializer, **READ_ERRORS, **E409},
        summary="Kết quả từng nội dung, chỉ sau khi phiên họp kết thúc (409 trước đó)",
        description="Phiếu kín: chỉ có số phiếu. Biểu quyết công khai: kèm tên người đồng ý, không đồng ý, "
                    "không biểu quyết.",
    )
    def get(self, request, pk: int):
        session = self.session(pk)
        items = selectors.results_for(session=session)
        named = {votes.item.pk: votes for votes in selectors.named_votes_for(session=session, items=items)}
        for item in items:
            votes = named.get(item.pk)
            item.named = None if votes is None else {
                "agree": votes.agree, "disagree": votes.disagree, "abstain": votes.abstain}
        body = {"session": session.pk, "minutes": session.minutes.number_text, "items": items}
        return Response(ResultsSerializer(body).data)


@extend_schema(tags=["Hội đồng"])
class MinutesDownloadApi(CouncilApi):
    @extend_schema(
        operation_id="council_minutes_download", parameters=[FORMAT],
        responses={**{(200, media): OpenApiResponse(OpenApiTypes.BINARY, description="Biên bản họp và kiểm phiếu.")
                      for media in RENDERED_FORMATS.values()},
                   **READ_ERRORS, **E409},
        summary="Tải biên bản (PDF hoặc DOCX), chỉ sau khi phiên họp kết thúc (409 trước đó)",
    )
    def get(self, request, pk: int, fmt: str):
        session = self.session(pk)
        if fmt not in RENDERED_FORMATS:
            raise Http404(_("Không tìm thấy."))
        if session.state != SessionState.CLOSED:
            raise GuardFailed(_("Biên bản chỉ có sau khi phiên họp kết thúc."))
        # Normally rendered just after closing; if that failed, the first download renders them (once).
        minutes = services.minutes_render(session.minutes)
        stored = minutes.pdf if fmt == "pdf" else minutes.docx
        response = FileResponse(stored.open("rb"), as_attachment=True, content_type=RENDERED_FORMATS[fmt],
                                filename=f"bien-ban-{minutes.number:02d}-BB-HDTDKT-{minutes.year}.{fmt}")
        response["X-Content-SHA256"] = minutes.pdf_sha256 if fmt == "pdf" else minutes.docx_sha256
        return response


@extend_schema(tags=["Hội đồng"])
class WrittenOpinionListApi(CouncilApi):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="council_written_opinions_list",
                   responses={200: WrittenOpinionSerializer(many=True), **READ_ERRORS},
                   summary="Ý kiến bằng văn bản đã ghi nhận (Thư ký Hội đồng)")
    def get(self, request, pk: int):
        session = self.session(pk)
        self.managed(session)
        return Response(WrittenOpinionSerializer(selectors.written_opinions_of(session=session), many=True).data)

    @extend_schema(
        operation_id="council_written_opinions_create", request={"multipart/form-data": WrittenOpinionCreateSerializer},
        parameters=[IF_MATCH], responses={201: WrittenOpinionSerializer, **WRITE_ERRORS},
        summary="Ghi nhận ý kiến bằng văn bản của thành viên vắng mặt, kèm bản chụp (khi đang biểu quyết)",
        description="Chỉ cho các nội dung mà quy định cho phép ý kiến bằng văn bản của người vắng mặt.",
    )
    def post(self, request, pk: int):
        session = self.session(pk)
        serializer = WrittenOpinionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        opinion = services.written_opinion_record(
            session=session, actor=request.user, member_id=data["member"], choices=data["choices"],
            upload=data["scan"], received_on=data["received_on"], expected_version=self.version(session, data),
        )
        return Response(WrittenOpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Hội đồng"])
class WrittenOpinionFileApi(CouncilApi):
    @extend_schema(
        operation_id="council_written_opinions_file",
        responses={**{(200, media): OpenApiResponse(OpenApiTypes.BINARY, description="Bản chụp.")
                      for media in EXTENSIONS},
                   **READ_ERRORS},
        summary="Tải bản chụp ý kiến bằng văn bản (Thư ký Hội đồng)",
    )
    def get(self, request, pk: int, opinion_pk: int):
        session = self.session(pk)
        self.managed(session)
        opinion = selectors.written_opinion_for(session=session, pk=checked_id(opinion_pk))
        response = FileResponse(opinion.file.open("rb"), as_attachment=True, filename=opinion.original_name,
                                content_type=opinion.content_type)
        response["X-Content-SHA256"] = opinion.sha256
        return response
