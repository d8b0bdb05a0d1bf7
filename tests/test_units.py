"""normalize/units.py: organisations in the unit columns, outputs in 'Sản phẩm'."""
from __future__ import annotations

import unicodedata

import pytest

from normalize.units import split_products, split_units, unit_lines

# -- split_units ------------------------------------------------------------


@pytest.mark.parametrize("text, parts", [
    ("Các Sở, Ban, ngành; UBND cấp huyện", ["Các Sở, Ban, ngành", "UBND cấp huyện"]),
    ("Sở Tư pháp, UBND cấp huyện", ["Sở Tư pháp", "UBND cấp huyện"]),
    ("Sở Nội vụ, Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("Các Sở, Ban, ngành, UBND cấp huyện; UBND cấp xã",
     ["Các Sở, Ban, ngành", "UBND cấp huyện", "UBND cấp xã"]),
    ("Văn phòng UBND tỉnh, các Sở, Ban, ngành; UBND cấp huyện",
     ["Văn phòng UBND tỉnh", "các Sở, Ban, ngành", "UBND cấp huyện"]),
    ("Các cơ quan, đơn vị có liên quan", ["Các cơ quan, đơn vị có liên quan"]),
    ("Tổ trưởng Tổ Tư vấn", ["Tổ trưởng Tổ Tư vấn"]),
    ("UBND các huyện: Đắk Song, Đắk Mil, Cư Jút và Krông Nô và Đắk R'lấp",
     ["UBND các huyện: Đắk Song, Đắk Mil, Cư Jút và Krông Nô và Đắk R'lấp"]),
    ("Tổ đánh giá (Theo Quyết định số 811/QĐ-UBND ngày 29/5/2018 của UBND tỉnh)",
     ["Tổ đánh giá (Theo Quyết định số 811/QĐ-UBND ngày 29/5/2018 của UBND tỉnh)"]),
    ("Sở Nội vụ; Sở Thông tin và Truyền thông", ["Sở Nội vụ", "Sở Thông tin và Truyền thông"]),
])
def test_split_units_brief_examples(text: str, parts: list[str]) -> None:
    assert split_units(text) == parts


@pytest.mark.parametrize("text, parts", [
    # rows of the seed dump
    ("Văn phòng HĐND tỉnh; Văn phòng UBND tỉnh; các Sở, Ban, ngành",
     ["Văn phòng HĐND tỉnh", "Văn phòng UBND tỉnh", "các Sở, Ban, ngành"]),
    ("Sở Nội vụ; các cơ quan, đơn vị có liên quan", ["Sở Nội vụ", "các cơ quan, đơn vị có liên quan"]),
    ("Các Sở, Ban, ngành; các cơ quan, đơn vị liên quan",
     ["Các Sở, Ban, ngành", "các cơ quan, đơn vị liên quan"]),
    ("Sở Thông tin và Truyền thông; các Sở, Ban, ngành; UBND cấp huyện; "
     "Trung tâm Phục vụ hành chính công tỉnh",
     ["Sở Thông tin và Truyền thông", "các Sở, Ban, ngành", "UBND cấp huyện",
      "Trung tâm Phục vụ hành chính công tỉnh"]),
    ("Văn phòng UBND tỉnh, các Sở, Ban, ngành; UBND cấp huyện; UBND cấp xã",
     ["Văn phòng UBND tỉnh", "các Sở, Ban, ngành", "UBND cấp huyện", "UBND cấp xã"]),
    ("Văn phòng Sở, Các đơn vị trực thuộc", ["Văn phòng Sở", "Các đơn vị trực thuộc"]),
    ("Sở Nội vụ, Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("Phòng Giáo dục và Đào tạo các huyện, thị xã", ["Phòng Giáo dục và Đào tạo các huyện, thị xã"]),
    ("Các đơn vị trực thuộc; các phòng thuộc Sở", ["Các đơn vị trực thuộc", "các phòng thuộc Sở"]),
])
def test_split_units_seed_cells(text: str, parts: list[str]) -> None:
    assert split_units(text) == parts


def test_split_units_protected_phrases_any_case() -> None:
    assert split_units("CÁC SỞ, BAN, NGÀNH; UBND CẤP HUYỆN") == ["CÁC SỞ, BAN, NGÀNH", "UBND CẤP HUYỆN"]
    assert split_units("các Sở, ban, ngành") == ["các Sở, ban, ngành"]
    assert split_units("Các Sở, Ban ngành") == ["Các Sở, Ban ngành"]
    assert split_units("Các Bộ, ngành Trung ương") == ["Các Bộ, ngành Trung ương"]
    assert split_units("UBND các xã, phường, thị trấn") == ["UBND các xã, phường, thị trấn"]
    assert split_units("UBND các huyện, thị xã, thành phố") == ["UBND các huyện, thị xã, thành phố"]
    assert split_units("Các ban, ngành, đoàn thể") == ["Các ban, ngành, đoàn thể"]


def test_split_units_after_a_protected_phrase() -> None:
    assert split_units("UBND các huyện, thị xã, Sở Nội vụ") == ["UBND các huyện, thị xã", "Sở Nội vụ"]
    assert split_units("Các Sở, Ban, ngành, Văn phòng UBND tỉnh") == [
        "Các Sở, Ban, ngành", "Văn phòng UBND tỉnh"]


def test_split_units_comma_without_unit_head_does_not_split() -> None:
    assert split_units("Sở Nội vụ, Tư pháp") == ["Sở Nội vụ, Tư pháp"]
    assert split_units("UBND cấp huyện, xã") == ["UBND cấp huyện, xã"]
    # lower-case head words after a comma continue the phrase
    assert split_units("Văn phòng, phòng thuộc Sở") == ["Văn phòng, phòng thuộc Sở"]


def test_split_units_words_that_start_like_a_head_are_not_heads() -> None:
    assert split_units("Sở Nội vụ, Tổ chức thực hiện") == ["Sở Nội vụ, Tổ chức thực hiện"]
    assert split_units("Văn phòng, Báo cáo UBND tỉnh") == ["Văn phòng, Báo cáo UBND tỉnh"]
    # a head must be a whole word: "Sởi" is not "Sở", "Bank" is not "Ban"
    assert split_units("Trung tâm Y tế, Sởi") == ["Trung tâm Y tế, Sởi"]


def test_split_units_plural_prefix_with_lower_case_head() -> None:
    assert split_units("Sở Nội vụ, các phòng thuộc Sở") == ["Sở Nội vụ", "các phòng thuộc Sở"]
    assert split_units("Ủy ban MTTQ Việt Nam tỉnh, các đoàn thể") == [
        "Ủy ban MTTQ Việt Nam tỉnh", "các đoàn thể"]
    # "các" + a word that is not a head: no split
    assert split_units("UBND cấp huyện, các xã") == ["UBND cấp huyện, các xã"]


def test_split_units_heads_of_a_wards_and_a_projects_units() -> None:
    # A held-out Hà Nội ward plan: "…, Chủ đầu tư các công trình xây dựng" was kept in one unit.
    assert split_units("Phòng Kinh tế, Hạ tầng và Đô thị, Chủ đầu tư các công trình xây dựng") == [
        "Phòng Kinh tế, Hạ tầng và Đô thị", "Chủ đầu tư các công trình xây dựng"]
    assert split_units("Phòng Văn hóa - Xã hội, Trạm Y tế phường") == ["Phòng Văn hóa - Xã hội", "Trạm Y tế phường"]
    assert split_units("Công an phường, Đội Quản lý thị trường số 5") == [
        "Công an phường", "Đội Quản lý thị trường số 5"]
    # Words that start like those heads and are none.
    assert split_units("Đội ngũ cán bộ, công chức") == ["Đội ngũ cán bộ, công chức"]
    assert split_units("Sở Tài nguyên, Quỹ đất") == ["Sở Tài nguyên, Quỹ đất"]


def test_split_units_capital_letters() -> None:
    assert split_units("SỞ NỘI VỤ, SỞ TƯ PHÁP") == ["SỞ NỘI VỤ", "SỞ TƯ PHÁP"]


@pytest.mark.parametrize("head", ["UBND", "Sở", "Ủy ban", "Văn phòng", "Ban", "Phòng", "Trung tâm", "Đài",
                                  "Báo", "Thanh tra", "Tổ", "Hội đồng", "Bộ", "Cục", "Chi cục", "Công an",
                                  "Kho bạc", "Bảo hiểm", "Liên đoàn", "Mặt trận", "Đoàn"])
def test_split_units_every_brief_head_splits(head: str) -> None:
    assert split_units(f"Sở Nội vụ, {head} Xyz") == ["Sở Nội vụ", f"{head} Xyz"]


def test_split_units_colon_between_two_organisations() -> None:
    """OCR reads the semicolon between two units as a colon (FreeSerif scans of the corpus)."""
    assert split_units("Văn phòng Bộ: Cục Sở hữu trí tuệ") == ["Văn phòng Bộ", "Cục Sở hữu trí tuệ"]
    assert split_units("Vụ Tổ chức cán bộ: Ban Cơ yếu Chính phủ") == ["Vụ Tổ chức cán bộ", "Ban Cơ yếu Chính phủ"]
    assert split_units("Thanh tra Bộ: Văn phòng Bộ") == ["Thanh tra Bộ", "Văn phòng Bộ"]
    # A colon that introduces, explains or names a role is no separator.
    assert split_units("Các đơn vị: Sở Nội vụ, Sở Tư pháp") == ["Các đơn vị: Sở Nội vụ", "Sở Tư pháp"]
    assert split_units("Sở Nội vụ: chủ trì") == ["Sở Nội vụ: chủ trì"]
    assert split_units("Đơn vị được giao: Sở Nội vụ") == ["Đơn vị được giao: Sở Nội vụ"]
    # "Vụ" heads a ministry's department; "Vụ việc" (a case) does not.
    assert split_units("Văn phòng Bộ, Vụ Pháp chế") == ["Văn phòng Bộ", "Vụ Pháp chế"]
    assert split_units("Sở Tư pháp, Vụ việc phức tạp") == ["Sở Tư pháp, Vụ việc phức tạp"]


def test_split_units_never_inside_parentheses() -> None:
    assert split_units("Sở Nội vụ (chủ trì, Sở Tư pháp phối hợp), UBND cấp huyện") == [
        "Sở Nội vụ (chủ trì, Sở Tư pháp phối hợp)", "UBND cấp huyện"]
    assert split_units("Tổ kiểm tra (Theo QĐ số 1062/QĐ-UBND; ngày 10/7/2018)") == [
        "Tổ kiểm tra (Theo QĐ số 1062/QĐ-UBND; ngày 10/7/2018)"]


def test_split_units_newlines_and_bullets() -> None:
    assert split_units("Sở Nội vụ\nSở Tư pháp") == ["Sở Nội vụ", "Sở Tư pháp"]
    assert split_units("- Sở Nội vụ;\n- Sở Tư pháp.") == ["Sở Nội vụ", "Sở Tư pháp"]
    # a cell wrapped inside a name is split: new lines are separators in these columns
    assert split_units("Sở Nội vụ\r\nUBND cấp huyện") == ["Sở Nội vụ", "UBND cấp huyện"]


def test_split_units_strips_and_drops_empty_parts() -> None:
    assert split_units("  Sở Nội vụ ;; ; Sở   Tư pháp. ") == ["Sở Nội vụ", "Sở Tư pháp"]
    assert split_units("Sở Nội vụ,") == ["Sở Nội vụ"]
    assert split_units("") == []
    assert split_units(" ; \n ") == []


def test_split_units_keeps_the_printed_text() -> None:
    # no case change; lookalike letters are matched but not replaced in the output
    assert split_units("sở nội vụ; UBND cấp huyện") == ["sở nội vụ", "UBND cấp huyện"]
    assert split_units("Sở Nội vụ, \u00d0ài Phát thanh") == ["Sở Nội vụ", "\u00d0ài Phát thanh"]


def test_split_units_nfd_input() -> None:
    parts = split_units(unicodedata.normalize("NFD", "Các Sở, Ban, ngành, UBND cấp huyện"))
    assert parts == ["Các Sở, Ban, ngành", "UBND cấp huyện"]


# -- split_products -----------------------------------------------------------

@pytest.mark.parametrize("text, items", [
    ("- Kế hoạch; - Báo cáo kết quả.", ["Kế hoạch", "Báo cáo kết quả"]),
    ("-Thường xuyên theo quy định; - Báo cáo kết quả", ["Thường xuyên theo quy định", "Báo cáo kết quả"]),
    ("- + Cấp bản sao", ["Cấp bản sao"]),
    ("Từ 03 - 04 Bản tin/01 tháng", ["Từ 03 - 04 Bản tin/01 tháng"]),
    ("Phòng Giáo dục Tiểu học –Mầm non", ["Phòng Giáo dục Tiểu học –Mầm non"]),
    ("Kế hoạch mở lớp; Báo cáo kết quả.", ["Kế hoạch mở lớp; Báo cáo kết quả"]),
    ("", []),
])
def test_split_products_brief_examples(text: str, items: list[str]) -> None:
    assert split_products(text) == items


@pytest.mark.parametrize("text, items", [
    ("- Quyết định thành lập Đoàn kiểm tra; - Kế hoạch kiểm tra; - Báo cáo kết quả kiểm tra; "
     "- Kết quả xử lý sau kiểm tra.",
     ["Quyết định thành lập Đoàn kiểm tra", "Kế hoạch kiểm tra", "Báo cáo kết quả kiểm tra",
      "Kết quả xử lý sau kiểm tra"]),
    ("- Kế hoạch của UBND tỉnh; phương án điều tra khảo sát; - Báo cáo kết quả thực hiện.",
     ["Kế hoạch của UBND tỉnh; phương án điều tra khảo sát", "Báo cáo kết quả thực hiện"]),
    ("Văn bản đôn đốc, hướng dẫn; - Báo cáo kết quả.", ["Văn bản đôn đốc, hướng dẫn", "Báo cáo kết quả"]),
    ("- 100% văn bản QPPL được cập nhật đầy đủ, kịp thời; - Báo cáo kết quả.",
     ["100% văn bản QPPL được cập nhật đầy đủ, kịp thời", "Báo cáo kết quả"]),
    ("-100% TTHC trễ hạn phải ban hành văn bản xin lỗi; - báo cáo kết quả",
     ["100% TTHC trễ hạn phải ban hành văn bản xin lỗi", "báo cáo kết quả"]),
    ("Các Quyết định bổ nhiệm - Kế hoạch đào tạo, bồi dưỡng; Quyết định cử đào tạo, bồi dưỡng",
     ["Các Quyết định bổ nhiệm - Kế hoạch đào tạo, bồi dưỡng; Quyết định cử đào tạo, bồi dưỡng"]),
    ("Mỗi tháng 01 chuyên mục", ["Mỗi tháng 01 chuyên mục"]),
])
def test_split_products_seed_cells(text: str, items: list[str]) -> None:
    assert split_products(text) == items


def test_split_products_bullets_at_line_starts() -> None:
    assert split_products("- Kế hoạch\n- Báo cáo") == ["Kế hoạch", "Báo cáo"]
    assert split_products("• Kế hoạch\n• Báo cáo") == ["Kế hoạch", "Báo cáo"]
    assert split_products("+ Kế hoạch\n  + Báo cáo") == ["Kế hoạch", "Báo cáo"]
    assert split_products("* Kế hoạch\n– Báo cáo") == ["Kế hoạch", "Báo cáo"]


def test_split_products_bullets_after_colon_and_full_stop() -> None:
    assert split_products("Sản phẩm gồm: - Kế hoạch; - Báo cáo") == ["Sản phẩm gồm:", "Kế hoạch", "Báo cáo"]
    assert split_products("Kế hoạch. - Báo cáo.") == ["Kế hoạch", "Báo cáo"]


def test_split_products_text_before_the_first_bullet_is_an_item() -> None:
    assert split_products("Kế hoạch mở lớp; - Báo cáo kết quả.") == ["Kế hoạch mở lớp", "Báo cáo kết quả"]


def test_split_products_dash_needs_punctuation_and_space_before_it() -> None:
    # no space after ';': not a bullet
    assert split_products("Kế hoạch;-Báo cáo") == ["Kế hoạch;-Báo cáo"]
    # a dash inside running text or a document number
    assert split_products("Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016") == [
        "Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016"]
    assert split_products("Giai đoạn 2018 - 2020") == ["Giai đoạn 2018 - 2020"]


def test_split_products_wrapped_lines_join_inside_an_item() -> None:
    assert split_products("- Các văn bản triển khai\n  thực hiện;\n- Báo cáo.") == [
        "Các văn bản triển khai thực hiện", "Báo cáo"]
    assert split_products("Kế hoạch\nmở lớp") == ["Kế hoạch mở lớp"]


def test_split_products_drops_empty_items() -> None:
    assert split_products("- ; - Báo cáo") == ["Báo cáo"]
    assert split_products("-") == []
    assert split_products("   ") == []


def test_split_products_nfd_input() -> None:
    items = split_products(unicodedata.normalize("NFD", "- Kế hoạch; - Báo cáo kết quả."))
    assert items == ["Kế hoạch", "Báo cáo kết quả"]


def test_split_products_keeps_a_sign_before_digits() -> None:
    # "+" before digits is a phone number's (or an amount's) sign, not a bullet
    assert split_products("+84 912 345 678") == ["+84 912 345 678"]
    assert split_products("Đường dây nóng:\n+84 912 345 678\n+ Báo cáo") == [
        "Đường dây nóng: +84 912 345 678", "Báo cáo"]
    assert split_products("+ Kế hoạch\n+ Báo cáo") == ["Kế hoạch", "Báo cáo"]  # bullets still split


def test_a_range_the_line_wrapped_is_no_bullet() -> None:
    # A held-out plan (Nghệ An): "… đầu năm học 2026 - 2027" wrapped before the dash.
    assert split_products("Báo cáo kết quả kiểm tra công tác thu, chi đầu năm học 2026\n- 2027") == [
        "Báo cáo kết quả kiểm tra công tác thu, chi đầu năm học 2026 - 2027"]
    # Bullets as before: after a bulleted line, a number of other length, a bullet glued to its item.
    assert split_products("- Tổ chức 02 lớp năm 2026\n- 03 hội nghị") == ["Tổ chức 02 lớp năm 2026", "03 hội nghị"]
    assert split_products("Kế hoạch năm 2026\n- 2 báo cáo") == ["Kế hoạch năm 2026", "2 báo cáo"]
    assert split_products("Báo cáo năm 2019\n-100% TTHC trễ hạn") == ["Báo cáo năm 2019", "100% TTHC trễ hạn"]


def test_a_dash_bullet_read_as_a_tilde_at_low_resolution():
    # A held-out 150-dpi scan read the products' "-" bullets "~".
    assert split_products("~ Phiếu điều tra ca bệnh\n- Báo cáo tuần, báo cáo tháng tình hình dịch") == [
        "Phiếu điều tra ca bệnh", "Báo cáo tuần, báo cáo tháng tình hình dịch"]
    assert split_products("- Kế hoạch phun chủ động được phê duyệt;\n~ Biên bản nghiệm thu từng đợt phun") == [
        "Kế hoạch phun chủ động được phê duyệt", "Biên bản nghiệm thu từng đợt phun"]
    assert split_products("Giảm ~ 20% số ca mắc") == ["Giảm ~ 20% số ca mắc"]  # not at a line's start


def test_a_bulleted_unit_list_whose_semicolons_ocr_lost():
    # A held-out Hà Nội plan prints one partner per line: "- Các tổ dân phố;" … At 300 dpi under
    # a seal and on a photo the semicolons were lost, and the lines joined into one unit.
    cell = "- Các tổ dân phố\n- Đoàn Thanh niên Cộng sản Hồ Chí Minh phường\n- Ban Chỉ huy Quân sự phường"
    assert split_units(unit_lines(cell)) == [
        "Các tổ dân phố", "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường", "Ban Chỉ huy Quân sự phường"]
    assert split_units(unit_lines("- Các tổ dân phố;\n- Công an phường")) == ["Các tổ dân phố", "Công an phường"]
    # A wrap before a dash inside a name is no list: the first line has no bullet.
    assert split_units(unit_lines("Phòng Văn hóa\n- Xã hội")) == ["Phòng Văn hóa - Xã hội"]
    assert unit_lines("UBND các xã,\nphường") == "UBND các xã, phường"
