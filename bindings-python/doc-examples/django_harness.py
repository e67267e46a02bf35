# Prelude of the README's Django views.py example (scripts/doc_examples.py puts
# it before the block). It stands in for the reader's Django project: it runs
# the README's settings.py block as the settings, writes the README's
# dashboard.html as the template, and once the example has defined
# `dashboard`, calls it for an anonymous and a logged-in user, checks the hash
# and the escaping, and prints the HTML the browser receives.
import atexit
import hashlib
import hmac
import json
import os
import sys
import traceback
import types
from pathlib import Path

import django
from django.conf import settings as _settings


def _readme_block(first_line):
    readme = Path(os.environ["DOC_EXAMPLES_ROOT"], "bindings-python", "README.md").read_text(encoding="utf-8")
    start = readme.index(first_line)
    return readme[start : readme.index("```", start)]


sys.modules["urls"] = types.ModuleType("urls")
sys.modules["urls"].urlpatterns = []
_project = {}
exec(compile(_readme_block("# settings.py"), "settings.py", "exec"), _project)
_templates = Path(__file__).resolve().parent / "templates"
_templates.mkdir(exist_ok=True)
(_templates / "dashboard.html").write_text(_readme_block("{# dashboard.html #}"), encoding="utf-8")
_settings.configure(
    **{name: value for name, value in _project.items() if name.isupper()},
    SECRET_KEY="example-only",
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [str(_templates)]}],
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF="urls",  # the stand-in project routes nothing: the harness calls the view itself
    LOGIN_URL="/login/",
)
django.setup()


class _User:
    is_authenticated = True
    email = "zoe@example.com"

    def get_full_name(self):
        return "Zoë </script><script>alert(1)</script>"


def _check():
    try:
        from django.contrib.auth.models import AnonymousUser
        from django.test import RequestFactory

        dashboard = sys.modules["__main__"].dashboard
        anonymous = RequestFactory().get("/dashboard/")
        anonymous.user = AnonymousUser()
        assert dashboard(anonymous).status_code == 302, "login_required sends an anonymous user to log in"
        request = RequestFactory().get("/dashboard/")
        request.user = _User()
        response = dashboard(request)
        assert response.status_code == 200, response.status_code
        page = response.content.decode()
        data = json.loads(page.split('type="application/json">', 1)[1].split("</script>", 1)[0])
        key = bytes.fromhex(os.environ["PYLON_IDENTITY_SECRET"])
        assert data["email_hash"] == hmac.new(key, b"zoe@example.com", hashlib.sha256).hexdigest()
        assert data["name"] == _User().get_full_name()
        assert page.count("</script>") == 2, "the user's name broke out of the script element"
        print(page.strip())
    except BaseException:
        traceback.print_exc()
        sys.stdout.flush()
        os._exit(1)


atexit.register(_check)
