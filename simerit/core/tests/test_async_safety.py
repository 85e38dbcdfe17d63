import os


def test_django_async_safety_check_is_on_outside_the_browser_tests():
    """Only the browser tests (Playwright's event loop) may switch Django's check off."""
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
