from simerit.core.spreadsheets.text import excerpt, megabytes, name_list, thousands, upload_name

# --- numbers in Indonesian


def test_megabytes_and_thousands_are_written_the_indonesian_way():
    assert [megabytes(1572864), megabytes(5 * 1024 * 1024), megabytes(0)] == ["1,5", "5,0", "0,0"]
    assert [thousands(999), thousands(2000), thousands(1234567)] == ["999", "2.000", "1.234.567"]


def test_excerpt_puts_typed_text_on_one_line_and_cuts_it():
    assert excerpt("  Ani\n  Budi ") == "Ani Budi"
    assert excerpt("x" * 61) == "x" * 59 + "…"
    assert excerpt("x" * 60) == "x" * 60
    assert excerpt("abcdef", limit=4) == "abc…"


def test_name_list_shows_ten_shortened_names_then_the_rest_as_a_count():
    names = [f"kolom{index}" for index in range(1, 13)]

    assert name_list(["a", "b"]) == "a, b"
    assert name_list(names) == (
        "kolom1, kolom2, kolom3, kolom4, kolom5, kolom6, kolom7, kolom8, kolom9, kolom10 dan 2 "
        "lainnya"
    )
    assert name_list(["y" * 50]) == "y" * 39 + "…"


def test_upload_name_keeps_the_files_own_name_on_one_bounded_line():
    assert upload_name("C:\\unduhan\\nilai.xlsx") == "nilai.xlsx"
    assert upload_name("a/b/soal\nbaru.json") == "soal baru.json"
    assert upload_name("x" * 300) == "x" * 199 + "…"
    assert upload_name("") == ""
