"""Decisions are signed with real PKCS#12 keys: a demo CA, the organisation and the two signers, made once
per test session by the same code as `make_demo_signing_keys`."""

import shutil
import tempfile
from pathlib import Path

import pytest

from documents import keys
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
