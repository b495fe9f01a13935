"""The permission matrix of the core engine (tests/workflow/test_permission_matrix.py), replayed through
`POST /api/v1/dossiers/{id}/actions/{action}/` and `GET .../actions/`: the same cells, the same dossiers,
the same verdicts. The API adds only its scoping (DESIGN §6, docs/architecture.md "Who sees what"): a
dossier outside the caller's scope answers 404, as its page does; inside it, a refusal is 403 with the
engine's Vietnamese reason and changes nothing. System actions (close_vote, decide, revoke) are refused to
every user through the API; the SYSTEM persona has no HTTP counterpart and is left to the engine's test.
"""

import pytest
from rest_framework.test import APIClient

from dossiers import selectors
from dossiers.models import Dossier
from tests.api.conftest import body_reasons
from tests.workflow.helpers import assert_unchanged, snapshot
from tests.workflow.test_permission_matrix import CASES, PERSONAS, SCOPES, _expected_refusal, matrix  # noqa: F401

HTTP_PERSONAS = [p for p in PERSONAS if p != "SYSTEM"]
CELLS = [
    pytest.param(name, persona, scope, id=f"{persona}-{name}-{scope}")
    for name in CASES
    for persona in HTTP_PERSONAS
    for scope in SCOPES
]


def _body(case_data: dict) -> dict:
    """What a client sends for the cell's data: ids instead of objects (the API resolves them)."""
    return {k: getattr(v, "pk", v) for k, v in case_data.items()}


@pytest.mark.parametrize(("name", "persona", "scope"), CELLS)
def test_permission_matrix_through_the_api(matrix, db, name, persona, scope):  # noqa: F811
    world, dossiers = matrix
    case = CASES[name]
    dossier = Dossier.objects.get(pk=dossiers[name, scope])
    actor = getattr(world, persona)
    allowed = persona in case.allowed[list(SCOPES).index(scope)]
    client = APIClient()
    client.force_login(actor)
    before = snapshot(dossier)
    visible = selectors.dossier_list_for(actor=actor).filter(pk=dossier.pk).exists()

    listed = client.get(f"/api/v1/dossiers/{dossier.pk}/actions/")
    response = client.post(f"/api/v1/dossiers/{dossier.pk}/actions/{case.action}/",
                           _body(case.data(world, dossier)), format="json")

    if not visible:
        assert not allowed
        assert listed.status_code == 404
        assert response.status_code == 404
        assert_unchanged(dossier, before)
        return
    assert listed.status_code == 200
    assert (case.action in {a["action"] for a in listed.json()}) == allowed
    if allowed:
        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["action"], body["from_state"], body["to_state"]) == (case.action, case.source, case.target)
        assert body["dossier"]["version"] == before.version + 1
        assert response["ETag"] == f'"dossier-{dossier.pk}-v{before.version + 1}"'
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "not_allowed"
        assert _expected_refusal(name, persona, scope) in body_reasons(response)
        assert_unchanged(dossier, before)
