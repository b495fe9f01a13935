#!/usr/bin/env python
"""How long signing a large decision takes: 500 awardees from 40 dossiers (issue 5, target ≤ 3 s in all).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_decision .venv/bin/python bench/decision.py

Creates a throw-away database (``test_<name>``), the test World's commune and demo signing keys in a
temporary folder, walks 40 đột xuất dossiers (no council vote) with 500 nominees in all to
awaiting_decision through the engine, drafts one decision naming every nominee, then times
`decisions.signing.decision_sign` end to end: the number, 40 `decide` transitions and their audit events,
the signed checkpoint, the PDF and DOCX, both PAdES signatures and storing the files. It then times the
parts again on the same content (render PDF, render DOCX, the two signatures) to say where the time goes.
Prints one JSON object; asserts nothing (DESIGN §15). Drops the database at the end.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from decisions import document, services  # noqa: E402
from decisions.signing import decision_sign, signer_name  # noqa: E402
from documents import docx as docx_renderer  # noqa: E402
from documents import keys  # noqa: E402
from documents import pdf as pdf_renderer  # noqa: E402
from documents import signing as pades  # noqa: E402
from dossiers.models import Dossier, DossierState  # noqa: E402
from tests.conftest import World  # noqa: E402
from tests.workflow import helpers  # noqa: E402

DOSSIERS, AWARDEES, REPEAT = 40, 500, 3


def seed(world) -> list[Dossier]:
    dossiers = []
    for index in range(DOSSIERS):
        count = AWARDEES // DOSSIERS + (1 if index < AWARDEES % DOSSIERS else 0)
        names = tuple(f"Nguyễn Thị Ánh {index:02d}-{n:02d}" for n in range(count))
        dossier = helpers.make(world, route="chair", nominees=names)
        dossiers.append(helpers.to_state(world, dossier, DossierState.AWAITING_DECISION))
    return dossiers


def median_time(action) -> float:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    old_config = setup_databases(verbosity=0, interactive=False)
    key_dir = Path(tempfile.mkdtemp(prefix="vinhdanh-bench-keys-"))
    try:
        settings.SIGNING_KEYS_DIR = str(key_dir)
        keys.write_demo_keys(key_dir, "ỦY BAN NHÂN DÂN XÃ NGUYỄN LƯƠNG BẰNG",
                             [("chutich", "Bùi Trọng Thược", ""), ("phochutich", "Nguyễn Văn Phó", "")])
        world = World()
        started = time.perf_counter()
        dossiers = seed(world)
        seeded = time.perf_counter() - started
        ids = [n.pk for d in dossiers for n in d.nominations.all()]
        draft = services.decision_draft_create(actor=world.canbovhxh, commune=world.commune,
                                               award_type=world.giay_khen, nomination_ids=ids)
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            signed = decision_sign(decision=draft, actor=world.chutich)
            total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        # The parts, again, on the same content (outside the signing transaction).
        entries = list(signed.entries.select_related("nomination__dossier__unit", "nomination__person"))
        layout = document.build(signed, entries, number_text=signed.number_text, day=signed.signed_on,
                                mode=signed.signing_mode, signer_name=signer_name(world.chutich), footer="x" * 120)
        rendered = pdf_renderer.render_with_placements(layout)
        personal, organisation = keys.personal_key("chutich"), keys.organisation_key()
        now = timezone.now()

        def both_signatures():
            first = pades.sign(rendered.content, personal, field_name="A", box=rendered.placements[0].personal,
                               lines=pades.stamp_lines("Bùi Trọng Thược", "UBND", now))
            pades.sign(first, organisation, field_name="B", box=rendered.placements[0].organisation,
                       lines=pades.stamp_lines("UBND", "UBND", now))

        pdf_s = median_time(lambda: pdf_renderer.render_with_placements(layout))
        docx_s = median_time(lambda: docx_renderer.render(layout))
        signatures_s = median_time(both_signatures)
        signed.pdf.seek(0)
        content = signed.pdf.read()
        validation_s = median_time(lambda: pades.validate(content))
        result = {
            "database": connection.vendor,
            "dossiers": DOSSIERS,
            "awardees": signed.entries.count(),
            "number": signed.number_text,
            "sign_total_s": round(total, 3),
            "target_s": 3.0,
            "within_target": total <= 3.0,
            "sign_python_cpu_s": round(cpu, 3),
            "queries_in_signing": len(queries),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "parts_median_s": {
                "render_pdf": round(pdf_s, 3),
                "render_docx": round(docx_s, 3),
                "two_pades_signatures": round(signatures_s, 3),
                "number_transitions_audit_checkpoint_storage": round(total - pdf_s - docx_s - signatures_s, 3),
            },
            "validate_signed_pdf_s": round(validation_s, 3),
            "pdf_pages": rendered.page_count,
            "pdf_bytes": signed.pdf.size,
            "docx_bytes": signed.docx.size,
            "seed_s": round(seeded, 1),
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(key_dir, ignore_errors=True)
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
