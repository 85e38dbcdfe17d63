from django.test import RequestFactory

from simerit.core.paging import query_without_page


def test_query_without_page_keeps_every_filter_and_drops_the_page():
    request = RequestFactory().get(
        "/pegawai/", {"q": "Siti & Ani", "unit": ["3", "7"], "page": "4"}
    )
    assert query_without_page(request) == "q=Siti+%26+Ani&unit=3&unit=7"


def test_query_without_page_of_a_bare_list_is_empty():
    assert query_without_page(RequestFactory().get("/pegawai/?page=2")) == ""
