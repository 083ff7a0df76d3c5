"""The renderer loads only the app's own stylesheet, images and fonts: nothing a user typed."""

import http.server
import threading

import pytest

from documents.rendering import BlockedResource, fetch_app_resource, make_url_fetcher, render_pdf
from documents.services import document_request
from tests.documents.conftest import pdf_pages, read_file
from tests.objectives.factories import GoalFactory


@pytest.fixture
def http_server():
    """A local web server that records every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::before { content: "LEAKED-HTTP"; }')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/steal",
        "https://example.org/logo.png",
        "data:text/css,body{}",
        "appstatic:../../etc/passwd",
        "appstatic:css/../../../../etc/passwd",
        "appstatic:js/planner.js",
        "appstatic:fonts/../../manage.py",
        "/etc/passwd",
        "ftp://example.org/x",
    ],
)
def test_the_fetcher_refuses_anything_but_the_apps_own_resources(url):
    with pytest.raises(BlockedResource):
        fetch_app_resource(url)
    with pytest.raises(BlockedResource):
        make_url_fetcher().fetch(url)


def test_the_fetcher_serves_the_document_stylesheet_and_fonts():
    css = fetch_app_resource("appstatic:css/document.css")
    assert css["mime_type"] == "text/css" and b"@font-face" in css["body"]
    font = fetch_app_resource("appstatic:fonts/DejaVuSans.ttf")
    assert font["mime_type"] == "font/ttf" and len(font["body"]) > 100_000


def test_resources_named_in_the_html_are_never_loaded_from_files_or_hosts(tmp_path, http_server):
    url, hits = http_server
    evil_css = tmp_path / "evil.css"
    evil_css.write_text('body::after { content: "LEAKED-FILE"; }')
    html = (
        "<html><head>"
        f'<link rel="stylesheet" href="file://{evil_css}">'
        f'<link rel="stylesheet" href="{url}/style.css">'
        '</head><body><p>Plan</p><img src="file:///etc/passwd">'
        f'<img src="{url}/pixel.png"></body></html>'
    )
    text = "\n".join(pdf_pages(render_pdf(html).content))
    assert "Plan" in text
    assert "LEAKED" not in text
    assert hits == []


@pytest.mark.django_db
def test_urls_typed_into_a_plan_are_printed_as_text_and_never_fetched(
    filled_plan, http_server, django_capture_on_commit_callbacks
):
    url, hits = http_server
    GoalFactory(
        plan=filled_plan,
        statement='<img src="file:///etc/passwd"> Reach every school',
        metric=f'<link rel="stylesheet" href="{url}/x.css"> {url}/count',
    )
    filled_plan.organisation = f'<img src="{url}/org.png">'
    filled_plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=filled_plan, user=filled_plan.owner)
    document.refresh_from_db()
    text = "".join("\n".join(pdf_pages(read_file(document))).split())
    assert 'src="file:///etc/passwd">Reacheveryschool' in text
    assert "LEAKED" not in text
    assert hits == []


def test_collectstatic_with_hashed_names_accepts_the_document_stylesheet(tmp_path, settings):
    """Production collects static files with hashed names; the document's URLs must not
    look like relative paths to it (a scheme with a hyphen did, and broke the deployment)."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", "-v0")
    collected = (settings.STATIC_ROOT / "css" / "document.css").read_text()
    assert 'url("appstatic:fonts/DejaVuSans.ttf")' in collected
