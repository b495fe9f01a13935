"""Closing a session: count, move every dossier through the engine, issue the minutes; all or nothing."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.counting import count_session
from council.events import Event
from council.minutes import NUMBER_CODE, NUMBER_SYMBOL, content_digest, minutes_content
from council.models import AgendaItem, Ballot, BallotReceipt, CouncilSession, ItemResult, Minutes, SessionState
from council.services.common import lock, record, require, require_state, update_rows
from council.services.minutes import minutes_render_safely
from council.services.sessions import NOT_SECRETARY
from documents.numbering import take_number
from dossiers.models import Dossier, DossierState
from roles.catalog import Perm
from workflow import engine
from workflow.actions import Action
from workflow.exceptions import GuardFailed


def _apply(items: list[AgendaItem], session: CouncilSession) -> None:
    """Move each dossier on the agenda through `close_vote` with its nominees' results (DESIGN §4).

    A dossier that left "council" while the session was open (suspended on a complaint) keeps its
    nominees eligible for a later session: its count is recorded, marked not applied.
    """
    by_dossier: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_dossier.setdefault(item.dossier_id, []).append(item)
    # The engine locks and reads each dossier again: only the state is needed here.
    dossiers = Dossier.objects.only("state").in_bulk(sorted(by_dossier))
    for dossier_id, dossier_items in by_dossier.items():
        dossier = dossiers[dossier_id]
        if dossier.state != DossierState.COUNCIL:
            for item in dossier_items:
                item.result = ItemResult.NOT_APPLIED
            continue
        engine.perform(
            dossier,
            Action.CLOSE_VOTE,
            engine.SYSTEM,
            results={str(item.nomination_id): item.result for item in dossier_items},
            session=session.audit_stream,
        )


def _issue_minutes(session: CouncilSession, content: dict, today) -> Minutes:
    """Number the minutes in the council's own yearly series and store what they say (the record)."""
    number = take_number(session.commune, NUMBER_CODE, NUMBER_SYMBOL, today.year)
    return Minutes.objects.create(session=session, year=number.year, number=number.number,
                                  number_text=number.text, issued_on=today, content=content)


# What closing and the minutes read of an item: its own row and two names (not the whole nomination and
# award type, 200 times over).
_ITEM_READS = (*(f.name for f in AgendaItem._meta.concrete_fields), "nomination__nominee_name",
               "nomination__award_type__name")
_RESULT_COLUMNS = ("result", "agree", "disagree", "abstain", "base", "required", "chair_agreed")


def _write_results(items: list[AgendaItem]) -> None:
    rows = [(item.pk, *(getattr(item, column) for column in _RESULT_COLUMNS)) for item in items]
    update_rows(AgendaItem, _RESULT_COLUMNS, rows, casts={"chair_agreed": "boolean"})


def session_close(*, session: CouncilSession, actor, expected_version=None) -> CouncilSession:
    """Close the vote: tally every nomination, move every dossier, write the minutes, in one transaction.

    Durable: closing is never part of a larger transaction, so what it commits is final.
    """
    with transaction.atomic(durable=True):
        locked = lock(session, expected_version)
        role = require(actor, locked.commune_id, Perm.MANAGE_COUNCIL, NOT_SECRETARY)
        if locked.state == SessionState.CLOSED:
            raise GuardFailed(_("Phiên họp đã kết thúc; không thể kết thúc lần nữa hay mở lại."))
        require_state(locked, SessionState.OPEN)
        items = list(
            locked.agenda.select_related("nomination__award_type").only(*_ITEM_READS).order_by("position", "pk")
        )
        members = list(locked.members.select_related("user"))
        written = list(locked.written_opinions.values_list("member_id", flat=True))
        counted = count_session(locked, items, members, set(written))
        for entry in counted:
            entry.item.agree, entry.item.disagree = entry.count.agree, entry.count.disagree
            entry.item.abstain, entry.item.chair_agreed = entry.count.abstain, entry.count.chair_agreed
            entry.item.base, entry.item.required = entry.tally.base, entry.tally.required
            entry.item.result = ItemResult.PASSED if entry.tally.passed else ItemResult.FAILED
        _apply(items, locked)
        _write_results(items)
        receipts = BallotReceipt.objects.filter(session=locked).count()
        ballots = Ballot.objects.filter(session=locked).count()
        closed_at = timezone.now()
        secretary = locked.created_by
        content = minutes_content(
            session=locked, counted=counted, members=members, receipts=receipts, written=written,
            secretary_name=_person_name(secretary), closed_at=closed_at,
        )
        locked.state, locked.closed_at = SessionState.CLOSED, closed_at
        locked.version += 1
        locked.save(update_fields=["state", "closed_at", "version"])
        minutes = _issue_minutes(locked, content, timezone.localdate(closed_at))
        record(locked, Event.SESSION_CLOSED, actor, role, {
            "minutes": minutes.number_text,
            "minutes_sha256": content_digest(content),
            "receipts": receipts,
            "ballots": ballots,
            "written_opinions": len(written),
            "results": {
                str(e.item.nomination_id): {
                    "agree": e.count.agree, "disagree": e.count.disagree, "abstain": e.count.abstain,
                    "base": e.tally.base, "required": e.tally.required, "result": e.item.result,
                }
                for e in counted
            },
        }, from_state=SessionState.OPEN, to_state=SessionState.CLOSED)
        # The files are laid out from the stored content once the count is committed (about a second for
        # 200 nominees: DESIGN §14 "slow work (PDF rendering …)"); a download renders them if that failed.
        transaction.on_commit(partial(minutes_render_safely, minutes.pk))
    return locked


def _person_name(user) -> str:
    person = getattr(user, "person", None)
    return (person.full_name if person else "") or user.get_full_name() or user.get_username()
