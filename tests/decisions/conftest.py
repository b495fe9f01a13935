"""Decisions are signed with real PKCS#12 keys: a demo CA, the organisation and the two signers, made once
per test session by the same code as `make_demo_signing_keys`."""

import datetime
import shutil
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from documents import keys
from roles import services as role_services
from roles.catalog import Perm
from tests.workflow.fixtures import committed_world, module_world, world  # noqa: F401 (fixtures)

ORGANISATION = "ỦY BAN NHÂN DÂN XÃ NGUYỄN LƯƠNG BẰNG"


@pytest.fixture(scope="session")
def key_dir():
    directory = Path(tempfile.mkdtemp(prefix="vinhdanh-test-signing-"))
    keys.write_demo_keys(
        directory, ORGANISATION,
        [("chutich", "Bùi Trọng Thược", "chutich@example.vn"), ("phochutich", "Nguyễn Văn Phó", "")],
    )
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(autouse=True)
def signing_keys(key_dir, settings):
    settings.SIGNING_KEYS_DIR = str(key_dir)
    return key_dir


def delegate_to_vice_chair(world, *, valid_from=None, valid_to=None):
    today = timezone.localdate()
    return role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune,
        permissions=[Perm.DECIDE_FOR_COMMUNE], valid_from=valid_from or today - datetime.timedelta(days=1),
        valid_to=valid_to or today + datetime.timedelta(days=30), instrument="Quyết định số 12/QĐ-UBND",
        actor=world.chutich,
    )
