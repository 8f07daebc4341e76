"""The welcome notebook executed in a fresh kernel, its facts checked on its
outputs."""

from notebooks import cells_with, execute, text


def test_welcome():
    nb = execute("welcome.ipynb")
    assert text(cells_with(nb, 'fmt.Println("hello, world")')[0]) == "hello, world\n"
    assert text(cells_with(nb, "square(count)")[0]) == "9"
    assert "total: 6" in text(cells_with(nb, "wg.Add(1)")[0])
    [bad] = cells_with(nb, "empty[3]")
    assert "index out of range" in text(bad)
