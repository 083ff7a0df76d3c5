from discussions.text import mentioned_emails, render_markdown


def test_it_renders_markdown():
    html = render_markdown("**bold** and *italic*\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html


def test_a_comment_can_never_run_a_script_or_inject_markup():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">x</a><iframe src="https://evil.test"></iframe>'
        '<div style="position:fixed">overlay</div>'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "<img" not in html
    assert "style=" not in html


def test_links_get_nofollow_noopener():
    html = render_markdown("[the guide](https://example.org/guide)")
    assert 'href="https://example.org/guide"' in html
    assert 'rel="nofollow noopener"' in html


def test_mentions_are_found_and_shown_by_name():
    body = "Thanks @ann@example.org and @bob@example.org, cc @ann@example.org."
    assert mentioned_emails(body) == ["ann@example.org", "bob@example.org"]
    html = render_markdown(body, {"ann@example.org": "Ann <Lee>"})
    assert '<span class="mention" title="ann@example.org">@Ann &lt;Lee&gt;</span>' in html
    assert "@bob@example.org" in html
