from extract import extract_file
from extract.model import Line, Table
from extract.text_dump import parse_text_dump


def test_rows_lines_and_page_breaks():
    dump = "Tiêu đề\n\n1\tViệc một\t10\n\n\tcòn tiếp\t\n2\tViệc hai\t5\nHết bảng\n"
    blocks = parse_text_dump(dump)
    assert [type(b) for b in blocks] == [Line, Table, Line]
    table = blocks[1]
    assert [r.texts for r in table.rows] == [["1", "Việc một", "10"], ["", "còn tiếp", ""], ["2", "Việc hai", "5"]]
    assert [r.break_before for r in table.rows] == [False, True, False]


def test_blank_tab_only_line_is_a_break_not_a_row():
    blocks = parse_text_dump("1\ta\n\t\t\n\tb\n")
    table = blocks[0]
    assert len(table.rows) == 2 and table.rows[1].break_before


def test_seed_dump_has_the_two_plan_tables(seed_path):
    extraction = extract_file(seed_path)
    assert extraction.method == "text-dump"
    tables = extraction.tables
    assert len(tables) == 2
    provincial, education = tables
    assert provincial.rows[0].texts[0] == "2.2"
    assert provincial.rows[-1].texts[0] == "Tổng cộng" and provincial.rows[-1].texts[6] == "1.080"
    assert education.rows[0].texts[0] == "Tt"
    assert any(r.break_before for r in provincial.rows)
    assert any(line.text.startswith("(Bảng chữ") for line in extraction.lines)
