# Prelude of the README's Flask example (scripts/doc_examples.py puts it before
# the block). It stands in for the reader's project around app.py: a `models`
# module with a Flask-Login user, and templates/home.html taken from the
# README itself. When the example has defined `app`, it requests the page with
# Flask-Login's test client, checks the hash and the escaping, and prints the
# script element the browser receives.
import atexit
import hashlib
import hmac
import json
import os
import sys
import traceback
import types
from pathlib import Path

import flask_login


class _User(flask_login.UserMixin):
    def __init__(self, id, email, name):
        self.id, self.email, self.name = id, email, name

    @classmethod
    def get(cls, user_id):
        if user_id != "42":
            return None
        return cls(42, "zoe@example.com", "Zoë </script><script>alert(1)</script>")


sys.modules["models"] = types.ModuleType("models")
sys.modules["models"].User = _User


def _readme_block(first_line):
    readme = Path(os.environ["DOC_EXAMPLES_ROOT"], "bindings-python", "README.md").read_text(encoding="utf-8")
    start = readme.index(first_line)
    return readme[start : readme.index("```", start)]


_templates = Path(__file__).resolve().parent / "templates"
_templates.mkdir(exist_ok=True)
(_templates / "home.html").write_text(_readme_block("<!-- templates/home.html"), encoding="utf-8")


def _check():
    try:
        app = sys.modules["__main__"].app
        app.test_client_class = flask_login.FlaskLoginClient
        with app.test_client() as anonymous:
            assert anonymous.get("/").status_code == 401, "login_required lets no anonymous user in"
        with app.test_client(user=_User.get("42")) as client:
            response = client.get("/")
        assert response.status_code == 200, response.status
        page = response.get_data(as_text=True)
        script = page[page.index("<script>") : page.index("</script>") + len("</script>")]
        user = json.loads(script.split("const user = ", 1)[1].split(";\n", 1)[0])
        token = os.environ["CHATWOOT_HMAC_TOKEN"].encode()
        assert user["identifier"] == "42"
        assert user["attributes"]["identifier_hash"] == hmac.new(token, b"42", hashlib.sha256).hexdigest()
        assert user["attributes"]["name"] == _User.get("42").name
        assert page.count("</script>") == 1, "the user's name broke out of the script element"
        print(script)
    except BaseException:
        traceback.print_exc()
        sys.stdout.flush()
        os._exit(1)


atexit.register(_check)
