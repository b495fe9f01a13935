"""Eligibility warnings for the reviewer: what the award history and the open complaints say about each
nominee of a dossier. Warnings inform the reviewer's eligible / ineligible mark; they never block it.

The rules are data on the award type (`AwardType.eligibility_rules`, versioned with it):
- ``{"requires_same_year": "LDTT"}``: the nominee holds that title in the campaign's year, already
  awarded or proposed in a dossier of the same year that is still alive (CSTĐ cơ sở needs LĐTT);
- ``{"members_ldtt_percent_over": 50}``: a collective whose share of members holding LĐTT the reviewer
  must check in the attached list (the members are not on record, so this is a reminder).
Besides the rules, every nominee is checked for an open complaint, for the same award already given in
that year, and for a second proposal of the same award in that year.
"""

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from dossiers.models import ComplaintStatus, Dossier, DossierState, Nomination, Outcome

# Proposals that may still become awards: the ones that count as "proposed in the same year".
LIVE_OUTCOMES = (Outcome.PROPOSED, Outcome.ELIGIBLE, Outcome.PASSED)
DEAD_STATES = (DossierState.WITHDRAWN, DossierState.REJECTED, DossierState.REVOKED)


def _key(nomination: Nomination, unit_id: int):
    """Who the nominee is: the person on record, else the name within the unit (collectives, households)."""
    if nomination.person_id:
        return ("person", nomination.person_id)
    return ("name", unit_id, nomination.search_name)


def warnings_for(dossier: Dossier) -> dict[int, list[str]]:
    """Warnings per nomination id of `dossier` (three queries whatever the number of nominees)."""
    nominations = list(dossier.nominations.select_related("award_type"))
    if not nominations:
        return {}
    year = dossier.campaign.year
    people = sorted({n.person_id for n in nominations if n.person_id})
    names = sorted({n.search_name for n in nominations if not n.person_id})
    same_nominee = Q(person_id__in=people) | Q(
        person__isnull=True, search_name__in=names, dossier__unit_id=dossier.unit_id
    )
    others = list(
        Nomination.objects.filter(same_nominee, dossier__commune_id=dossier.commune_id, dossier__campaign__year=year)
        .exclude(dossier_id=dossier.pk)
        .exclude(dossier__state__in=DEAD_STATES)
        .select_related("award_type", "dossier")
        .only("person_id", "search_name", "outcome", "award_type__code", "award_type__name", "dossier__unit_id",
              "dossier__state")
    )
    complained = set(
        Nomination.objects.filter(
            pk__in=[n.pk for n in nominations], complaints__status=ComplaintStatus.OPEN
        ).values_list("pk", flat=True)
    )
    elsewhere: dict[tuple, list[Nomination]] = defaultdict(list)
    for other in others:
        elsewhere[_key(other, other.dossier.unit_id)].append(other)
    here: dict[tuple, list[Nomination]] = defaultdict(list)
    for nomination in nominations:
        here[_key(nomination, dossier.unit_id)].append(nomination)

    result: dict[int, list[str]] = {}
    for nomination in nominations:
        found = []
        key = _key(nomination, dossier.unit_id)
        code = nomination.award_type.code
        if nomination.pk in complained:
            found.append(_("Đang có khiếu nại, phản ánh chưa giải quyết về người được đề nghị này."))
        for other in elsewhere[key]:
            if other.award_type.code != code:
                continue
            if other.outcome == Outcome.AWARDED:
                found.append(
                    _("Đã được tặng «%(award)s» năm %(year)s.") % {"award": other.award_type.name, "year": year}
                )
            elif other.outcome in LIVE_OUTCOMES:
                found.append(_("Đã được đề nghị «%(award)s» năm %(year)s trong một hồ sơ khác.")
                             % {"award": other.award_type.name, "year": year})
        rules = nomination.award_type.eligibility_rules or {}
        required = rules.get("requires_same_year")
        if required:
            holds = any(
                n.award_type.code == required and (n.outcome == Outcome.AWARDED or n.outcome in LIVE_OUTCOMES)
                for n in [*elsewhere[key], *here[key]]
            )
            if not holds:
                found.append(
                    _("Chưa đạt hoặc chưa được đề nghị «%(code)s» năm %(year)s (điều kiện của «%(award)s»).")
                    % {"code": required, "year": year, "award": nomination.award_type.name}
                )
        share = rules.get("members_ldtt_percent_over")
        if share:
            found.append(_("Cần kiểm tra: trên %(share)s%% thành viên của tập thể đạt «Lao động tiên tiến».")
                         % {"share": share})
        if found:
            result[nomination.pk] = list(dict.fromkeys(found))
    return result
