"""Tests for normalize/documents/: documents and item lists in running text."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extract import extract_file
from extract.model import Line
from normalize.documents import find_citations, parse_documents, parse_lists
from normalize.model import Document
from normalize.plan import normalize

SEED = Path(__file__).resolve().parents[2] / "shared/seed/dak-nong-cchc-2019.ocr.txt"
#: ../shared/realdocs/ relative to the repository root.
REALDOCS = Path(__file__).resolve().parents[2] / "shared/realdocs"


def _lines(text: str, page: int | None = None) -> list[Line]:
    """Running-text lines of a dump: table rows (tab-separated) and blanks dropped."""
    return [Line(raw.strip(), page=page) for raw in text.splitlines() if "\t" not in raw and raw.strip()]


@pytest.fixture(scope="module")
def seed_lines() -> list[Line]:
    if not SEED.exists():
        pytest.skip(f"the seed OCR dump is not at {SEED} (it lives in ../shared next to the repo)")
    return _lines(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_docs(seed_lines: list[Line]) -> list[Document]:
    return parse_documents(seed_lines)


def _by_number(docs: list[Document], prefix: str) -> Document:
    found = [d for d in docs if d.number and d.number.startswith(prefix)]
    assert len(found) == 1, [d.number for d in docs]
    return found[0]


# The seed bundle ----------------------------------------------------------------


def test_seed_splits_into_four_documents(seed_docs: list[Document]) -> None:
    assert [(d.kind, d.number) for d in seed_docs] == [
        ("Công văn", "104/SGDDĐT-VP"),
        ("Quyết định", "2070/QĐ-UBND"),  # decision 2070: header lost, number inferred
        ("Quyết định", "1657/QĐ-SGD&ĐT"),
        ("Kế hoạch", None),  # the plan attached to decision 1657
    ]


def test_seed_letter_104(seed_docs: list[Document]) -> None:
    letter = _by_number(seed_docs, "104/")
    assert letter.kind == "Công văn"
    assert letter.number == "104/SGDDĐT-VP"  # spaces removed, OCR letters kept
    assert letter.date == "2019-01-16"
    assert letter.place == "Đắk Nông"
    assert letter.issuer == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert letter.subject == "V/v triển khai công tác cải cách hành chính năm 2019"
    assert letter.addressees == ["Các đơn vị trực thuộc", "Các Phòng thuộc Sở"]
    assert letter.recipients == ["Như trên", "Sở Nội vụ", "Lãnh đạo Sở", "Lưu: VT, VP"]
    assert letter.signer_title == "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC"
    assert letter.signer == "Trần Sĩ Thành"
    cites = {c.number: c for c in letter.cites}
    assert set(cites) == {"51/SNV-CCHC", "2070/QĐ-UBND", "1657/QĐ-SGDĐT"}
    assert cites["51/SNV-CCHC"].kind == "Công văn"
    assert cites["51/SNV-CCHC"].date == "2019-11-08"  # as printed (after the letter's own date)
    assert cites["51/SNV-CCHC"].text == "công văn số 51/SNV-CCHC Ngày 08/11/2019"
    assert cites["2070/QĐ-UBND"].date == "2018-12-13"
    assert cites["1657/QĐ-SGDĐT"].date == "2018-12-28"
    assert all(c.role == "cites" for c in letter.cites)


def test_seed_decision_2070_without_header(seed_docs: list[Document]) -> None:
    decision = seed_docs[1]
    assert decision.kind == "Quyết định"
    assert decision.date == "2018-12-13"  # from the digital-signature stamp
    assert decision.place is None
    assert decision.issuer == "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG"
    assert decision.subject == "Về việc ban hành Kế hoạch cải cách hành chính tỉnh Đắk Nông năm 2019"
    assert decision.signer == "Cao Huy"
    assert decision.signer_title is None  # the capacity lines did not survive the scan
    assert decision.recipients[0] == "Như Điều 3"
    assert decision.recipients[-1] == "Lưu: VT, CTTĐT, KSTT, HCQT, KTKH, NC"
    assert len(decision.recipients) == 12
    got = [(c.kind, c.number, c.date) for c in decision.cites]
    assert got == [
        ("Luật", "", "2015-06-19"),
        ("Nghị quyết", "30c/NQ-CP", "2011-11-08"),
        ("Nghị quyết", "76/NQ-CP", "2013-06-13"),
        ("Quyết định", "225/QĐ-TTg", "2016-02-04"),
        ("Quyết định", "963/QĐ-UBND", "2016-06-17"),
        ("Kế hoạch", "269/KH-UBND", "2018-06-06"),
        ("Tờ trình", "579/TTr-SNV", "2018-12-03"),
    ]
    assert decision.cites[0].text == "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    assert decision.cites[1].text == "Nghị quyết số 30c/NQ-CP ngày 08 tháng 11 năm 2011"


def test_seed_decision_2070_number_inferred_from_decision_1657(seed_docs: list[Document]) -> None:
    # The dump's decision 2070 starts at its title "QUYẾT ĐỊNH" (line 50): the
    # agency block and "Số:" line of its first page are lost. Decision 1657
    # (line 234 of the dump) cites it by kind, date, issuer and subject:
    # "Căn cứ Quyết định số 2070/QĐ-UBND ngày 13 tháng 12 năm 2018 của Ủy ban
    # nhân dân tỉnh Đắk Nông về việc ban hành Kế hoạch cải cách hành chính
    # tỉnh Đắk Nông năm 2019;". Letter 104 cites it too, but "về Kế hoạch CCHC
    # tỉnh năm 2019" is not its subject as printed, so that mention is not used.
    decision = seed_docs[1]
    assert decision.number == "2070/QĐ-UBND"
    inferred = decision.number_inferred
    assert inferred is not None and inferred.inferred is True
    assert inferred.cited_by_document == 2
    assert (inferred.cited_by_kind, inferred.cited_by_number) == ("Quyết định", "1657/QĐ-SGD&ĐT")
    assert inferred.citation == (
        "Quyết định số 2070/QĐ-UBND ngày 13 tháng 12 năm 2018 của Ủy ban nhân dân tỉnh Đắk Nông "
        "về việc ban hành Kế hoạch cải cách hành chính tỉnh Đắk Nông năm 2019"
    )
    assert inferred.matched == ["kind", "date", "subject", "issuer"]
    # Numbers read from a "Số:" line are not marked; the attached plan has no number of its own.
    assert [d.number_inferred for d in seed_docs if d is not decision] == [None, None, None]
    assert seed_docs[3].number is None


def test_seed_decision_1657(seed_docs: list[Document]) -> None:
    decision = _by_number(seed_docs, "1657/")
    assert decision.kind == "Quyết định"
    assert decision.date == "2018-12-28"
    assert decision.place == "Đắk Nông"
    assert decision.issuer == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert decision.subject == (
        "V/v ban hành Kế hoạch công tác cải cách hành chính năm 2019 "
        "Của Sở Giáo dục và Đào tạo tỉnh Đắk Nông"
    )
    assert decision.signer == "Trần Sĩ Thành"
    assert decision.signer_title == "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC"  # printed "KT.GIÁM ĐỐC"
    assert decision.recipients == [
        "Theo Điều 3", "UBND tỉnh (để b/cáo)", "Sở Nội vụ (để b/cáo)",
        "Các đơn vị trực thuộc", "Website Sở", "Lưu VT,VP",
    ]
    assert [(c.number, c.date) for c in decision.cites] == [
        ("09/2016/QĐ-UBND", "2016-03-15"),
        ("963/QĐ-UBND", "2016-06-17"),
        ("2070/QĐ-UBND", "2018-12-13"),
    ]


def test_seed_attached_plan(seed_docs: list[Document]) -> None:
    plan = seed_docs[3]
    assert plan.kind == "Kế hoạch"
    assert plan.number is None
    assert plan.subject == "KẾ HOẠCH CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2019"
    assert plan.issuer == "Sở Giáo dục và Đào tạo"  # from the caption "(… của Sở …)"
    attached = [c for c in plan.cites if c.role == "attached_to"]
    assert len(attached) == 1
    assert attached[0].kind == "Quyết định"
    assert attached[0].number == "1657/QĐ-SGDĐT"
    assert attached[0].date == "2019-12-28"  # as printed; the decision says 2018
    assert attached[0].text.startswith("Kèm theo Quyết định số: 1657/QĐ-SGDĐT")
    body = {c.number: c.date for c in plan.cites if c.role == "cites"}
    assert body == {
        "30c/NQ-CP": None,
        "963/QĐ-UBND": "2016-06-17",
        "02/KH-UBND": "2016-12-05",
        "61/2018/NĐ-CP": "2018-04-23",
    }
    # The list after the plan is not part of it.
    assert "34/QĐ-UBND" not in body


def test_seed_online_services_list(seed_lines: list[Line]) -> None:
    lists = parse_lists(seed_lines)
    assert len(lists) == 1
    found = lists[0]
    assert found.title.startswith(
        "DANH SÁCH CÁC THỦ TỤC HÀNH CHÍNH ÁP DỤNG DỊCH VỤ CÔNG TRỰC TUYẾN MỨC ĐỘ 3,4 "
        "LĨNH VỰC GIÁO DỤC VÀ ĐÀO TẠO"
    )
    assert "1524/QĐ-UBND ngày 25/9/2018)" in found.title
    assert [len(g.items) for g in found.groups] == [9, 6]
    assert found.groups[0].heading.startswith("1. Các thủ tục cung cấp dịch vụ công trực tuyến mức độ 3")
    assert found.groups[0].items[0] == "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc"
    assert found.groups[0].items[-1] == "Xét tuyển học sinh vào trường dự bị đại học"
    assert found.groups[1].items[-1] == (
        "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp"
    )


def test_seed_letter_alone_has_no_list(seed_lines: list[Line]) -> None:
    # Letter 104's numbered paragraphs and Nơi nhận bullets are not a list.
    end = next(i for i, line in enumerate(seed_lines) if line.text == "QUYẾT ĐỊNH")
    assert parse_lists(seed_lines[:end]) == []


# Other provinces' documents ----------------------------------------------------------

BINH_DUONG_PLAN = """\
ỦY BAN NHÂN DÂN
TỈNH BÌNH DƯƠNG
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình Dương, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Thực hiện công tác cải cách hành chính năm 2024
Căn cứ Quyết định số 1234/QĐ-TTg ngày 02/11/2023 của Thủ tướng Chính phủ;
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao chất lượng, hiệu quả công tác cải cách hành chính.
II. NHIỆM VỤ
1. Các sở, ban, ngành thực hiện theo Thông tư liên tịch số 12/2015/TTLT-BTC-BNV ngày 01/02/2015.
Nơi nhận:
- Bộ Nội vụ;
- Các Sở, Ban, ngành;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def test_binh_duong_plan() -> None:
    docs = parse_documents(_lines(BINH_DUONG_PLAN, page=1))
    assert len(docs) == 1
    plan = docs[0]
    assert plan.kind == "Kế hoạch"
    assert plan.number == "12/KH-UBND"
    assert plan.date == "2024-03-05"
    assert plan.place == "Bình Dương"
    assert plan.issuer == "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG"
    assert plan.subject == "Thực hiện công tác cải cách hành chính năm 2024"
    assert plan.signer_title == "TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH"
    assert plan.signer == "Nguyễn Văn A"
    assert plan.recipients == ["Bộ Nội vụ", "Các Sở, Ban, ngành", "Lưu: VT"]
    assert plan.pages == [1]
    assert [(c.kind, c.number, c.date) for c in plan.cites] == [
        ("Quyết định", "1234/QĐ-TTg", "2023-11-02"),
        ("Thông tư liên tịch", "12/2015/TTLT-BTC-BNV", "2015-02-01"),
    ]
    # A plan's sections are not a list.
    assert parse_lists(_lines(BINH_DUONG_PLAN)) == []


GLUED_LETTER = """\
UBND HUYỆN CHƯ SÊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHÒNG NỘI VỤ Độc lập - Tự do - Hạnh phúc
Số: 45 / PNV-TCCB Chư Sê, ngày 3 tháng 4 năm 2023
V/v báo cáo kết quả cải cách
hành chính quý I năm 2023
Kính gửi: Ủy ban nhân dân huyện Chư Sê
Thực hiện Văn bản số 310/UBND-NC ngày 20/3/2023 của UBND huyện, Phòng Nội vụ báo cáo như sau:
1. Đã ban hành Kế hoạch số 15/KH-PNV ngày 10/01/2023.
2. Kết quả khác theo Công văn 88/SNV-CCHC của Sở Nội vụ.
Nơi nhận: TRƯỞNG PHÒNG
- Như trên;
- Lưu: VT.
Lê Thị Bích
"""


def test_two_column_header_glued_by_ocr() -> None:
    docs = parse_documents(_lines(GLUED_LETTER))
    assert len(docs) == 1
    letter = docs[0]
    assert letter.kind == "Công văn"
    assert letter.number == "45/PNV-TCCB"
    assert letter.date == "2023-04-03"
    assert letter.place == "Chư Sê"
    assert letter.issuer == "PHÒNG NỘI VỤ"
    assert letter.subject == "V/v báo cáo kết quả cải cách hành chính quý I năm 2023"
    assert letter.addressees == ["Ủy ban nhân dân huyện Chư Sê"]
    assert letter.recipients == ["Như trên", "Lưu: VT"]
    assert letter.signer_title == "TRƯỞNG PHÒNG"
    assert letter.signer == "Lê Thị Bích"
    assert [(c.kind, c.number, c.date) for c in letter.cites] == [
        ("Văn bản", "310/UBND-NC", "2023-03-20"),
        ("Kế hoạch", "15/KH-PNV", "2023-01-10"),
        ("Công văn", "88/SNV-CCHC", None),
    ]


SUBMISSION_AND_DECISION = """\
SỞ NỘI VỤ
TỈNH LÂM ĐỒNG
Số: 579/TTr-SNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TP. Đà Lạt, ngày 03/12/2018
TỜ TRÌNH
Về việc đề nghị ban hành Kế hoạch cải cách hành chính năm 2019
Kính gửi:
- Ủy ban nhân dân tỉnh;
- Chủ tịch UBND tỉnh.
Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;
Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, ban hành./.
Nơi nhận:
- Như trên;
- Lưu: VT, CCHC.
GIÁM ĐỐC
Phạm Minh Đức
ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 2500/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Lâm Đồng, ngày 20 tháng 12 năm 2018
QUYẾT ĐỊNH
Ban hành Kế hoạch cải cách hành chính năm 2019
ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 579/TTr-SNV ngày 03/12/2018,
QUYẾT ĐỊNH
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2019.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Hiệp
KẾ HOẠCH
Cải cách hành chính năm 2019
(Ban hành kèm theo Quyết định số 2500/QĐ-UBND
ngày 20/12/2018 của Ủy ban nhân dân tỉnh Lâm Đồng)
I. MỤC TIÊU
"""


def test_submission_then_decision_then_attached_plan() -> None:
    docs = parse_documents(_lines(SUBMISSION_AND_DECISION))
    assert [(d.kind, d.number) for d in docs] == [
        ("Tờ trình", "579/TTr-SNV"),
        ("Quyết định", "2500/QĐ-UBND"),  # "QUYẾT ĐỊNH" before "Điều 1." does not split it
        ("Kế hoạch", None),
    ]
    submission, decision, plan = docs
    assert submission.issuer == "SỞ NỘI VỤ TỈNH LÂM ĐỒNG"
    assert submission.place == "TP. Đà Lạt"
    assert submission.date == "2018-12-03"
    assert submission.subject == "Về việc đề nghị ban hành Kế hoạch cải cách hành chính năm 2019"
    assert submission.addressees == ["Ủy ban nhân dân tỉnh", "Chủ tịch UBND tỉnh"]
    assert submission.signer_title == "GIÁM ĐỐC"
    assert submission.signer == "Phạm Minh Đức"
    assert [(c.kind, c.number, c.date, c.text) for c in submission.cites] == [
        ("Luật", "", None, "Luật Tổ chức chính quyền địa phương năm 2015"),
        ("Nghị định", "30/2020/NĐ-CP", "2020-03-05", "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020"),
    ]
    assert decision.issuer == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert decision.subject == "Ban hành Kế hoạch cải cách hành chính năm 2019"
    assert decision.signer_title == "TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH"
    assert decision.signer == "Trần Văn Hiệp"
    assert [(c.number, c.date) for c in decision.cites] == [("579/TTr-SNV", "2018-12-03")]
    assert plan.subject == "Cải cách hành chính năm 2019"
    assert plan.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert [(c.role, c.number, c.date) for c in plan.cites] == [("attached_to", "2500/QĐ-UBND", "2018-12-20")]
    assert "kèm theo" in plan.cites[0].text.casefold()


def test_kind_from_type_code_and_decomposed_text() -> None:
    # The title line is lost; the text layer is NFD with the look-alike Ð in "QÐ".
    text = unicodedata.normalize("NFD", (
        "ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK MIL\nSố: 7/QÐ-UBND\nĐắk Mil, ngày 09 tháng 01 năm 2020\n"
        "Căn cứ Quyết định số 1/QĐ-UBND ngày 02/01/2020;\nĐiều 1. Thành lập Tổ công tác.\n"
    ))
    docs = parse_documents(_lines(text))
    assert len(docs) == 1
    assert docs[0].kind == "Quyết định"
    assert docs[0].number == "7/QÐ-UBND"  # printed letters are kept
    assert docs[0].date == "2020-01-09"
    assert docs[0].place == "Đắk Mil"
    assert docs[0].issuer == "ỦY BAN NHÂN DÂN HUYỆN ĐẮK MIL"
    assert [c.number for c in docs[0].cites] == ["1/QĐ-UBND"]


def test_stamp_with_label_and_time_on_one_line() -> None:
    text = (
        "Số: 88/UBND-KT\nV/v góp ý dự thảo\nKính gửi: Sở Tư pháp\nNội dung góp ý.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        "Người ký: Ủy ban Nhân dân tỉnh Bình Phước\nThời gian ký: 07.05.2021 15:02:11 +07:00\n"
        "Trần Tuệ Hiền\n"
    )
    docs = parse_documents(_lines(text))
    assert len(docs) == 1
    assert docs[0].kind == "Công văn"
    assert docs[0].date == "2021-05-07"
    assert docs[0].signer == "Trần Tuệ Hiền"
    assert docs[0].signer_title is None


def test_find_citations_general_numbers() -> None:
    text = (
        "Thực hiện Chỉ thị số 07/CT-TTg ngày 14/5/2018, Luật số 77/2015/QH13 và "
        "Quyết định số 12/QĐ-SGD&ĐT ngày 1 tháng 2 năm 2019, công văn số 1360/SGDĐT\n"
        "ngày 01/8/2017; Pháp lệnh Ưu đãi người có công ngày 09 tháng 12 năm 2020."
    )
    got = [(c.kind, c.number, c.date) for c in find_citations(text)]
    assert got == [
        ("Chỉ thị", "07/CT-TTg", "2018-05-14"),
        ("Luật", "77/2015/QH13", None),
        ("Quyết định", "12/QĐ-SGD&ĐT", "2019-02-01"),
        ("Công văn", "1360/SGDĐT", "2017-08-01"),  # the date on the next line
        ("Pháp lệnh", "", "2020-12-09"),
    ]


def test_invalid_date_is_none() -> None:
    assert find_citations("Quyết định số 5/QĐ-UBND ngày 31/02/2019")[0].date is None


# Lists ------------------------------------------------------------------------------

def test_list_with_heading_over_two_lines_and_plain_bullets() -> None:
    text = (
        "DANH MỤC CÁC NHIỆM VỤ\nTRỌNG TÂM NĂM 2024\n"
        "- Rà soát thủ tục hành chính;\n+ Số hóa hồ sơ,\nkết quả giải quyết;\n- Đánh giá Chỉ số CCHC.\n"
        "Số: 3/TB-UBND\n"
    )
    lists = parse_lists(_lines(text))
    assert len(lists) == 1
    assert lists[0].title == "DANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM NĂM 2024"
    assert [g.heading for g in lists[0].groups] == [""]
    assert lists[0].groups[0].items == [
        "Rà soát thủ tục hành chính",
        "Số hóa hồ sơ, kết quả giải quyết",
        "Đánh giá Chỉ số CCHC",
    ]
    # The "Số:" line after the list starts a document that does not contain it.
    docs = parse_documents(_lines(text))
    assert [(d.kind, d.number) for d in docs] == [("Thông báo", "3/TB-UBND")]


def test_numbered_list_without_bullets() -> None:
    text = "DANH SÁCH ĐƠN VỊ\n1. Trường THPT Gia Nghĩa;\n2. Trường THPT Chu Văn An.\n"
    lists = parse_lists(_lines(text, page=4))
    assert [g.items for g in lists[0].groups] == [["Trường THPT Gia Nghĩa", "Trường THPT Chu Văn An"]]
    assert lists[0].pages == [4]


def test_bullets_without_list_heading_are_not_a_list() -> None:
    text = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n1. Nhiệm vụ một;\n- việc a;\n"
    assert parse_lists(_lines(text)) == []


TWO_COLUMN_FOOT = """\
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch cải cách hành chính tỉnh Đắk Nông năm 2019
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG
Căn cứ Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương
ngày 22 tháng 11 năm 2019;
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính.
Nơi nhận: KT. CHỦ TỊCH
- Như Điều 3; PHÓ CHỦ TỊCH
- Bộ Nội vụ (b/c);
- TT. Tỉnh ủy; Ủy ban Nhân dân
tỉnh Đắk Nông
- TT. HĐND tỉnh;
Tỉnh Đắk Nông
- CT, các PCT UBND tỉnh; 13.12.2018
- Các CQTW đóng trên địa bàn tỉnh; 10:44:59 +07:00
Cao Huy
- Lưu: VT, NC.
"""


def test_two_column_foot_read_across() -> None:
    # A text layer reads the foot across both columns: capacity, the digital
    # stamp and the signer's name are glued to or wedged between recipients.
    docs = parse_documents(_lines(TWO_COLUMN_FOOT))
    assert len(docs) == 1
    decision = docs[0]
    assert decision.recipients == [
        "Như Điều 3", "Bộ Nội vụ (b/c)", "TT. Tỉnh ủy", "TT. HĐND tỉnh",
        "CT, các PCT UBND tỉnh", "Các CQTW đóng trên địa bàn tỉnh", "Lưu: VT, NC",
    ]
    assert decision.signer_title == "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH"
    assert decision.signer == "Cao Huy"
    assert decision.date == "2018-12-13"
    # The wrapped "Căn cứ" line is one citation, its date on the next line.
    assert [(c.kind, c.date, c.text) for c in decision.cites] == [(
        "Luật", "2019-11-22",
        "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019",
    )]


# A document's number from a citation in the same file -------------------------------

LETTER_THEN_DECISION = """\
SỞ NỘI VỤ
TỈNH GIA LAI
Số: 210/SNV-CCHC
Gia Lai, ngày 10 tháng 3 năm 2024
V/v triển khai kế hoạch chuyển đổi số
Kính gửi: Các phòng thuộc Sở
Căn cứ {cite};
Sở Nội vụ đề nghị các phòng triển khai thực hiện.
Nơi nhận:
- Như trên;
- Lưu: VT.
GIÁM ĐỐC
Nguyễn Văn Bình
{number}QUYẾT ĐỊNH
Về việc ban hành Kế hoạch chuyển đổi số tỉnh Gia Lai năm 2024
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số.
Nơi nhận:
- Như Điều 1;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
05.03.2024 09:12:00 +07:00
Trần Văn Hải
"""
CITE_2024 = ("Quyết định số 118/QĐ-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh Gia Lai "
             "về việc ban hành Kế hoạch chuyển đổi số tỉnh Gia Lai năm 2024")


def _decision(cite: str, number: str = "") -> Document:
    docs = parse_documents(_lines(LETTER_THEN_DECISION.format(cite=cite, number=number)))
    assert [d.kind for d in docs] == ["Công văn", "Quyết định"]
    assert docs[1].date == "2024-03-05"  # from the signature stamp
    return docs[1]


def test_number_inferred_from_a_citation_of_kind_date_issuer_and_subject() -> None:
    decision = _decision(CITE_2024)
    assert decision.number == "118/QĐ-UBND"
    assert decision.number_inferred is not None
    assert decision.number_inferred.cited_by_number == "210/SNV-CCHC"
    assert decision.number_inferred.cited_by_document == 0
    assert decision.number_inferred.citation == CITE_2024
    assert decision.number_inferred.matched == ["kind", "date", "subject", "issuer"]


def test_a_readable_number_is_never_overwritten() -> None:
    decision = _decision(CITE_2024, number="Số: 117/QĐ-UBND\n")
    assert decision.number == "117/QĐ-UBND"
    assert decision.number_inferred is None


@pytest.mark.parametrize("cite", [
    CITE_2024.replace("ngày 05/3/2024", "ngày 06/3/2024"),  # another date
    CITE_2024.replace("Quyết định số 118/QĐ-UBND", "Kế hoạch số 118/KH-UBND"),  # another kind
    CITE_2024.replace("Quyết định số 118/QĐ-UBND", "Quyết định số 118/KH-UBND"),  # a plan's number
    CITE_2024.replace("Ủy ban nhân dân tỉnh Gia Lai", "Bộ Thông tin và Truyền thông"),  # another issuer
    CITE_2024.replace("chuyển đổi số", "cải cách hành chính"),  # another subject
    "Quyết định số 118/QĐ-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh Gia Lai",  # no subject
    CITE_2024 + "; " + CITE_2024.replace("118/", "119/"),  # two numbers for one document
])
def test_a_citation_that_does_not_name_the_document_gives_no_number(cite: str) -> None:
    decision = _decision(cite)
    assert decision.number is None
    assert decision.number_inferred is None


def test_blank_number_and_day_stay_none_and_do_not_split_the_header() -> None:
    # A scan whose number and day were written by hand: OCR reads the blanks.
    text = (
        "BỘ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG\nThành phố Hồ Chí Minh, ngày :... tháng 6 năm 2026\n"
        "Số:..../KH-ĐCT\nKẾ HOẠCH\nKhảo sát sự hài lòng của người học năm 2026\n"
        "Căn cứ Công văn số 2637/BGDĐT-VP ngày 15 tháng 5 năm 2026 của Bộ Giáo dục và Đào tạo;\n"
        "1. Thời gian\nHoàn thành báo cáo trước\nngày 15/7/2026.\n"
        "Nơi nhận:\n- Lưu: VT.\n"
    )
    docs = parse_documents(_lines(text))
    assert len(docs) == 1
    plan = docs[0]
    assert (plan.kind, plan.number, plan.date) == ("Kế hoạch", None, None)  # never a guess
    assert plan.place == "Thành phố Hồ Chí Minh"
    assert plan.issuer == "TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG"
    # Without a title, the blank number's type code still gives the kind.
    docs = parse_documents(_lines("UBND HUYỆN IA GRAI\nSố:      /QĐ-UBND\nIa Grai, ngày    tháng 01 năm 2020\n"
                                  "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;\n"))
    assert [(d.kind, d.number, d.date, d.place) for d in docs] == [("Quyết định", None, None, "Ia Grai")]


def test_attachment_stamp_of_an_office_system_is_not_a_number_line() -> None:
    # An electronic office system stamps each attachment with the number, date and
    # time of the document it belongs to; it is not this page's own header.
    text = "Số:666/TTr-SNV;22/12/2025;18:56:39;+07:00\nPhụ lục\nTỔNG HỢP Ý KIẾN GÓP Ý\n"
    assert [d.number for d in parse_documents(_lines(text))] == []


# Real PDFs ---------------------------------------------------------------------------


def _real(name: str) -> Path:
    path = REALDOCS / name
    if not path.exists():
        pytest.skip(f"{path} is not here (it lives in ../shared/realdocs next to the repo)")
    return path


def test_kh362_number_and_day_stamped_by_the_signing_system() -> None:
    # The typed text layer reads "Số: /KH-SGDĐT Đồng Tháp, ngày tháng 4 năm 2026":
    # "362" and "14" are drawn by two signature widgets placed in the blanks (as
    # every viewer shows, and as the appendices' "(Đính kèm Kế hoạch số 362
    # /KH-SGDĐT ngày 14 /4/2026 …)" repeat).
    result = normalize(extract_file(_real("dongthap_kh362_sgddt_stem_2026.pdf")))
    plan = result.documents[0]
    assert (plan.kind, plan.number, plan.date) == ("Kế hoạch", "362/KH-SGDĐT", "2026-04-14")
    assert plan.number_inferred is None  # read from the page, not inferred
    assert (plan.issuer, plan.place) == ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Đồng Tháp")
    assert plan.subject.startswith("Đón tiếp và làm việc với Đoàn kiểm tra của Bộ Giáo dục và Đào tạo")
    assert (plan.signer_title, plan.signer) == ("KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC", "Nguyễn Phương Toàn")
    assert plan.pages == [1, 2, 3, 4, 5]
    assert [(c.number, c.date) for c in plan.cites] == [("199/KH-BGDĐT", None), ("1849/BGDĐT-GDPT", None)]
    # Appendix II "CHƯƠNG TRÌNH LÀM VIỆC" is attached to the plan by its caption.
    programme = result.documents[1]
    assert programme.subject == "CHƯƠNG TRÌNH LÀM VIỆC"
    assert [(c.role, c.kind, c.number, c.date) for c in programme.cites] == [
        ("attached_to", "Kế hoạch", "362/KH-SGDĐT", "2026-04-14")]
    # The typed words around the stamped ones are unchanged.
    lines = [b.text for b in extract_file(_real("dongthap_kh362_sgddt_stem_2026.pdf")).lines]
    assert lines[2] == "Số: 362 /KH-SGDĐT Đồng Tháp, ngày 14 tháng 4 năm 2026"


def test_qd337_decision_identity() -> None:
    result = normalize(extract_file(_real("dongthap_qd337_sgddt_thanghang_2025.pdf")))
    decision = result.documents[0]
    # Printed "Số: 337/QĐ-SGDĐT" beside "Đồng Tháp, ngày 14 tháng 4 năm 2026" on one line.
    assert (decision.kind, decision.number, decision.date, decision.issuer, decision.place) == (
        "Quyết định", "337/QĐ-SGDĐT", "2026-04-14", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Đồng Tháp")
    assert decision.number_inferred is None
    assert decision.signer == "Lê Quang Trí"


def test_kh753_scan_handwritten_number_and_day_stay_null() -> None:
    # Page 1 of the scan, OCR'd with Tesseract "vie": "Số: ..../KH-ĐCT" and
    # "ngày ... tháng 6 năm 2026" with the number and day written by hand.
    from extract.scan import ocr_pages

    blocks = ocr_pages(_real("huit_kh753_khaosat_2026_scan.pdf"), "pdf", [1], jobs=1)[1]
    docs = parse_documents([b for b in blocks if isinstance(b, Line)])
    assert len(docs) == 1  # the blank number line does not split the header from the plan
    plan = docs[0]
    assert plan.kind == "Kế hoạch"
    assert plan.number is None and plan.number_inferred is None  # never a guess
    assert plan.date is None
    assert plan.issuer is not None and plan.issuer.startswith("TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG")
    assert plan.subject.startswith("Khảo sát, xác định chỉ số hài lòng của người dân")
    assert "2034/QĐ-BGDĐT" in [c.number for c in plan.cites]


def test_a_plan_title_in_capitals_then_small_letters_or_on_two_lines_is_the_title():
    from extract.model import Extraction, Line
    from test_totals import PLAN_HEADER, ocr_table

    def title(*lines):
        table = ocr_table(PLAN_HEADER, ["1", "Tuyên truyền pháp luật", "Sở Tư pháp", "Quý I/2026", "10"])
        blocks = [Line(text, page=1, origin="ocr") for text in lines] + [table]
        result = normalize(Extraction(path="scan.png", sha256="0" * 64, pages=1, method="ocr", blocks=blocks))
        return result.tables[0].title, result.tables[0].plan_year

    # A held-out plan (Cần Thơ): the head in capitals, its subject not.
    assert title("KẾ HOẠCH Phổ biến, giáo dục pháp luật năm 2026",
                 "(Kèm theo Quyết định số 85/QĐ-STP ngày 12/01/2026 của Giám đốc Sở Tư pháp)") == (
        "KẾ HOẠCH Phổ biến, giáo dục pháp luật năm 2026", 2026)
    # The head alone, its subject on the line below.
    assert title("KẾ HOẠCH", "Cải cách hành chính năm 2025", "(Kèm theo Quyết định số 12/QĐ-UBND)") == (
        "KẾ HOẠCH Cải cách hành chính năm 2025", 2025)
    assert title("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024") == ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024", 2024)
    # A held-out Lào Cai plan: a title in capitals wrapped over two lines lost its second.
    assert title("KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA VÙNG ĐỒNG",
                 "BÀO DÂN TỘC THIỂU SỐ VÀ MIỀN NÚI NĂM 2026",
                 "(Ban hành kèm theo Quyết định số 412/QĐ-UBND ngày 10/02/2026)") == (
        "KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA VÙNG ĐỒNG BÀO DÂN TỘC THIỂU SỐ VÀ MIỀN NÚI NĂM 2026", 2026)
    # ... but a line of small letters below is no part of it.
    assert title("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024", "Các nhiệm vụ trọng tâm như sau:") == (
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024", 2024)


def test_party_document_numbers_are_cited_whole_with_their_dates():
    # A held-out decision (Quảng Ngãi) cites a resolution of the Politburo: "57" and no date, before.
    [cite] = find_citations("Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị;")
    assert (cite.number, cite.date) == ("57-NQ/TW", "2024-12-22")
    [cite] = find_citations("Căn cứ Chỉ thị số 06-CTr/TU ngày 10/3/2025 của Ban Thường vụ Tỉnh ủy;")
    assert (cite.number, cite.date) == ("06-CTr/TU", "2025-03-10")
    # State numbers as before; a hyphen inside a date or a range is no number.
    [cite] = find_citations("Căn cứ Nghị định số 55/2025/NĐ-CP ngày 02 tháng 3 năm 2025")
    assert cite.number == "55/2025/NĐ-CP"
    assert [c.number for c in find_citations("Quyết định số 12 ngày 5-3-2024 của UBND tỉnh")] == ["12"]


def test_a_named_act_cited_with_its_number():
    # A held-out Nghệ An decision: "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày …" was not found.
    [cite] = find_citations("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;")
    assert (cite.kind, cite.number, cite.date) == ("Luật", "72/2025/QH15", "2025-06-16")
    assert cite.text == "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025"
    [cite] = find_citations("Căn cứ Bộ luật Lao động số 45/2019/QH14;")
    assert (cite.kind, cite.number, cite.date) == ("Bộ luật", "45/2019/QH14", None)
    # The name never runs over another cited document.
    cites = find_citations("theo Luật Ngân sách nhà nước và Nghị định số 163/2016/NĐ-CP ngày 21/12/2016;")
    assert [(c.kind, c.number) for c in cites] == [("Nghị định", "163/2016/NĐ-CP")]
    # Left as before: by its date alone, or by name at the start of a basis line.
    [cite] = find_citations("Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;")
    assert (cite.number, cite.date) == ("", "2025-02-19")
    [cite] = find_citations("Căn cứ Luật Ngân sách nhà nước;")
    assert (cite.kind, cite.number, cite.date) == ("Luật", "", None)


LETTER_PAGE = """\
ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 912/UBND-NC
V/v triển khai Kế hoạch năm 2026
Nghệ An, ngày 04 tháng 02 năm 2026
Kính gửi: Các sở, ban, ngành cấp tỉnh.
Ủy ban nhân dân tỉnh đề nghị các cơ quan triển khai thực hiện.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hoàng Nghĩa Phúc
Tài liệu lưu hành nội bộ
"""
DECISION_PAGE = """\
2
ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 268/QĐ-UBND
Nghệ An, ngày 26 tháng 01 năm 2026
QUYẾT ĐỊNH
Ban hành Kế hoạch năm 2026
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.
Tài liệu lưu hành nội bộ
"""


def test_a_documents_pages_leave_out_the_next_pages_number_and_running_lines():
    # A held-out bundle: the letter of page 1 was said to run over page 2, whose printed
    # page number "2" comes before the decision's header.
    docs = parse_documents(_lines(LETTER_PAGE, page=1) + _lines(DECISION_PAGE, page=2))
    assert [(d.number, d.pages) for d in docs] == [("912/UBND-NC", [1]), ("268/QĐ-UBND", [2])]
    # A letter that really goes on to page 2 keeps it.
    second = "2\nĐề nghị các cơ quan báo cáo kết quả trước ngày 15/12/2026.\nNơi nhận:\n- Như trên;\n"
    [letter] = parse_documents(_lines(LETTER_PAGE.split("Nơi nhận:")[0], page=1) + _lines(second, page=2))
    assert letter.pages == [1, 2]
