"""The count of a session at closing: marks summed in SQL, each item weighed against its rule (integers).

Only `services.closing` calls this, inside the closing transaction, after the session row is locked:
nothing reads marks while a session is open.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count as SqlCount
from django.db.models import Q

from council.models import AgendaItem, BallotMark, Choice, CouncilSession, OpenVote, SessionMember
from council.rules import Count, Tally, tally


@dataclass(frozen=True)
class ItemCount:
    item: AgendaItem
    count: Count
    tally: Tally


def count_session(
    session: CouncilSession, items: list[AgendaItem], members: list[SessionMember], written: set[int]
) -> list[ItemCount]:
    """Agree / disagree / abstain per item (secret marks + named votes), its base and whether it passed.

    `written`: the members whose written opinion was recorded. Two queries: the secret marks, and the
    named votes with the Chair's own choice riding along as a filtered count.
    """
    marks = Counter({
        (item_id, choice): n
        for item_id, choice, n in BallotMark.objects.filter(item__session_id=session.pk)
        .values_list("item_id", "choice").annotate(n=SqlCount("pk")).order_by()
    })
    chair_votes = {}
    named = (
        OpenVote.objects.filter(item__session_id=session.pk)
        .values_list("item_id", "choice")
        .annotate(n=SqlCount("pk"), chair=SqlCount("pk", filter=Q(member_id=session.chair_id)))
        .order_by()
    )
    for item_id, choice, n, chair in named:
        marks[(item_id, choice)] += n
        if chair:
            chair_votes[item_id] = choice
    present = {m.user_id for m in members if m.present}
    result = []
    for item in items:
        participants = len(present - {item.recused_id})
        if item.absentee_opinions_allowed:
            participants += len(written - {item.recused_id})
        count = Count(
            agree=marks[(item.pk, Choice.AGREE)],
            disagree=marks[(item.pk, Choice.DISAGREE)],
            abstain=marks[(item.pk, Choice.ABSTAIN)],
            members=len(members),
            participants=participants,
            chair_agreed=(chair_votes.get(item.pk) == Choice.AGREE) if item.chair_must_agree else None,
        )
        result.append(ItemCount(item, count, tally(
            count,
            threshold_percent=item.threshold_percent,
            threshold_base=item.threshold_base,
            chair_must_agree=item.chair_must_agree,
        )))
    return result
