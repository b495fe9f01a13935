"""Fixtures of the dossier specification: the same module-cached World as the workflow suite."""

from tests.workflow.fixtures import committed_world, module_world, world  # noqa: F401
