"""Fixtures of the workflow specification (see fixtures.py)."""

from tests.workflow.fixtures import committed_world, module_world, world  # noqa: F401
