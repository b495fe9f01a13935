"""A faster `world` for the workflow and dossier specifications.

Building the World costs ~400 queries (guardian grants for every membership). Like Django's
`TestCase.setUpTestData`, it is built once per module inside an outer transaction that is rolled back
at the end of the module; each test runs in its own savepoint (pytest-django's `db`) and gets a deep
copy of the Python objects, so nothing leaks between tests. Tests with real parallel connections need
committed rows: they use `committed_world` and live in modules of their own.
"""

import copy

import pytest
from django.db import transaction

from tests.conftest import World


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield World()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


@pytest.fixture
def committed_world(transactional_db):
    """A World whose rows are committed, for tests with real parallel connections."""
    return World()
