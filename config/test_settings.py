"""Settings for the test suite: the real settings with a test secret and fast password hashing."""

import atexit
import os
import shutil
import tempfile

# Tests run as production does (DEBUG off), whatever a developer's var/dev.env says.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="vinhdanh-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="vinhdanh-test-static-")
for _folder in (MEDIA_ROOT, STATIC_ROOT):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
# No signing keys unless a test makes them (tests/decisions): never the developer's var/keys.
SIGNING_KEYS_DIR = tempfile.mkdtemp(prefix="vinhdanh-test-keys-")
atexit.register(shutil.rmtree, SIGNING_KEYS_DIR, ignore_errors=True)
AUDIT_SIGNING_KEY = "nZ0Xx0mJ3Vq4b2QwZk6a8L1sT9yR5uP7cE3hG0dF2jA="
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
