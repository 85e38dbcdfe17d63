"""Shared by the paginated HTML lists: the filters of a page, to carry into its page links."""

from django.http import HttpRequest


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without `page` (pagination links append their own)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
