"""Exports for upper levels (issue 7 §5, DOMAIN §8): the award records of a year in the documented CSV and
XLSX layout, and a dossier as JSON that api/offline_verify.py checks with nothing but Python: it passes on
the export as given and names what was changed, removed or swapped otherwise."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from api import offline_verify
from api.exports.awards import COLUMNS
from decisions import signing
from decisions.models import Decision
from dossiers.models import DossierState
from tests.decisions.conftest import key_dir, signing_keys  # noqa: F401 (fixtures: real signing keys)
from tests.decisions.helpers import awaiting, draft
from tests.workflow import helpers
from workflow import audit, checkpoints
from workflow.models import AuditEvent

SCRIPT = Path(offline_verify.__file__)


@pytest.fixture
def decided(world):
    """A dossier decided the real way: the office drafts a decision, the Chair signs it (number, PDF, `decide`)."""
    dossier = awaiting(world, route="chair", nominees=("Phạm Văn Dũng",))
    signing.decision_sign(decision=draft(world, dossier), actor=world.chutich)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED
    return dossier


def test_award_records_csv_has_the_documented_layout(world, api_as, decided):
    helpers.to_state(world, helpers.make(world, route="chair", nominees=("Không Được",)), DossierState.SUBMITTED)
    response = api_as(world.vhxh).get("/api/v1/exports/awards/", {"year": world.ad_hoc_campaign.year})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == [key for key, _header in COLUMNS]
    assert len(rows) == 1  # only awarded nominees: the submitted dossier is not an award record
    row = rows[0]
    assert (row["nominee_name"], row["award_code"], row["category"], row["category_label"]) == (
        "Phạm Văn Dũng", "GKCT", "form", "Hình thức khen thưởng")
    decision = Decision.objects.get()
    assert (row["decision_number"], row["decision_date"], row["signer"], row["signing_mode"], row["issuer"]) == (
        decision.number_text, decision.signed_on.isoformat(), "chutich", "", world.commune.name)
    assert (row["signer_name"], row["decision_id"]) == (decision.signer_name, str(decision.pk))
    assert AuditEvent.objects.get(action="awards_exported").data["rows"] == 1


def test_award_records_xlsx_has_vietnamese_headers(world, api_as, decided):
    response = api_as(world.kiemtra).get("/api/v1/exports/awards/", {"year": world.ad_hoc_campaign.year,
                                                                       "file_format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [header for _key, header in COLUMNS]
    assert sheet.cell(row=2, column=4).value == "Phạm Văn Dũng"


def test_units_cannot_export_award_records(world, api_as, decided):
    response = api_as(world.thcs).get("/api/v1/exports/awards/", {"year": 2025})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="awards_exported").exists()


def _export(world, api_as, dossier, tmp_path) -> tuple[Path, Path]:
    client = api_as(world.kiemtra)
    response = client.get(f"/api/v1/dossiers/{dossier.pk}/export/")
    assert response.status_code == 200
    path = tmp_path / "ho-so.json"
    path.write_text(json.dumps(response.json(), ensure_ascii=False), encoding="utf-8")
    files = tmp_path / "tai-lieu"
    files.mkdir()
    for attachment in response.json()["attachments"]:
        download = client.get(f"/api/v1/dossiers/{dossier.pk}/attachments/{attachment['id']}/download/")
        (files / f"{attachment['id']}-{attachment['original_name']}").write_bytes(b"".join(download.streaming_content))
    return path, files


def _run(*args) -> subprocess.CompletedProcess:
    # A bare interpreter, no Django settings: the script must stand alone.
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin"}, timeout=60)


def test_offline_script_hashes_exactly_as_the_log_does(decided):
    for event in AuditEvent.objects.filter(stream=decided.audit_stream):
        exported = {name: getattr(event, name) for name in audit.CANONICAL_COLUMNS}
        exported["occurred_at"] = audit.format_time(event.occurred_at)
        assert offline_verify.event_hash(exported) == audit.event_hash(event) == event.hash


def test_exported_dossier_verifies_offline_with_its_files_and_checkpoint(world, api_as, decided, tmp_path):
    checkpoints.checkpoint_create()
    path, files = _export(world, api_as, decided, tmp_path)
    result = _run(path, "--files", files)
    assert result.returncode == 0, result.stdout
    assert "INTACT" in result.stdout
    assert "signature checked" in result.stdout
    assert "BEGIN CERTIFICATE" in json.loads(path.read_text())["audit"]["checkpoint"]["certificate"]
    assert AuditEvent.objects.filter(action="dossier_exported", object_id=str(decided.pk)).exists()


def test_exported_dossier_verifies_offline_with_an_ed25519_checkpoint(world, api_as, decided, tmp_path, settings):
    """Before the organisation's certificate is configured, checkpoints are signed with the Ed25519 key."""
    settings.SIGNING_KEYS_DIR = str(tmp_path / "no-keys")
    checkpoints.checkpoint_create()
    path, files = _export(world, api_as, decided, tmp_path)
    assert json.loads(path.read_text())["audit"]["checkpoint"]["certificate"] is None
    result = _run(path, "--files", files)
    assert result.returncode == 0, result.stdout
    assert "signature checked" in result.stdout


def test_offline_script_names_a_changed_event(world, api_as, decided, tmp_path):
    path, files = _export(world, api_as, decided, tmp_path)
    export = json.loads(path.read_text(encoding="utf-8"))
    export["audit"]["events"][2]["actor_username"] = "nguoi-khac"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    result = _run(path)
    assert result.returncode == 1
    assert f"event #{export['audit']['events'][2]['id']}" in result.stdout
    assert "content changed" in result.stdout


def test_offline_script_notices_a_removed_event(world, api_as, decided, tmp_path):
    path, _files = _export(world, api_as, decided, tmp_path)
    export = json.loads(path.read_text(encoding="utf-8"))
    del export["audit"]["events"][1]
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    result = _run(path)
    assert result.returncode == 1
    assert "missing or out of order" in result.stdout


def test_offline_script_notices_a_swapped_file(world, api_as, decided, tmp_path):
    path, files = _export(world, api_as, decided, tmp_path)
    for document in files.iterdir():  # the builders upload one same PDF for every document
        document.write_bytes(document.read_bytes() + b"% changed\n")
    result = _run(path, "--files", files)
    assert result.returncode == 1
    assert "no file in" in result.stdout
