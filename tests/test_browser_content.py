"""Media embeds and the contact page in headless Chromium, served under a subpath."""

from urllib.parse import urlsplit

import pytest

from conftest import run_pelican
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EMBED_HOST = "video.example"


@pytest.fixture(scope="module")
def content_site(tmp_path_factory, serve):
    output = tmp_path_factory.mktemp("content-browser") / "site"
    build = run_pelican(output, SITEURL="/directory",
                        CONTACT_FORM_URL="/directory/contact/thanks/")
    assert build.returncode == 0, build.output
    return serve(output, "/directory")


def test_media_embeds_request_nothing_from_the_host_before_a_click(page, content_site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    # the fictional host does not exist: answer for it, so that the click can be observed
    page.route(f"https://{EMBED_HOST}/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!DOCTYPE html><title>player</title>"))
    page.goto(content_site + "/media/")
    buttons = page.locator(".media-embed__load")
    buttons.first.wait_for(state="visible")  # media.js has run: the buttons are shown by it
    origin = urlsplit(content_site).netloc
    assert requests and {urlsplit(url).netloc for url in requests} == {origin}
    assert page.locator("iframe").count() == 0
    assert buttons.count() == 5
    assert "Nothing is loaded from video.example" in page.locator(".notice").inner_text()
    # the frame's request starts after the click; wait for it rather than for an idle network
    with page.expect_request(lambda request: urlsplit(request.url).netloc == EMBED_HOST):
        buttons.first.click()
    frame = page.locator("iframe.media-embed__frame")
    frame.wait_for()
    assert frame.get_attribute("src").startswith(f"https://{EMBED_HOST}/embed/")
    frame.element_handle().content_frame().wait_for_load_state()  # the player has loaded
    outside = [url for url in requests if urlsplit(url).netloc != origin]
    assert len(outside) == 1 and urlsplit(outside[0]).netloc == EMBED_HOST
    assert page.locator("iframe").count() == 1
    assert page.problems == []


def test_media_page_without_javascript_offers_links_only(tabs, content_site):
    tab = tabs(java_script_enabled=False)
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(content_site + "/media/")
    assert tab.locator(".media-embed__load").first.is_hidden()
    assert tab.get_by_role("link", name="Open the video on video.example").count() == 3
    assert {urlsplit(url).netloc for url in requests} == {urlsplit(content_site).netloc}


def test_contact_page_prefills_the_member_and_validates_required_fields(page, content_site):
    page.goto(content_site + "/contact/?member=fjordlys-drift")
    # contact.js fills the form in once the page has loaded
    expect(page.locator("#contact-member")).to_have_value("fjordlys-drift")
    assert "fjordlys-drift" in page.locator("#contact-subject").input_value()
    page.locator("#contact-subject").fill("")
    page.get_by_role("button", name="Send").click()
    # the browser refuses to submit with required fields empty
    assert page.url.endswith("/contact/?member=fjordlys-drift")
    assert page.evaluate("document.querySelector('#contact-name').validity.valueMissing")
    page.goto(content_site + "/contact/?member=%3Cscript%3E")
    assert page.locator("#contact-member").input_value() == ""
    assert page.problems == []


def test_contact_page_works_without_javascript(tabs, content_site):
    tab = tabs(java_script_enabled=False)
    response = tab.goto(content_site + "/contact/?member=fjordlys-drift")
    assert response.status == 200
    assert tab.locator("#contact-member").input_value() == ""
    assert tab.locator("form.contact-form").is_visible()


def test_404_page_links_work_from_any_depth(page, content_site):
    page.goto(content_site + "/404.html")
    page.get_by_role("link", name="Education articles").click()
    assert page.locator("h1").inner_text() == "Education"
    assert page.url.endswith("/directory/education/")
    assert page.problems == []
