#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings now
    except ImproperlyConfigured as exc:
        # Django would swallow this and fail later with a misleading "Models aren't loaded yet".
        sys.exit(
            f"{exc}\nDevelopment: run `python3 dev.py run` once (it writes var/dev.env with DEBUG=1), or set "
            "DEBUG=1; production: see docs/operations.md."
        )
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
