from django.apps import apps
from django.contrib.staticfiles import finders


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    """The apps' static files without viewflow's: we serve none of viewflow's pages, and its bundled CSS names
    font files its wheel does not ship, which fails the hashing storage of production's collectstatic."""

    def __init__(self, app_names=None, *args, **kwargs):
        app_names = app_names or [config.name for config in apps.get_app_configs() if config.name != "viewflow"]
        super().__init__(app_names, *args, **kwargs)
