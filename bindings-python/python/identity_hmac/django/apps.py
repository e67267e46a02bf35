"""The Django app of identity-hmac (``INSTALLED_APPS = [..., "identity_hmac.django"]``)."""

from django.apps import AppConfig  # type: ignore[import-untyped]


class IdentityHmacConfig(AppConfig):  # type: ignore[misc]
    name = "identity_hmac.django"
    label = "identity_hmac"
    verbose_name = "identity-hmac"
