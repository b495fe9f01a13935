from django.contrib.staticfiles.apps import StaticFilesConfig


class VinhDanhStaticFilesConfig(StaticFilesConfig):
    """Static files without viewflow's own: we serve none of viewflow's pages, and its bundled CSS names
    font files its wheel does not ship, which fails the hashing storage of production's collectstatic."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "viewflow"]
